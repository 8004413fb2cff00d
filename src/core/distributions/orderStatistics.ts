/**
 * Expected order statistics of n i.i.d. values, computed numerically for any
 * distribution (mechanism-notes §2: "for a non-uniform distribution use E of
 * order statistics computed numerically").
 */
import type { Distribution } from './distribution.ts';

/** Simpson intervals on [low, high]; the integrands are smooth, so the error is far below Monte Carlo noise. */
const INTERVALS = 4096;

/**
 * Returns E[b_[k]] for k = 1…n (index k − 1), the k-th highest of `n` draws
 * of `dist` as sampled (mass above the cap folded onto `high`):
 * E[b_[k]] = low + ∫_low^high P(b_[k] > t) dt, where P(b_[k] > t) is the
 * chance that at least k of n draws exceed t, a binomial tail in 1 − F(t).
 */
export function expectedOrderStatistics(dist: Distribution, n: number): Float64Array {
  const { low, high } = dist;
  const width = (high - low) / INTERVALS;
  const sums = new Float64Array(n);
  const atLeast = new Float64Array(n + 2);
  const choose = binomialRow(n);
  for (let step = 0; step <= INTERVALS; step++) {
    const t = low + step * width;
    const above = step === INTERVALS ? 0 : 1 - dist.cdf(t);
    // atLeast[k] = Σ_{j ≥ k} C(n, j) S^j (1 − S)^{n − j}
    atLeast[n + 1] = 0;
    for (let j = n; j >= 1; j--)
      atLeast[j] = atLeast[j + 1] + choose[j] * above ** j * (1 - above) ** (n - j);
    const weight = step === 0 || step === INTERVALS ? 1 : step % 2 === 1 ? 4 : 2;
    for (let k = 1; k <= n; k++) sums[k - 1] += weight * atLeast[k];
  }
  return sums.map((sum) => low + (sum * width) / 3);
}

/** Returns C(n, 0) … C(n, n). */
export function binomialRow(n: number): Float64Array {
  const row = new Float64Array(n + 1);
  row[0] = 1;
  for (let k = 1; k <= n; k++) row[k] = (row[k - 1] * (n - k + 1)) / k;
  return row;
}
