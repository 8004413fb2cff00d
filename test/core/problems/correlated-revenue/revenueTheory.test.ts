import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rngStream } from '../../../../src/core/rng.ts';
import { commonComponentSampler } from '../../../../src/core/problems/correlated-revenue/commonComponent.ts';
import {
  commonSecondPriceRevenue,
  gaussLegendre,
  uniformMyersonRevenue,
  uniformSecondPriceRevenue,
} from '../../../../src/core/problems/correlated-revenue/revenueTheory.ts';
import { estimateMean } from '../../../../src/core/statistics.ts';

describe('revenue theory', () => {
  it("uniformSecondPriceRevenue gives (n − 1)/(n + 1) without reserve and Myerson's 5/12 at n = 2, reserve 1/2", () => {
    for (let n = 2; n <= 6; n++) expect(uniformSecondPriceRevenue(n, 0)).toBeCloseTo((n - 1) / (n + 1), 15);
    expect(uniformSecondPriceRevenue(2, 0.5)).toBeCloseTo(5 / 12, 15);
    expect(uniformMyersonRevenue(3)).toBeCloseTo(0.5 + 1 / 32, 15);
    expect(uniformSecondPriceRevenue(4, 1)).toBeCloseTo(0, 15);
  });

  it('the reserve 1/2 maximises uniformSecondPriceRevenue', () => {
    for (let n = 2; n <= 6; n++) {
      for (const r of [0.3, 0.45, 0.49, 0.51, 0.6])
        expect(uniformSecondPriceRevenue(n, r)).toBeLessThan(uniformMyersonRevenue(n));
    }
  });

  it('gaussLegendre integrates polynomials of degree ≤ 15 exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 16, maxLength: 16 }),
        (coefficients) => {
          const p = (x: number) => coefficients.reduceRight((acc, c) => acc * x + c, 0);
          const exact = coefficients.reduce(
            (sum, c, k) => sum + (c * (0.7 ** (k + 1) - (-0.3) ** (k + 1))) / (k + 1),
            0,
          );
          expect(gaussLegendre(p, -0.3, 0.7)).toBeCloseTo(exact, 10);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('commonSecondPriceRevenue(ρ, n, 0) = E[second highest] = (1 − ρ)(n − 1)/(n + 1) + ρ/2', () => {
    for (const rho of [0, 0.2, 0.5, 0.95]) {
      for (let n = 2; n <= 6; n++) {
        expect(commonSecondPriceRevenue(rho, n, 0)).toBeCloseTo(
          ((1 - rho) * (n - 1)) / (n + 1) + rho / 2,
          13,
        );
      }
    }
  });

  it('commonSecondPriceRevenue matches Monte Carlo with continuous values within 4 standard errors', () => {
    const count = 40_000;
    for (const [rho, n, reserve] of [
      [0.5, 2, 0.31],
      [0.3, 4, 0.55],
      [0.8, 3, 0.62],
    ]) {
      const draw = commonComponentSampler(rho, n);
      const rng = rngStream(9, 'theory');
      const out = new Float64Array(n);
      const revenue = new Float64Array(count);
      for (let s = 0; s < count; s++) {
        draw(rng, out, 0);
        const sorted = Array.from(out).sort((a, b) => b - a);
        revenue[s] = sorted[0] >= reserve ? Math.max(reserve, sorted[1]) : 0;
      }
      const { mean, standardError } = estimateMean(revenue);
      expect(Math.abs(commonSecondPriceRevenue(rho, n, reserve) - mean)).toBeLessThan(4 * standardError);
    }
  });
});
