import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { standardNormalCdf } from '../../../../src/core/distributions/standardNormal.ts';
import {
  millsRatio,
  normalQuantile,
  normalSurvival,
} from '../../../../src/core/problems/correlated-revenue/gaussian.ts';

/** Relative difference, tolerant of exact zeros. */
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('gaussian helpers', () => {
  it('normalSurvival(x) keeps relative precision far into the upper tail (references from mpmath)', () => {
    expect(relative(normalSurvival(3), 0.0013498980316300946)).toBeLessThan(1e-13);
    // Beyond 7.07 standardNormal.ts uses a five-term continued fraction: about 1e-8 relative.
    expect(relative(normalSurvival(8), 6.220960574271784e-16)).toBeLessThan(1e-7);
    expect(relative(normalSurvival(20), 2.7536241186062337e-89)).toBeLessThan(1e-7);
    expect(relative(normalSurvival(-1), 0.8413447460685429)).toBeLessThan(1e-14);
  });

  it('millsRatio(x) = (1 − Φ(x))/φ(x) from −5 to 100, without underflow (references from mpmath)', () => {
    const references: [number, number][] = [
      [-5, 672621.6367228793],
      [-1, 3.4770518117036944],
      [0, 1.2533141373155003],
      [1, 0.6556795424187986],
      [5, 0.19280810471531576],
      [10, 0.09902859637199932],
      [30, 0.03329641907249721],
      [40, 0.02498440420572057],
      [100, 0.009999000299850106],
    ];
    for (const [x, value] of references) expect(relative(millsRatio(x), value)).toBeLessThan(1e-8);
  });

  it('millsRatio is decreasing and lies between x/(x² + 1) and 1/x for x > 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 200, noNaN: true }), (x) => {
        const m = millsRatio(x);
        expect(m).toBeLessThanOrEqual(1 / x + 1e-15);
        expect(m).toBeGreaterThanOrEqual(x / (x * x + 1) - 1e-15);
        expect(millsRatio(x * 1.01)).toBeLessThan(m);
      }),
      { numRuns: 200 },
    );
  });

  it('normalQuantile inverts Φ to 1e-12 relative, in both tails down to 1e-250', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-250, max: 1, noNaN: true, maxExcluded: true }), (p) => {
        const x = normalQuantile(p);
        const back = x <= 0 ? standardNormalCdf(x) : 1 - normalSurvival(x);
        expect(relative(back, p)).toBeLessThan(1e-12);
      }),
      { numRuns: 500 },
    );
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('normalQuantile maps 0 and 1 to ∓Infinity and anything outside [0, 1] to NaN', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
