/** The exponential distribution, capped at a high quantile (mechanism-notes §1). */
import type { Rng } from '../rng.ts';
import type { Distribution } from './distribution.ts';

/**
 * Returns the exponential law with rate `rate` whose values above the
 * `capQuantile` quantile are folded onto that quantile, the cap `high`
 * (so `massAboveCap` = 1 − capQuantile sits as an atom at `high`). Below the
 * cap density and cdf are the exponential's, so the virtual value is
 * x − 1/rate there. Throws a RangeError that says which argument is wrong.
 */
export function exponential(rate: number, capQuantile = 0.99): Distribution {
  if (!Number.isFinite(rate) || !(rate > 0))
    throw new RangeError(`the rate must be a number > 0, got ${rate}`);
  if (!(capQuantile > 0 && capQuantile < 1)) {
    throw new RangeError(`the cap quantile must be a number strictly between 0 and 1, got ${capQuantile}`);
  }
  const high = -Math.log1p(-capQuantile) / rate;
  const quantile = (q: number) => (q <= 0 ? 0 : q >= capQuantile ? high : -Math.log1p(-q) / rate);
  return {
    spec: `exponential:${rate}:${capQuantile}`,
    label: `Exp(rate ${rate}), capped at ${Number(high.toPrecision(4))}`,
    low: 0,
    high,
    massAboveCap: 1 - capQuantile,
    sample: (rng: Rng) => quantile(rng()),
    density: (x: number) => (x >= 0 && x <= high ? rate * Math.exp(-rate * x) : 0),
    cdf: (x: number) => (x < 0 ? 0 : x >= high ? 1 : -Math.expm1(-rate * x)),
    quantile,
  };
}
