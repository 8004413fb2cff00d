/** Checks every Distribution must pass, shared by the tests of each law. */
import { expect } from 'vitest';
import type { Distribution } from '../../../src/core/distributions/distribution.ts';
import { rngStream } from '../../../src/core/rng.ts';

/** Returns ∫_a^b f by Simpson's rule on `steps` (even) intervals. */
export function integrate(f: (x: number) => number, a: number, b: number, steps = 2000): number {
  const h = (b - a) / steps;
  let sum = f(a) + f(b);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/**
 * Asserts the laws of `dist`: cdf non-decreasing from 0 to 1 on [low, high],
 * quantile inverts cdf, the density integrates to cdf differences below
 * the cap, the mass at the cap is `massAboveCap`, and 40,000 seeded samples
 * lie in [low, high] with an empirical cdf within 0.012 of cdf (the
 * Kolmogorov–Smirnov bound at the 0.1 % level is 0.0098).
 */
export function expectDistributionLaws(dist: Distribution): void {
  const { low, high } = dist;
  expect(dist.cdf(low - 1)).toBe(0);
  expect(dist.cdf(high)).toBe(1);
  let previous = 0;
  for (let k = 0; k <= 400; k++) {
    const x = low + ((high - low) * k) / 400;
    const F = dist.cdf(x);
    expect(F).toBeGreaterThanOrEqual(previous);
    previous = F;
  }
  for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.97]) {
    if (q < 1 - dist.massAboveCap) expect(dist.cdf(dist.quantile(q))).toBeCloseTo(q, 9);
  }
  const a = dist.quantile(0.05);
  const b = dist.quantile(Math.min(0.95, 1 - dist.massAboveCap - 1e-9));
  expect(integrate(dist.density, a, b)).toBeCloseTo(dist.cdf(b) - dist.cdf(a), 6);
  expect(1 - dist.cdf(high - 1e-9 * (high - low))).toBeCloseTo(dist.massAboveCap, 6);

  const rng = rngStream(7, `laws:${dist.spec}`);
  const count = 40_000;
  const draws = Float64Array.from({ length: count }, () => dist.sample(rng)).sort();
  expect(draws[0]).toBeGreaterThanOrEqual(low);
  expect(draws[count - 1]).toBeLessThanOrEqual(high);
  let worst = 0;
  for (let k = 0; k < count; k += 97) {
    const x = draws[k];
    let below = k;
    while (below + 1 < count && draws[below + 1] === x) below++;
    worst = Math.max(worst, Math.abs((below + 1) / count - dist.cdf(x)));
  }
  expect(worst).toBeLessThan(0.012);
}
