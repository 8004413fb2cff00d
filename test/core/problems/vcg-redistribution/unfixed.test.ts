import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import { unfixedRedistribution } from '../../../../src/core/problems/vcg-redistribution/unfixed.ts';
import { asHeuristic } from './arbitraries.ts';

describe('unfixedRedistribution', () => {
  it('unfixedRedistribution(h) pays exactly h⁺ of the rounded others: a generous rule runs a deficit', () => {
    const config = { n: 4, m: 1, grid: bidGrid(1, 10) };
    const mechanism = unfixedRedistribution(
      asHeuristic((others) => others[0]),
      config,
    );
    const { rebates, payments } = mechanism.outcome([0.96, 0.71, 0.5, 0.2]);
    expect(rebates).toEqual([0.7, 0.9, 0.9, 0.9]);
    expect(payments.reduce((a, b) => a + b, 0)).toBe(0.71);
  });

  it('unfixedRedistribution(h) reads non-numbers and negatives as 0 and caps rebates at m·H', () => {
    const config = { n: 3, m: 1, grid: bidGrid(2, 4) };
    const answers = [Number.NaN, -5, 1e300];
    let call = 0;
    const mechanism = unfixedRedistribution(
      asHeuristic(() => answers[call++]),
      config,
    );
    // Agents are consulted in index order: NaN → 0, −5 → 0, 1e300 → m·H = 2.
    expect(mechanism.outcome([0.5, 1, 1.5]).rebates).toEqual([0, 0, 2]);
  });
});
