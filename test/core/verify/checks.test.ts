import { describe, expect, it } from 'vitest';
import { checkFeasible } from '../../../src/core/verify/feasible.ts';
import { checkIndividuallyRational } from '../../../src/core/verify/individuallyRational.ts';
import { checkNonDeficit } from '../../../src/core/verify/nonDeficit.ts';
import { ViolationTally } from '../../../src/core/verify/tally.ts';

const bids = Float64Array.from([0.9, 0.4, 0.1]);

describe('the per-outcome checks', () => {
  it('checkIndividuallyRational returns the largest −u_i and witnesses the agent', () => {
    const tally = new ViolationTally('individually-rational');
    const margin = checkIndividuallyRational(tally, bids, { allocation: [1, 0, 0], payments: [0.95, 0, 0] });
    expect(margin).toBeCloseTo(0.05, 12);
    expect(tally.checks).toBe(3);
    expect(tally.witness?.agent).toBe(0);
    const fine = checkIndividuallyRational(tally, bids, {
      allocation: [0, 0, 0],
      payments: [0, 0, -0.2],
      rebates: [0.1, 0, 0],
    });
    expect(fine).toBe(0);
  });

  it('checkFeasible flags shares outside [0, 1], over-allocation and non-finite transfers', () => {
    const tally = new ViolationTally('feasible');
    expect(checkFeasible(tally, bids, { allocation: [0.5, 0.5, 0], payments: [0, 0, 0] }, 1)).toBe(0);
    expect(checkFeasible(tally, bids, { allocation: [0.5, 0.25, 0.1], payments: [0, 0, 0] }, 1)).toBeCloseTo(
      -0.1,
      12,
    );
    expect(checkFeasible(tally, bids, { allocation: [0.7, 0.6, 0], payments: [0, 0, 0] }, 1)).toBeCloseTo(
      0.3,
      12,
    );
    expect(tally.witness?.agent).toBe(0);
    expect(checkFeasible(tally, bids, { allocation: [0, 0, -0.5], payments: [0, 0, 0] }, 1)).toBe(0.5);
    expect(tally.witness?.agent).toBe(2);
    expect(
      checkFeasible(tally, bids, { allocation: [0, 0, 0], payments: [0, 0, 0], rebates: [0, NaN, 0] }, 1),
    ).toBe(Infinity);
    expect(checkFeasible(tally, bids, { allocation: [0, 0], payments: [0, 0, 0] }, 1)).toBe(Infinity);
    expect(tally.checks).toBe(6);
  });

  it('checkNonDeficit returns Σ rebates − Σ payments and witnesses the largest net transfer', () => {
    const tally = new ViolationTally('non-deficit');
    expect(
      checkNonDeficit(tally, bids, {
        allocation: [1, 0, 0],
        payments: [0.4, 0, 0],
        rebates: [0.1, 0.1, 0.1],
      }),
    ).toBeCloseTo(-0.1, 12);
    expect(tally.witness).toBeUndefined();
    expect(
      checkNonDeficit(tally, bids, {
        allocation: [1, 0, 0],
        payments: [0.4, 0, 0],
        rebates: [0.1, 0.3, 0.1],
      }),
    ).toBeCloseTo(0.1, 12);
    expect(tally.witness?.agent).toBe(1);
    expect(checkNonDeficit(tally, bids, { allocation: [1, 0, 0], payments: [NaN, 0, 0] })).toBe(Infinity);
  });
});
