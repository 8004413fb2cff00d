import { describe, expect, it } from 'vitest';
import { bimodal } from '../../../../src/core/distributions/bimodal.ts';
import { exponential } from '../../../../src/core/distributions/exponential.ts';
import { uniform } from '../../../../src/core/distributions/uniform.ts';
import {
  myersonRevenue,
  optimalReserve,
  secondPriceRevenue,
} from '../../../../src/core/problems/single-item-revenue/revenueTheory.ts';

const iid = <T>(d: T, n: number): T[] => Array.from({ length: n }, () => d);

describe('revenue theory', () => {
  it('second price on n i.i.d. U[0, 1] earns (n − 1)/(n + 1)', () => {
    for (let n = 1; n <= 6; n++)
      expect(secondPriceRevenue(iid(uniform(0, 1), n), 1)).toBeCloseTo((n - 1) / (n + 1), 8);
  });

  it('the optimal reserve for i.i.d. U[0, 1] is φ⁻¹(0) = 1/2, earning (n − 1)/(n + 1) + 2⁻ⁿ/(n + 1)', () => {
    for (let n = 1; n <= 6; n++) {
      const { reserve, revenue } = optimalReserve(iid(uniform(0, 1), n), 1);
      expect(reserve).toBeCloseTo(0.5, 4);
      expect(revenue).toBeCloseTo((n - 1) / (n + 1) + 2 ** -n / (n + 1), 8);
    }
  });

  it('Myerson on i.i.d. U[0, 1] earns (n − 1)/(n + 1) + 2⁻ⁿ/(n + 1), 5/12 at n = 2', () => {
    expect(myersonRevenue(iid(uniform(0, 1), 2), 1)).toBeCloseTo(5 / 12, 7);
    for (let n = 1; n <= 6; n++) {
      expect(myersonRevenue(iid(uniform(0, 1), n), 1)).toBeCloseTo((n - 1) / (n + 1) + 2 ** -n / (n + 1), 7);
    }
  });

  it('a single exponential bidder: reserve 1/rate, revenue e⁻¹/rate; two capped ones: E[min] = (1 − (1 − q)²)/(2·rate)', () => {
    const d = exponential(2);
    const { reserve, revenue } = optimalReserve([d], d.high);
    expect(reserve).toBeCloseTo(0.5, 3);
    expect(revenue).toBeCloseTo(Math.exp(-1) / 2, 7);
    expect(myersonRevenue([d], d.high)).toBeCloseTo(Math.exp(-1) / 2, 5);
    expect(secondPriceRevenue([d, d], d.high)).toBeCloseTo((1 - 0.01 ** 2) / 4, 8);
  });

  it('Myerson equals second price with the optimal reserve for i.i.d. regular bidders, and beats it for the bimodal law', () => {
    const d = exponential(1);
    for (const n of [2, 4])
      expect(myersonRevenue(iid(d, n), d.high)).toBeCloseTo(optimalReserve(iid(d, n), d.high).revenue, 4);
    const b = bimodal();
    for (const n of [2, 3, 5]) {
      expect(myersonRevenue(iid(b, n), 1)).toBeGreaterThan(optimalReserve(iid(b, n), 1).revenue + 0.01);
    }
  });

  it('Myerson with different bidders U[0, 1] and U[0, 2] matches E[max(2v₁ − 1, 2v₂ − 2, 0)] = 0.6458…', () => {
    // ∫∫ max(2a − 1, 2b − 2, 0) da db/2 over [0, 1]×[0, 2], by a fine midpoint rule.
    const m = 1000;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const a = (i + 0.5) / m;
      for (let j = 0; j < 2 * m; j++) total += Math.max(2 * a - 1, 2 * ((j + 0.5) / m) - 2, 0);
    }
    const exact = total / (2 * m * m);
    expect(myersonRevenue([uniform(0, 1), uniform(0, 2)], 2)).toBeCloseTo(exact, 5);
  });

  it('values bounded away from 0, i.i.d. U[2, 3]: one bidder pays 2; two earn E[min] = 7/3 with or without Myerson', () => {
    const d = uniform(2, 3);
    expect(myersonRevenue([d], 3)).toBeCloseTo(2, 6);
    expect(optimalReserve([d], 3).revenue).toBeCloseTo(2, 6);
    expect(myersonRevenue([d, d], 3)).toBeCloseTo(7 / 3, 6);
    expect(secondPriceRevenue([d, d], 3)).toBeCloseTo(7 / 3, 6);
  });
});
