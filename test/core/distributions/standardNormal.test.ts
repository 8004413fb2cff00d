import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  millsRatio,
  standardNormalCdf,
  standardNormalDensity,
  standardNormalMass,
  standardNormalQuantile,
  standardNormalSurvival,
} from '../../../src/core/distributions/standardNormal.ts';
import { integrate } from './distributionLaws.ts';

/** Relative difference, tolerant of exact zeros. */
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('standard normal', () => {
  it('standardNormalCdf(z) equals the integral of the density to 1e-13, tails included', () => {
    for (const z of [-6, -3, -1.5, -0.5, 0, 0.3, 1, 2, 3.3]) {
      const exact = integrate(standardNormalDensity, -40, z, 200_000);
      expect(Math.abs(standardNormalCdf(z) - exact)).toBeLessThan(1e-13);
    }
  });

  it('keeps a relative precision of 1e-12 far in the lower tail', () => {
    // 0.5 · erfc(x/√2) in double precision (Python's math.erfc).
    const table: [number, number][] = [
      [-3.2, 6.871379379158485e-4],
      [-5, 2.866515718791946e-7],
      [-7.1, 6.23784446333164e-13],
      [-8, 6.220960574271819e-16],
      [-10, 7.619853024160593e-24],
      [-20, 2.7536241186063314e-89],
    ];
    for (const [z, exact] of table) expect(Math.abs(standardNormalCdf(z) / exact - 1)).toBeLessThan(1e-12);
  });

  it('is symmetric: Φ(z) + Φ(−z) = 1', () => {
    for (const z of [0.1, 0.7, 1.9, 4.2])
      expect(standardNormalCdf(z) + standardNormalCdf(-z)).toBeCloseTo(1, 15);
  });

  it('standardNormalMass(a, b) = Φ(b) − Φ(a) without cancellation in the upper tail', () => {
    expect(standardNormalMass(-1, 1)).toBeCloseTo(0.682689492137086, 14);
    expect(standardNormalMass(8, 10) / (6.220960574271819e-16 - 7.619853024160593e-24)).toBeCloseTo(1, 12);
    expect(standardNormalMass(1, 1)).toBe(0);
    expect(standardNormalMass(2, 1)).toBe(0);
  });

  it('standardNormalSurvival(x) keeps relative precision far into the upper tail (references from mpmath)', () => {
    expect(relative(standardNormalSurvival(3), 0.0013498980316300946)).toBeLessThan(1e-13);
    expect(relative(standardNormalSurvival(8), 6.220960574271784e-16)).toBeLessThan(1e-12);
    expect(relative(standardNormalSurvival(20), 2.7536241186062337e-89)).toBeLessThan(1e-12);
    expect(relative(standardNormalSurvival(-1), 0.8413447460685429)).toBeLessThan(1e-14);
  });

  it('millsRatio(x) = (1 − Φ(x))/φ(x) to 1e-12 relative from −5 to 1000, without underflow (references from mpmath)', () => {
    const references: [number, number][] = [
      [-5, 672621.6367228793],
      [-1, 3.4770518117036944],
      [0, 1.2533141373155003],
      [1, 0.6556795424187986],
      [5, 0.19280810471531576],
      [10, 0.09902859647173191],
      [30, 0.03329641907249721],
      [40, 0.02498440420572057],
      [100, 0.009999000299850106],
      [1000, 9.999990000029999e-4],
    ];
    for (const [x, value] of references) expect(relative(millsRatio(x), value)).toBeLessThan(1e-12);
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

  it('standardNormalQuantile inverts Φ to 1e-12 relative, in both tails down to 1e-250', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-250, max: 1, noNaN: true, maxExcluded: true }), (p) => {
        const x = standardNormalQuantile(p);
        const back = x <= 0 ? standardNormalCdf(x) : 1 - standardNormalSurvival(x);
        expect(relative(back, p)).toBeLessThan(1e-12);
      }),
      { numRuns: 500 },
    );
    expect(standardNormalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(standardNormalQuantile(0.5)).toBe(0);
  });

  it('standardNormalQuantile maps 0 and 1 to ∓Infinity and anything outside [0, 1] to NaN', () => {
    expect(standardNormalQuantile(0)).toBe(-Infinity);
    expect(standardNormalQuantile(1)).toBe(Infinity);
    expect(standardNormalQuantile(-0.1)).toBeNaN();
    expect(standardNormalQuantile(Number.NaN)).toBeNaN();
  });
});
