/**
 * The law of offset + a·U + b·V with U, V independent U[0, 1]: a trapezoid
 * (a triangle when a = b, a uniform when one width is 0). The
 * common-component model of correlated-revenue uses it as the marginal and,
 * shifted, as the conditional law given the other bidders (mechanism-notes §3).
 */
import type { Rng } from '../rng.ts';
import type { Distribution } from './distribution.ts';

/** A trapezoidal law with its survival function and virtual value in closed form. */
export interface UniformSum extends Distribution {
  /** Returns P(X > x), accurate near the top of the support. */
  survival(x: number): number;
  /** Returns x − (1 − F(x))/f(x): −Infinity below the support, x above it. */
  virtualValue(x: number): number;
}

/** Widths below this fraction of the larger one count as 0 (a plain uniform). */
const degenerate = 1e-12;

/** Returns the law of `offset + a·U + b·V` for widths a, b ≥ 0, not both 0. */
export function uniformSum(a: number, b: number, offset = 0): UniformSum {
  if (!(a >= 0 && b >= 0 && a + b > 0) || !Number.isFinite(a + b + offset)) {
    throw new RangeError(`uniformSum needs finite widths ≥ 0, not both 0; got ${a}, ${b}, ${offset}`);
  }
  const long = Math.max(a, b);
  const short = Math.min(a, b) <= degenerate * long ? 0 : Math.min(a, b);
  const area = 2 * long * short; // 2ab: the triangles' densities are x/(ab)
  const top = short + long;

  const density = (x: number): number => {
    const y = x - offset;
    if (y < 0 || y > top) return 0;
    if (y < short) return y / (long * short);
    if (y <= long) return 1 / long;
    return (top - y) / (long * short);
  };
  const survival = (x: number): number => {
    const y = x - offset;
    if (y <= 0) return 1;
    if (y >= top) return 0;
    if (y < short) return 1 - (y * y) / area;
    if (y <= long) return (long - y + short / 2) / long;
    return ((top - y) * (top - y)) / area;
  };
  const quantile = (q: number): number => {
    if (!(q >= 0 && q <= 1)) return Number.NaN;
    const corner = short / (2 * long);
    if (q <= corner) return offset + Math.sqrt(area * q);
    if (q <= 1 - corner) return offset + short / 2 + long * q;
    return offset + top - Math.sqrt(area * (1 - q));
  };

  const label =
    short === 0
      ? `U[${round(offset)}, ${round(offset + long)}]`
      : `${round(offset)} + U[0, ${round(a)}] + U[0, ${round(b)}]`;
  return {
    spec: short === 0 ? `uniform:${offset}:${offset + long}` : `uniform-sum:${a}:${b}:${offset}`,
    label,
    low: offset,
    high: offset + top,
    massAboveCap: 0,
    sample: (rng: Rng) => offset + a * rng() + b * rng(),
    density,
    cdf: (x: number) => 1 - survival(x),
    quantile,
    survival,
    virtualValue: (x: number) => uniformSumVirtualValue(a, b, offset, x),
  };
}

/**
 * Returns the virtual value x − (1 − F(x))/f(x) of offset + a·U + b·V
 * without building the law (the greedy bound calls it n² times per
 * profile): −Infinity below the support, x at or above its top. On each
 * piece (1 − F)/f simplifies, so the top end loses no precision.
 */
export function uniformSumVirtualValue(a: number, b: number, offset: number, x: number): number {
  const long = Math.max(a, b);
  const short = Math.min(a, b) <= degenerate * long ? 0 : Math.min(a, b);
  const top = short + long;
  const y = x - offset;
  if (y <= 0) return y < 0 || short > 0 ? -Infinity : x - long;
  if (y >= top) return x;
  if (y < short) return x - (long * short) / y + y / 2;
  if (y <= long) return x - (long - y + short / 2);
  return x - (top - y) / 2;
}

function round(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
