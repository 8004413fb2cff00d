/**
 * What the Gaussian copula needs beyond distributions/standardNormal.ts: the
 * upper tail, the Mills ratio and the quantile Φ⁻¹, all accurate in the
 * tails (mechanism-notes §3). Generic; another problem may move it next to
 * standardNormal.ts.
 */
import { standardNormalCdf, standardNormalDensity } from '../../distributions/standardNormal.ts';

/** Returns 1 − Φ(x) = P(Z > x), with full relative precision in the upper tail. */
export function normalSurvival(x: number): number {
  return standardNormalCdf(-x);
}

/**
 * Returns the Mills ratio (1 − Φ(x))/φ(x), to about 1e-8 relative beyond
 * x = 7 (as accurate as standardNormal.ts's tail) and better below. Beyond
 * x = 37, where the tail underflows, it uses the asymptotic series
 * 1/x − 1/x³ + 3/x⁵ (relative error below 1e-8 there). For very negative x it grows like
 * √(2π)·exp(x²/2) and may overflow to Infinity, which callers read as
 * "no mass above".
 */
export function millsRatio(x: number): number {
  if (x > 37) {
    const r = 1 / (x * x);
    return (1 - r + 3 * r * r) / x;
  }
  return normalSurvival(x) / standardNormalDensity(x);
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
 * so that Φ(Φ⁻¹(p)) = p to about 1e-15 relative (Φ as computed by
 * standardNormal.ts, whose relative error beyond |x| = 7 is about 1e-8).
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const x = acklam(p);
  if (Math.abs(x) > 37) return x; // Φ underflows there: nothing to refine against
  const error = x <= 0 ? standardNormalCdf(x) - p : 1 - p - normalSurvival(x);
  const u = error / standardNormalDensity(x);
  return x - u / (1 + (x * u) / 2);
}
