/**
 * The standard normal: density, distribution function, tail, Mills ratio
 * and quantile, to double precision and accurate in both tails (the
 * Gaussian copula of mechanism-notes §3 evaluates them far out).
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Returns the standard normal density at `z`. */
export function standardNormalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_2PI;
}

/** Where the tail switches from Hart's rational function to the continued fraction. */
const CONTINUED_FRACTION_FROM = 3;
/**
 * Terms of the continued fraction at x are ⌈CONTINUED_FRACTION_SCALE / x⌉,
 * at least CONTINUED_FRACTION_MIN_TERMS: relative error below 1e-13 for
 * x ≥ 3 (measured against mpmath). (The minimum only acts beyond x = 43, where φ has underflowed, so
 * it matters for the Mills ratio alone.)
 */
const CONTINUED_FRACTION_SCALE = 130;
const CONTINUED_FRACTION_MIN_TERMS = 4;

/**
 * Returns Laplace's continued fraction x + 1/(x + 2/(x + 3/…)) for x ≥ 3,
 * the reciprocal of the Mills ratio, with fewer terms the farther out.
 */
function laplaceFraction(x: number): number {
  let f = x;
  const terms = Math.max(CONTINUED_FRACTION_MIN_TERMS, Math.ceil(CONTINUED_FRACTION_SCALE / x));
  for (let k = terms; k >= 1; k--) f = x + k / f;
  return f;
}

/**
 * Returns Φ(z), the standard normal distribution function. For |z| < 3 it
 * uses Hart's algorithm 5666 as given by West (2005, "Better approximations
 * to cumulative normal functions"), absolute error below 1e-14; beyond, the
 * tail φ(x)/(x + 1/(x + 2/(x + 3/…))) (Laplace's continued fraction for
 * Mills' ratio), so the lower tail keeps a relative precision of about
 * 1e-13 down to underflow.
 */
export function standardNormalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const x = Math.abs(z);
  let tail: number;
  if (x < CONTINUED_FRACTION_FROM) {
    const e = Math.exp(-0.5 * x * x);
    let num = 3.52624965998911e-2 * x + 0.700383064443688;
    num = num * x + 6.37396220353165;
    num = num * x + 33.912866078383;
    num = num * x + 112.079291497871;
    num = num * x + 221.213596169931;
    num = num * x + 220.206867912376;
    let den = 8.83883476483184e-2 * x + 1.75566716318264;
    den = den * x + 16.064177579207;
    den = den * x + 86.7807322029461;
    den = den * x + 296.564248779674;
    den = den * x + 637.333633378831;
    den = den * x + 793.826512519948;
    den = den * x + 440.413735824752;
    tail = (e * num) / den;
  } else {
    tail = standardNormalDensity(x) / laplaceFraction(x);
  }
  return z > 0 ? 1 - tail : tail;
}

/** Returns 1 − Φ(x) = P(Z > x), with full relative precision in the upper tail. */
export function standardNormalSurvival(x: number): number {
  return standardNormalCdf(-x);
}

/** Returns P(a < Z < b) for a standard normal Z, without cancellation in either tail. */
export function standardNormalMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  if (a >= 0) return standardNormalCdf(-a) - standardNormalCdf(-b);
  if (b <= 0) return standardNormalCdf(b) - standardNormalCdf(a);
  return 1 - standardNormalCdf(a) - standardNormalCdf(-b);
}

/**
 * Returns the Mills ratio (1 − Φ(x))/φ(x). From x = 3 on it is the
 * reciprocal of Laplace's continued fraction (relative error below 1e-13),
 * which needs no density, so it does not underflow however large x is.
 * For very negative x it grows like √(2π)·exp(x²/2) and may overflow to
 * Infinity, which callers read as "no mass above".
 */
export function millsRatio(x: number): number {
  if (x >= CONTINUED_FRACTION_FROM) return 1 / laplaceFraction(x);
  return standardNormalSurvival(x) / standardNormalDensity(x);
}

// Acklam's rational approximation of the quantile (relative error 1.15e-9),
// refined below by one Halley step to double precision.
const a = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const b = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const c = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function acklam(p: number): number {
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Returns Φ⁻¹(p): −Infinity at 0, Infinity at 1, NaN outside [0, 1].
 * Acklam's approximation plus one Halley step computed on the smaller tail,
 * so that Φ(Φ⁻¹(p)) = p to about 1e-15 relative.
 */
export function standardNormalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const x = acklam(p);
  if (Math.abs(x) > 37) return x; // Φ underflows there: nothing to refine against
  const error = x <= 0 ? standardNormalCdf(x) - p : 1 - p - standardNormalSurvival(x);
  const u = error / standardNormalDensity(x);
  return x - u / (1 + (x * u) / 2);
}
