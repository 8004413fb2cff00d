/** The uniform distribution U[low, high] (mechanism-notes §1). */
import type { Rng } from '../rng.ts';
import type { Distribution } from './distribution.ts';

/**
 * Returns U[low, high] for 0 ≤ low < high < ∞. Throws a RangeError that says
 * which bound is wrong.
 */
export function uniform(low: number, high: number): Distribution {
  if (!Number.isFinite(low) || low < 0) throw new RangeError(`the low end must be a number ≥ 0, got ${low}`);
  if (!Number.isFinite(high) || !(high > low)) {
    throw new RangeError(`the high end must be a number above the low end ${low}, got ${high}`);
  }
  const width = high - low;
  return {
    spec: `uniform:${low}:${high}`,
    label: `U[${low}, ${high}]`,
    low,
    high,
    massAboveCap: 0,
    sample: (rng: Rng) => low + width * rng(),
    density: (x: number) => (x >= low && x <= high ? 1 / width : 0),
    cdf: (x: number) => (x <= low ? 0 : x >= high ? 1 : (x - low) / width),
    quantile: (q: number) => (q <= 0 ? low : q >= 1 ? high : low + width * q),
  };
}
