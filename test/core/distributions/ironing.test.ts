import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bimodal } from '../../../src/core/distributions/bimodal.ts';
import type { Distribution } from '../../../src/core/distributions/distribution.ts';
import { exponential } from '../../../src/core/distributions/exponential.ts';
import { ironedVirtualValues } from '../../../src/core/distributions/ironing.ts';
import { uniform } from '../../../src/core/distributions/uniform.ts';
import { virtualValue } from '../../../src/core/distributions/virtualValue.ts';
import { integrate } from './distributionLaws.ts';

function points(top: number, steps: number): Float64Array {
  return Float64Array.from({ length: steps + 1 }, (_, k) => (k * top) / steps);
}

/** Returns the maximal runs [start, end] of indices where the table differs from φ by more than `tolerance`. */
function ironedRuns(
  dist: Distribution,
  xs: Float64Array,
  ironed: Float64Array,
  tolerance: number,
): [number, number][] {
  const runs: [number, number][] = [];
  for (let k = 0; k < xs.length; k++) {
    if (Math.abs(ironed[k] - virtualValue(dist, xs[k])) <= tolerance) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === k - 1) last[1] = k;
    else runs.push([k, k]);
  }
  return runs;
}

describe('ironedVirtualValues(dist, xs)', () => {
  it('equals φ = 2v − 1 on U[0, 1] (already monotone)', () => {
    const xs = points(1, 200);
    const ironed = ironedVirtualValues(uniform(0, 1), xs);
    for (let k = 0; k < xs.length; k++) expect(ironed[k]).toBeCloseTo(2 * xs[k] - 1, 12);
  });

  it('equals φ for other regular laws: exponential below and at its cap, U[a, b], a unimodal truncated normal', () => {
    const laws = [
      exponential(1.5),
      uniform(0.5, 2),
      bimodal({ lower: { mean: 0.5, sd: 0.2 }, upper: { mean: 0.5, sd: 0.2 }, weight: 0.5 }),
    ];
    for (const dist of laws) {
      const xs = points(dist.high, 300);
      const ironed = ironedVirtualValues(dist, xs);
      for (let k = 0; k < xs.length; k++) {
        const phi = virtualValue(dist, xs[k]);
        if (phi === Number.NEGATIVE_INFINITY) expect(ironed[k]).toBe(phi);
        else expect(ironed[k]).toBeCloseTo(phi, 9);
      }
    }
  });

  it('is non-decreasing for the bimodal law, whose φ is not', () => {
    const dist = bimodal();
    const xs = points(1, 1000);
    const ironed = ironedVirtualValues(dist, xs);
    let phiFalls = false;
    for (let k = 1; k < xs.length; k++) {
      expect(ironed[k]).toBeGreaterThanOrEqual(ironed[k - 1]);
      if (virtualValue(dist, xs[k]) < virtualValue(dist, xs[k - 1]) - 1e-9) phiFalls = true;
    }
    expect(phiFalls).toBe(true);
  });

  it('irons the bimodal law on one interval, where it is the mean of φ weighted by the density', () => {
    const dist = bimodal();
    const xs = points(1, 2000);
    const ironed = ironedVirtualValues(dist, xs);
    const runs = ironedRuns(dist, xs, ironed, 1e-9);
    expect(runs).toHaveLength(1);
    const [start, end] = runs[0];
    // The ironed interval straddles the gap between the modes, at a positive level.
    expect(xs[start]).toBeLessThan(0.45);
    expect(xs[end]).toBeGreaterThan(0.75);
    for (let k = start; k <= end; k++) expect(ironed[k]).toBe(ironed[start]);
    expect(ironed[start]).toBeGreaterThan(0);
    // Widen to the interval's true ends (between grid points) and average φ·f.
    const a = (xs[start - 1] + xs[start]) / 2;
    const b = (xs[end] + xs[end + 1]) / 2;
    const mean =
      integrate((x) => virtualValue(dist, x) * dist.density(x), a, b, 20_000) / (dist.cdf(b) - dist.cdf(a));
    expect(mean).toBeCloseTo(ironed[start], 3);
  });

  it('for any bimodal law: non-decreasing, and its revenue curve majorises the true one with equal ends', () => {
    // With R̄ the concave hull of R in quantile space, ∫_x^H φ̄ dF = R̄(q(x)) ≥ R(q(x)) = ∫_x^H φ dF,
    // with equality at x = 0. φ·f = x·f − (1 − F) stays bounded where f vanishes.
    const mode = fc.record({
      mean: fc.double({ min: 0, max: 1, noNaN: true }),
      sd: fc.double({ min: 0.03, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(mode, mode, fc.double({ min: 0.02, max: 0.98, noNaN: true }), (lower, upper, weight) => {
        const dist = bimodal({ lower, upper, weight });
        const xs = points(1, 1000);
        const ironed = ironedVirtualValues(dist, xs);
        const h = xs[1];
        let ironedTail = 0;
        let tail = 0;
        let worstFall = 0;
        let worstShortfall = 0;
        for (let k = xs.length - 1; k > 0; k--) {
          worstFall = Math.max(worstFall, ironed[k - 1] - ironed[k]);
          const x = (xs[k] + xs[k - 1]) / 2;
          ironedTail += (h * (dist.density(xs[k]) * ironed[k] + dist.density(xs[k - 1]) * ironed[k - 1])) / 2;
          tail += h * (x * dist.density(x) - (1 - dist.cdf(x)));
          worstShortfall = Math.max(worstShortfall, tail - ironedTail);
        }
        expect(worstFall).toBe(0);
        expect(worstShortfall).toBeLessThan(2e-3);
        expect(ironedTail).toBeCloseTo(tail, 2);
      }),
      { numRuns: 30 },
    );
  });
});
