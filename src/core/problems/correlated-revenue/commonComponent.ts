/**
 * The common-component model v_i = (1 − ρ)·u_i + ρ·c, with u_i and c
 * independent U[0, 1] (mechanism-notes §3): sampling, the marginal, and the
 * conditional law of one value given the others.
 */
import type { ProfileSampler } from '../../samples.ts';
import { uniformSum, uniformSumVirtualValue, type UniformSum } from '../../distributions/uniformSum.ts';

/** Returns a sampler of profiles of `n` values: c first, then u_1 … u_n. */
export function commonComponentSampler(rho: number, n: number): ProfileSampler {
  const own = 1 - rho;
  return (rng, out, offset) => {
    const common = rho * rng();
    for (let i = 0; i < n; i++) out[offset + i] = own * rng() + common;
  };
}

/** Returns the marginal law of one value: U[0, 1 − ρ] + U[0, ρ], a trapezoid. */
export function commonComponentMarginal(rho: number): UniformSum {
  return uniformSum(1 - rho, rho);
}

/**
 * Returns the posterior interval [L, U] of the common component c given the
 * values of every bidder but `i`. Each v_j pins c to
 * [(v_j − (1 − ρ))/ρ, v_j/ρ] with a flat likelihood 1/(1 − ρ), so with a
 * uniform prior the posterior of c is uniform on the intersection of these
 * intervals with [0, 1]. If rounding makes the interval empty, returns its
 * midpoint twice.
 */
export function commonPosterior(rho: number, values: ArrayLike<number>, i: number): [number, number] {
  let low = 0;
  let high = 1;
  for (let j = 0; j < values.length; j++) {
    if (j === i) continue;
    low = Math.max(low, (values[j] - (1 - rho)) / rho);
    high = Math.min(high, values[j] / rho);
  }
  if (low > high) {
    const middle = (low + high) / 2;
    return [middle, middle];
  }
  return [low, high];
}

/**
 * Returns the law of v_i given v_{−i}: integrating the flat posterior of c
 * over [L, U] gives v_i = (1 − ρ)·u_i + ρ·c with c ~ U[L, U], the trapezoid
 * ρL + U[0, 1 − ρ] + U[0, ρ(U − L)]. The integral over the posterior is thus
 * exact (no quadrature needed); tests check it against rejection sampling.
 * At ρ = 0 the values are independent and this is U[0, 1].
 */
export function commonConditional(rho: number, values: ArrayLike<number>, i: number): UniformSum {
  if (rho === 0) return uniformSum(1, 0);
  const [low, high] = commonPosterior(rho, values, i);
  return uniformSum(1 - rho, rho * (high - low), rho * low);
}

/** Returns the conditional virtual value φ_i(v_i | v_{−i}) of the common-component model. */
export function commonConditionalVirtualValue(rho: number, values: ArrayLike<number>, i: number): number {
  if (rho === 0) return uniformSumVirtualValue(1, 0, 0, values[i]);
  const [low, high] = commonPosterior(rho, values, i);
  return uniformSumVirtualValue(1 - rho, rho * (high - low), rho * low, values[i]);
}
