/** Myerson's virtual value φ(x) = x − (1 − F(x)) / f(x) (mechanism-notes §1). */
import type { Distribution } from './distribution.ts';

/**
 * Returns φ(x) = x − (1 − F(x))/f(x) for `dist`. Where no mass lies above x
 * (at or above the top of the support, or at the cap of a capped law) it
 * returns x, the value of the top type; where the density is 0 with mass
 * above (below the support) it returns −∞.
 */
export function virtualValue(dist: Distribution, x: number): number {
  const survival = 1 - dist.cdf(x);
  if (!(survival > 0)) return x;
  const f = dist.density(x);
  return f > 0 ? x - survival / f : Number.NEGATIVE_INFINITY;
}
