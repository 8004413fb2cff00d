/**
 * Exact expected revenues of continuous (not grid-rounded) auctions where
 * the models allow one, to compare Monte Carlo scores with and to measure
 * the grid bias (mechanism-notes §1, §3).
 */
import type { ValueModel } from './models.ts';

/**
 * Returns the revenue of a second-price auction with reserve q among n
 * i.i.d. U[0, 1] bidders: (n − 1)/(n + 1) − 2n·q^{n+1}/(n + 1) + qⁿ
 * (E[Σ φ(v_i) x_i] with φ(v) = 2v − 1 integrated over the winner's value).
 * At q = 1/2 it is Myerson's optimum (n − 1)/(n + 1) + 2^{−n}/(n + 1).
 */
export function uniformSecondPriceRevenue(n: number, reserve: number): number {
  const q = Math.min(1, Math.max(0, reserve));
  return (n - 1) / (n + 1) - (2 * n * q ** (n + 1)) / (n + 1) + q ** n;
}

/** Returns Myerson's optimal revenue for n i.i.d. U[0, 1] bidders, (n − 1)/(n + 1) + 2^{−n}/(n + 1). */
export function uniformMyersonRevenue(n: number): number {
  return (n - 1) / (n + 1) + 2 ** -n / (n + 1);
}

// Eight-point Gauss–Legendre rule on [−1, 1]: exact for polynomials of degree ≤ 15.
const nodes = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const weights = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/** Returns ∫_lo^hi f by the eight-point Gauss–Legendre rule. */
export function gaussLegendre(f: (x: number) => number, lo: number, hi: number): number {
  const half = (hi - lo) / 2;
  const middle = (hi + lo) / 2;
  let sum = 0;
  for (let k = 0; k < nodes.length; k++) {
    sum += weights[k] * (f(middle - half * nodes[k]) + f(middle + half * nodes[k]));
  }
  return sum * half;
}

/**
 * Returns the revenue of a second-price auction with reserve r in the
 * common-component model. Given c the values are i.i.d. U[s, s + a] with
 * s = ρc, a = 1 − ρ, so the revenue is s·P(sale) + a·R_U(q) with
 * q = (r − s)/a and R_U the uniform formula above; as a function of c it
 * is a polynomial of degree n + 1 ≤ 7 between the breakpoints c = (r − a)/ρ
 * and c = r/ρ, so Gauss–Legendre on each piece integrates it exactly.
 */
export function commonSecondPriceRevenue(rho: number, n: number, reserve: number): number {
  if (rho === 0) return uniformSecondPriceRevenue(n, reserve);
  const own = 1 - rho;
  const given = (c: number): number => {
    const s = rho * c;
    const q = (reserve - s) / own;
    if (q <= 0) return s + (own * (n - 1)) / (n + 1);
    if (q >= 1) return 0;
    return s * (1 - q ** n) + own * uniformSecondPriceRevenue(n, q);
  };
  const cuts = [0, (reserve - own) / rho, reserve / rho, 1].map((c) => Math.min(1, Math.max(0, c)));
  let total = 0;
  for (let k = 0; k + 1 < cuts.length; k++)
    if (cuts[k + 1] > cuts[k]) total += gaussLegendre(given, cuts[k], cuts[k + 1]);
  return total;
}

/**
 * Returns the exact revenue of a continuous second-price auction with
 * reserve r under `model`, or undefined where no closed form is known
 * (the copula with ρ > 0).
 */
export function secondPriceTheory(model: ValueModel, n: number, reserve: number): number | undefined {
  if (model.kind === 'common') return commonSecondPriceRevenue(model.rho, n, reserve);
  return model.rho === 0 ? uniformSecondPriceRevenue(n, reserve) : undefined;
}

/**
 * Returns E[max(0, maxᵢ φᵢ(vᵢ | v₋ᵢ))] where it is known: with ρ = 0 the
 * values are i.i.d. U[0, 1], φ(v) = 2v − 1, and the bound is Myerson's
 * optimum. Undefined otherwise.
 */
export function greedyBoundTheory(model: ValueModel, n: number): number | undefined {
  return model.rho === 0 ? uniformMyersonRevenue(n) : undefined;
}
