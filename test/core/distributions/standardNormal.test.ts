import { describe, expect, it } from 'vitest';
import {
  standardNormalCdf,
  standardNormalDensity,
  standardNormalMass,
} from '../../../src/core/distributions/standardNormal.ts';
import { integrate } from './distributionLaws.ts';

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
});
