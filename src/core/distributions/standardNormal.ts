/** The standard normal density and distribution function, to double precision. */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Returns the standard normal density at `z`. */
export function standardNormalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_2PI;
}

/** Where the tail switches from Hart's rational function to the continued fraction. */
const CONTINUED_FRACTION_FROM = 3;
/** Terms of the continued fraction at x are ⌈CONTINUED_FRACTION_SCALE / x⌉: relative error below 3e-14 for x ≥ 3. */
const CONTINUED_FRACTION_SCALE = 130;

/**
 * Returns Φ(z), the standard normal distribution function. For |z| < 3 it
 * uses Hart's algorithm 5666 as given by West (2005, "Better approximations
 * to cumulative normal functions"), absolute error below 1e-14; beyond, the
 * tail φ(x)/(x + 1/(x + 2/(x + 3/…))) (Laplace's continued fraction for
 * Mills' ratio), with fewer terms the farther out, so the lower tail keeps
 * a relative precision of about 1e-13 down to underflow.
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
    let f = x;
    for (let k = Math.ceil(CONTINUED_FRACTION_SCALE / x); k >= 1; k--) f = x + k / f;
    tail = standardNormalDensity(x) / f;
  }
  return z > 0 ? 1 - tail : tail;
}

/** Returns P(a < Z < b) for a standard normal Z, without cancellation in either tail. */
export function standardNormalMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  if (a >= 0) return standardNormalCdf(-a) - standardNormalCdf(-b);
  if (b <= 0) return standardNormalCdf(b) - standardNormalCdf(a);
  return 1 - standardNormalCdf(a) - standardNormalCdf(-b);
}
