import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidGrid, gridIndex, gridValue, type BidGrid } from '../../../../src/core/grid.ts';
import {
  envelopeThreshold,
  monotoneEnvelope,
  monotoneEnvelopeFix,
} from '../../../../src/core/problems/single-item-revenue/fix.ts';
import type { AuctionConfig, Priority } from '../../../../src/core/problems/single-item-revenue/skeleton.ts';
import { unfixedPriorityAuction } from '../../../../src/core/problems/single-item-revenue/unfixed.ts';
import type { Mechanism } from '../../../../src/core/types.ts';
import { arbitraryPriority } from './arbitraryPriority.ts';

const TOLERANCE = 1e-12;

/** An auction setting with a small grid (so ties and grid edges are frequent) and profiles for it. */
function arbitrarySetting(): fc.Arbitrary<{ config: AuctionConfig; profiles: number[][] }> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 5 }),
      top: fc.constantFrom(1, 2.5, 4.605170185988091),
      steps: fc.integer({ min: 2, max: 40 }),
    })
    .chain(({ n, top, steps }) => {
      const grid = bidGrid(top, steps);
      const bid = fc.oneof(
        fc.double({ min: 0, max: top, noNaN: true }),
        fc.integer({ min: 0, max: steps }).map((k) => gridValue(grid, k)),
      );
      return fc.record({
        config: fc.constant({ n, grid }),
        profiles: fc.array(fc.array(bid, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 4 }),
      });
    });
}

/** Misreports tried: a grid four times finer than the bid grid, reaching 10 % above the top. */
function misreports(grid: BidGrid): number[] {
  const count = 4 * grid.steps;
  return Array.from({ length: count + 1 }, (_, k) => (1.1 * grid.top * k) / count);
}

function utility(mechanism: Mechanism, bids: readonly number[], agent: number, value: number): number {
  const { allocation, payments } = mechanism.outcome(bids);
  return value * allocation[agent] - payments[agent];
}

/** Returns the largest gain any agent gets from a misreport at `values`. */
function bestMisreportGain(mechanism: Mechanism, grid: BidGrid, values: readonly number[]): number {
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    const truthful = utility(mechanism, values, i, values[i]);
    for (const lie of misreports(grid)) {
      const bids = values.slice();
      bids[i] = lie;
      best = Math.max(best, utility(mechanism, bids, i, values[i]) - truthful);
    }
  }
  return best;
}

