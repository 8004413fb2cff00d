import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidGrid } from '../../../../src/core/grid.ts';
import {
  expectedLinearFraction,
  linearRebateMechanism,
  linearRebateValue,
} from '../../../../src/core/problems/vcg-redistribution/linearRebate.ts';

describe('linear rebates', () => {
  it('linearRebateMechanism pays each agent Σ_j c_j · (its others, sorted descending)_[j]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 8 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (profile, c) => {
          const n = profile.length;
          const coefficients = c.slice(0, n - 1);
          const { rebates } = linearRebateMechanism(coefficients, { n, m: 1, grid: bidGrid(1, 10) }).outcome(
            profile,
          );
          for (let i = 0; i < n; i++) {
            const others = profile.filter((_, j) => j !== i).sort((a, b) => b - a);
            expect(rebates?.[i]).toBeCloseTo(linearRebateValue(coefficients, others), 12);
          }
        },
      ),
    );
  });

  it('linearRebateMechanism with a grid applies the rule to the bids rounded down to it', () => {
    const mechanism = linearRebateMechanism([0, 0.5], { n: 3, m: 1, grid: bidGrid(1, 10) }, bidGrid(1, 10));
    expect(mechanism.outcome([0.97, 0.58, 0.33]).rebates).toEqual([0.15, 0.15, 0.25]);
  });

  it('linearRebateMechanism rejects a coefficient list of the wrong length', () => {
    expect(() => linearRebateMechanism([1], { n: 4, m: 1, grid: bidGrid(1, 10) })).toThrow(/3 coefficients/);
  });

  it('expectedLinearFraction of c_{m+1} = m/n for U[0,1] is (n−m−1)(n+1)/(n(n−m))', () => {
    const n = 6;
    const m = 2;
    const expected = Array.from({ length: n }, (_, k) => (n - k) / (n + 1));
    const c = [0, 0, m / n, 0, 0];
    expect(expectedLinearFraction(c, m, expected)).toBeCloseTo(((n - m - 1) * (n + 1)) / (n * (n - m)), 14);
  });
});
