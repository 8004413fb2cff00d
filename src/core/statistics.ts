/** Monte Carlo summaries: the mean of per-sample values and its standard error. */

export interface Estimate {
  readonly mean: number;
  readonly standardError: number;
}

/**
 * Returns the mean of `values[0..count)` and its standard error
 * (sample standard deviation / √count), by Welford's update so that large
 * sample sets of nearly equal values lose no precision.
 */
export function estimateMean(values: ArrayLike<number>, count = values.length): Estimate {
  if (count === 0) return { mean: Number.NaN, standardError: Number.NaN };
  let mean = 0;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const delta = values[i] - mean;
    mean += delta / (i + 1);
    squares += delta * (values[i] - mean);
  }
  const variance = count > 1 ? squares / (count - 1) : 0;
  return { mean, standardError: Math.sqrt(variance / count) };
}

/**
 * Returns the ratio of two means E[a]/E[b] over paired samples and its
 * standard error by the delta method: Var(ā/b̄) ≈ Var(a − r·b) / (count·b̄²).
 */
export function estimateRatio(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  count = numerators.length,
): Estimate {
  const a = estimateMean(numerators, count).mean;
  const b = estimateMean(denominators, count).mean;
  const ratio = a / b;
  const residuals = new Float64Array(count);
  for (let i = 0; i < count; i++) residuals[i] = numerators[i] - ratio * denominators[i];
  const { standardError } = estimateMean(residuals, count);
  return { mean: ratio, standardError: standardError / Math.abs(b) };
}