describe('monotoneEnvelopeFix(priority, config)', () => {
  it('gives the item to at most one bidder, who pays at most its bid; losers pay 0 — for any heuristic', () => {
    fc.assert(
      fc.property(arbitraryPriority(), arbitrarySetting(), ({ priority }, { config, profiles }) => {
        const mechanism = monotoneEnvelopeFix(priority, config);
        for (const profile of profiles) {
          const { allocation, payments } = mechanism.outcome(profile);
          expect(allocation.every((x) => x === 0 || x === 1)).toBe(true);
          expect(allocation.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
          for (let i = 0; i < config.n; i++) {
            if (allocation[i] === 0) expect(payments[i]).toBe(0);
            else {
              expect(payments[i]).toBeGreaterThanOrEqual(0);
              expect(payments[i]).toBeLessThanOrEqual(profile[i]);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is strategy-proof: no misreport on a fine grid raises any bidder’s utility — for any heuristic', () => {
    fc.assert(
      fc.property(arbitraryPriority(), arbitrarySetting(), ({ priority }, { config, profiles }) => {
        const mechanism = monotoneEnvelopeFix(priority, config);
        for (const values of profiles)
          expect(bestMisreportGain(mechanism, config.grid, values)).toBeLessThanOrEqual(TOLERANCE);
      }),
      { numRuns: 150 },
    );
  });

  it('answers the same profile the same way twice, even for heuristics with hidden state', () => {
    fc.assert(
      fc.property(arbitraryPriority(), arbitrarySetting(), ({ priority }, { config, profiles }) => {
        const mechanism = monotoneEnvelopeFix(priority, config);
        for (const profile of profiles)
          expect(mechanism.outcome(profile)).toEqual(mechanism.outcome(profile.slice()));
      }),
      { numRuns: 100 },
    );
  });

  it('calls the heuristic once per grid point and bidder, with grid bids, the bidder index and n', () => {
    const calls: [number, number, number][] = [];
    const grid = bidGrid(2, 4);
    const mechanism = monotoneEnvelopeFix(
      (bid, bidder, n) => {
        calls.push([bid, bidder, n]);
        return bid;
      },
      { n: 2, grid },
    );
    expect(mechanism.heuristicCalls).toBe(10);
    expect(calls).toEqual([
      [0, 0, 2],
      [0.5, 0, 2],
      [1, 0, 2],
      [1.5, 0, 2],
      [2, 0, 2],
      [0, 1, 2],
      [0.5, 1, 2],
      [1, 1, 2],
      [1.5, 1, 2],
      [2, 1, 2],
    ]);
    mechanism.outcome([0.7, 1.9]);
    expect(calls).toHaveLength(10);
  });

  it('is the identity on non-decreasing priorities: same tables and same outcomes as the unfixed skeleton', () => {
    const monotone = fc.oneof(
      fc.double({ min: 0.01, max: 5, noNaN: true }).map(
        (a): Priority =>
          (bid) =>
            a * bid - 0.4,
      ),
      fc.constant<Priority>((bid, bidder) => (bid > 0.3 + 0.1 * bidder ? bid * bid : Number.NaN)),
      fc.constant<Priority>((bid) => Math.floor(bid * 4)),
    );
    fc.assert(
      fc.property(monotone, arbitrarySetting(), (priority, { config, profiles }) => {
        const fixed = monotoneEnvelopeFix(priority, config);
        const unfixed = unfixedPriorityAuction(priority, config);
        expect(fixed.priorities).toEqual(fixed.raw);
        for (const profile of profiles) expect(fixed.outcome(profile)).toEqual(unfixed.outcome(profile));
      }),
      { numRuns: 100 },
    );
  });

  it('lets exceptions of the heuristic propagate', () => {
    const boom: Priority = (bid) => {
      if (bid > 0.5) throw new TypeError('boom');
      return bid;
    };
    expect(() => monotoneEnvelopeFix(boom, { n: 2, grid: bidGrid(1, 10) })).toThrow('boom');
  });

  it('respects ties to the lowest index in the allocation and in the threshold', () => {
    const grid = bidGrid(1, 10);
    const auction = monotoneEnvelopeFix((bid) => bid, { n: 2, grid });
    // Both round to 0.5: bidder 0 wins the tie and pays 0.5 (at 0.4 it would lose).
    expect(auction.outcome([0.5, 0.57])).toEqual({ allocation: [1, 0], payments: [0.5, 0] });
    // Bidder 1 must beat 0.4 strictly: its threshold is 0.5.
    expect(auction.outcome([0.41, 0.57])).toEqual({ allocation: [0, 1], payments: [0, 0.5] });
    // Bidder 0 only needs to tie 0.4: its threshold is 0.4.
    expect(auction.outcome([0.57, 0.41])).toEqual({ allocation: [1, 0], payments: [0.4, 0] });
    // A priority must be > 0: a bid of 0 never wins, and a lone winner pays the first positive grid bid.
    expect(auction.outcome([0, 0])).toEqual({ allocation: [0, 0], payments: [0, 0] });
    expect(auction.outcome([0.93, 0])).toEqual({ allocation: [1, 0], payments: [0.1, 0] });
    // A constant priority: bidder 0 always wins, at price 0.
    const constant = monotoneEnvelopeFix(() => 1, { n: 3, grid });
    expect(constant.outcome([0.1, 0.9, 0.9])).toEqual({ allocation: [1, 0, 0], payments: [0, 0, 0] });
  });

  it('raises a falling priority to its running maximum', () => {
    expect(Array.from(monotoneEnvelope(Float64Array.from([-Infinity, 2, 1, 3, -Infinity, 0])))).toEqual([
      -Infinity,
      2,
      2,
      3,
      3,
      3,
    ]);
    const auction = monotoneEnvelopeFix((bid) => 1 - bid, { n: 2, grid: bidGrid(1, 4) });
    expect(Array.from(auction.raw[0])).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(Array.from(auction.priorities[0])).toEqual([1, 1, 1, 1, 1]);
  });

  it('reads a NaN priority as −∞, so the envelope is the running maximum of the others', () => {
    const grid = bidGrid(1, 5);
    const table = [Number.NaN, 0.2, 0.1, 0.5, Number.NaN, 0.4];
    const auction = monotoneEnvelopeFix((bid) => table[gridIndex(grid, bid)], { n: 2, grid });
    expect(Array.from(auction.raw[0])).toEqual([-Infinity, 0.2, 0.1, 0.5, -Infinity, 0.4]);
    expect(Array.from(auction.priorities[0])).toEqual([-Infinity, 0.2, 0.2, 0.5, 0.5, 0.5]);
    expect(Array.from(monotoneEnvelope(Float64Array.from(table)))).toEqual(Array.from(auction.priorities[0]));
  });

  it('envelopeThreshold finds the smallest winning index by binary search', () => {
    const table = Float64Array.from([-Infinity, 0, 0.2, 0.2, 0.5, 0.9]);
    expect(envelopeThreshold(table, 5, 0.2, true)).toBe(2);
    expect(envelopeThreshold(table, 5, 0.2, false)).toBe(4);
    expect(envelopeThreshold(table, 5, -Infinity, false)).toBe(2);
    expect(envelopeThreshold(table, 5, 0.9, true)).toBe(5);
  });
});

describe('unfixedPriorityAuction(priority, config)', () => {
  it('can violate strategy-proofness when the priority falls as the bid rises', () => {
    const grid = bidGrid(1, 20);
    // A bidder with value 0.9 loses to 0.6 (priority 0.1 < 0.4) but wins by bidding 0.3 (priority 0.7).
    const prefersLow: Priority = (bid) => 1 - bid;
    const unfixed = unfixedPriorityAuction(prefersLow, { n: 2, grid });
    expect(bestMisreportGain(unfixed, grid, [0.9, 0.6])).toBeGreaterThan(0.5);
    const fixed = monotoneEnvelopeFix(prefersLow, { n: 2, grid });
    expect(bestMisreportGain(fixed, grid, [0.9, 0.6])).toBe(0);
  });

  it('charges the local threshold: the bottom of the run of winning bids below the bid', () => {
    const grid = bidGrid(1, 10);
    // Priority high at 0.1–0.2 and from 0.6 up, low in between.
    const valley: Priority = (bid) => (bid < 0.25 || bid > 0.55 ? bid + 1 : 0.01);
    const unfixed = unfixedPriorityAuction(valley, { n: 2, grid });
    // Bidder 0 at 0.8 vs bidder 1 at 0.1 (priority 1.1): 0 wins down to 0.6 locally, pays 0.6 ...
    expect(unfixed.outcome([0.8, 0.1])).toEqual({ allocation: [1, 0], payments: [0.6, 0] });
    // ... although a bid of 0.1 also wins (tie to the lower index): the fix charges that true threshold.
    expect(unfixed.outcome([0.1, 0.1])).toEqual({ allocation: [1, 0], payments: [0.1, 0] });
    expect(monotoneEnvelopeFix(valley, { n: 2, grid }).outcome([0.8, 0.1])).toEqual({
      allocation: [1, 0],
      payments: [0.1, 0],
    });
  });
});
