import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { thresholdScanFix } from '../../../../src/core/problems/correlated-revenue/fix.ts';
import {
  monotoneEnvelope,
  priorityAuction,
  priorityRule,
} from '../../../../src/core/problems/correlated-revenue/priorityAuction.ts';
import { profiles } from './arbitraryRules.ts';

describe('priorityAuction(priorities, n, grid)', () => {
  it('has the same outcome as the threshold scan of the same priority rule, for any priority table', () => {
    const steps = 20;
    const grid = bidGrid(1, steps);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(
              fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, Number.NaN)),
              {
                minLength: steps + 1,
                maxLength: steps + 1,
              },
            ),
            profiles(n),
          ),
        ),
        ([n, priorities, values]) => {
          const auction = priorityAuction(priorities, n, grid);
          const scan = thresholdScanFix(priorityRule(priorities, grid) as unknown as Heuristic, { n, grid });
          const outcome = auction.outcome(values);
          expect(outcome).toEqual(scan.outcome(values));
          expect(auction.revenue(values)).toBe(outcome.payments.reduce((a, b) => a + b, 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with priority = bid index + 1 is second price on the rounded bids', () => {
    const grid = bidGrid(1, 10);
    const auction = priorityAuction(
      Array.from({ length: 11 }, (_, k) => k + 1),
      3,
      grid,
    );
    // Bidder 2 must beat bidder 1's 0.5 strictly (ties go to the lower index): one grid step above.
    expect(auction.outcome([0.55, 0.83, 0.31])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.6, 0] });
    expect(auction.outcome([0.31, 0.83, 0.55])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.5, 0] });
    // Tie at 0.8: the lowest index wins and pays 0.8; the other would need to beat it.
    expect(auction.outcome([0.81, 0.8, 0.2])).toEqual({ allocation: [1, 0, 0], payments: [0.8, 0, 0] });
    expect(auction.outcome([0.2, 0.8, 0.81])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.8, 0] });
    expect(auction.outcome([0.79, 0.8, 0.2])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.8, 0] });
  });

  it('monotoneEnvelope is the running maximum, with NaN as −Infinity', () => {
    expect(Array.from(monotoneEnvelope([Number.NaN, 0.2, 0.1, 0.5, Number.NaN, 0.4]))).toEqual([
      -Infinity,
      0.2,
      0.2,
      0.5,
      0.5,
      0.5,
    ]);
  });
});
