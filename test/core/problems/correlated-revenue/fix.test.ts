import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidGrid, gridIndex, gridValue, roundDownToGrid, type BidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import type { Mechanism } from '../../../../src/core/types.ts';
import { verifyMechanism } from '../../../../src/core/verify/verifyMechanism.ts';
import {
  scanResult,
  thresholdScanFix,
  unfixed,
} from '../../../../src/core/problems/correlated-revenue/fix.ts';
import { evaluateAuction } from '../../../../src/core/problems/single-item-revenue/evaluate.ts';
import { monotoneEnvelopeFix } from '../../../../src/core/problems/single-item-revenue/fix.ts';
import { allocationRules, profiles } from './arbitraryRules.ts';

const heuristic = (f: (bids: number[]) => unknown) => f as unknown as Heuristic;

/** Returns the rule "highest priority on the grid wins if > 0, ties to the lowest index" of a priority `table`. */
function priorityRule(table: Float64Array, grid: BidGrid): (bids: number[]) => number {
  return (bids) => {
    let winner = -1;
    let best = 0;
    for (let i = 0; i < bids.length; i++) {
      const p = table[gridIndex(grid, bids[i])];
      if (p > best) {
        best = p;
        winner = i;
      }
    }
    return winner;
  };
}

/**
 * Returns the threshold scan of mechanism-notes §3 computed literally: every
 * bidder's win at every grid bid, asked afresh, t_i the bottom of its top
 * run of wins; and the raw rule's choice with its local price.
 */
function literalScan(rule: (bids: number[]) => unknown, profile: readonly number[], grid: BidGrid) {
  const n = profile.length;
  const rounded = profile.map((b) => roundDownToGrid(grid, b));
  const winnerAt = (i: number, z: number) => {
    const bids = rounded.slice();
    bids[i] = gridValue(grid, z);
    const answer = rule(bids);
    return typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer < n
      ? answer | 0
      : -1;
  };
  const rawWinner = winnerAt(0, gridIndex(grid, rounded[0]));
  let rawPrice = 0;
  if (rawWinner >= 0) {
    let t = gridIndex(grid, rounded[rawWinner]);
    while (t > 0 && winnerAt(rawWinner, t - 1) === rawWinner) t--;
    rawPrice = gridValue(grid, t);
  }
  for (let i = 0; i < n; i++) {
    let t = grid.steps + 1;
    while (t > 0 && winnerAt(i, t - 1) === i) t--;
    if (t <= grid.steps && gridIndex(grid, rounded[i]) >= t) {
      return { winner: i, price: gridValue(grid, t), rawWinner, rawPrice };
    }
  }
  return { winner: -1, price: 0, rawWinner, rawPrice };
}

/** Arbitrary (rule, n, K, profile). */
const cases = (maxN: number) =>
  fc
    .tuple(allocationRules, fc.integer({ min: 2, max: maxN }), fc.constantFrom(10, 16, 25, 40))
    .chain(([rule, n, steps]) =>
      fc.tuple(fc.constant(rule), fc.constant(n), fc.constant(steps), profiles(n)),
    );

function utility(mechanism: Mechanism, profile: number[], agent: number, value: number): number {
  const outcome = mechanism.outcome(profile);
  return value * outcome.allocation[agent] - outcome.payments[agent];
}

/** Returns the largest gain of any misreport on a grid 4× finer than the bid grid (and at the others' bids). */
function bestMisreportGain(mechanism: Mechanism, values: number[], steps: number): number {
  let gain = 0;
  for (let i = 0; i < values.length; i++) {
    const truthful = utility(mechanism, values, i, values[i]);
    const misreports = [...Array.from({ length: 4 * steps + 9 }, (_, k) => k / (4 * steps)), ...values];
    for (const bid of misreports) {
      const profile = values.slice();
      profile[i] = bid;
      gain = Math.max(gain, utility(mechanism, profile, i, values[i]) - truthful);
    }
  }
  return gain;
}

describe('thresholdScanFix(allocate, {n, grid})', () => {
  it('equals the literal §3 scan (every grid bid of every bidder, no memo) on every profile of a sequence', () => {
    const sequences = fc
      .tuple(
        allocationRules.filter((r) => r.pure),
        fc.integer({ min: 2, max: 4 }),
        fc.constantFrom(4, 7, 10),
      )
      .chain(([rule, n, steps]) =>
        fc.tuple(fc.constant(rule), fc.constant(bidGrid(1, steps)), fc.array(profiles(n), { maxLength: 30 })),
      );
    fc.assert(
      fc.property(sequences, ([rule, grid, sequence]) => {
        const mechanism = thresholdScanFix(rule.make(), { n: sequence[0]?.length ?? 2, grid });
        const result = scanResult();
        for (const profile of sequence) {
          mechanism.scan(profile, result);
          const literal = literalScan(rule.make() as unknown as (bids: number[]) => unknown, profile, grid);
          expect([result.winner, result.price]).toEqual([literal.winner, literal.price]);
          expect([result.rawWinner, result.rawPrice]).toEqual([literal.rawWinner, literal.rawPrice]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the item to at most one bidder, whatever allocate does', () => {
    fc.assert(
      fc.property(cases(6), ([rule, n, steps, values]) => {
        const { allocation } = thresholdScanFix(rule.make(), { n, grid: bidGrid(1, steps) }).outcome(values);
        expect(allocation.every((x) => x === 0 || x === 1)).toBe(true);
        expect(allocation.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('charges the winner a grid point no higher than its bid, and losers nothing (IR)', () => {
    fc.assert(
      fc.property(cases(6), ([rule, n, steps, values]) => {
        const grid = bidGrid(1, steps);
        const { allocation, payments } = thresholdScanFix(rule.make(), { n, grid }).outcome(values);
        for (let i = 0; i < n; i++) {
          if (allocation[i] === 1) {
            expect(payments[i]).toBeGreaterThanOrEqual(0);
            expect(payments[i]).toBeLessThanOrEqual(values[i]);
            expect(roundDownToGrid(grid, payments[i])).toBe(payments[i]);
          } else {
            expect(payments[i]).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('admits no profitable misreport on a grid 4× finer than the bid grid, whatever allocate does (SP)', () => {
    fc.assert(
      fc.property(cases(4), ([rule, n, steps, values]) => {
        const mechanism = thresholdScanFix(rule.make(), { n, grid: bidGrid(1, steps) });
        expect(bestMisreportGain(mechanism, values, steps)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('stays SP with 5 and 6 bidders (hashed answer cache)', () => {
    fc.assert(
      fc.property(
        allocationRules,
        fc.integer({ min: 5, max: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (rule, n, drawn) => {
          const values = drawn.slice(0, n);
          const mechanism = thresholdScanFix(rule.make(), { n, grid: bidGrid(1, 20) });
          expect(bestMisreportGain(mechanism, values, 20)).toBeLessThanOrEqual(1e-12);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('only ever keeps or removes the raw winner, and is the identity on monotone rules', () => {
    fc.assert(
      fc.property(cases(5), ([rule, n, steps, values]) => {
        const config = { n, grid: bidGrid(1, steps) };
        const fixed = thresholdScanFix(rule.make(), config);
        const result = fixed.scan(values, scanResult());
        if (result.winner >= 0) expect(result.winner).toBe(result.rawWinner);
        if (rule.monotone) {
          expect(result.winner).toBe(result.rawWinner);
          expect(result.price).toBe(result.rawPrice);
          expect(fixed.outcome(values)).toEqual(unfixed(rule.make(), config).outcome(values));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sets t_i at the lowest point of the top run of wins: a win below a losing gap does not count', () => {
    // Bidder 0 wins on [0.1, 0.2] and on [0.5, 1]; bidder 1 wins otherwise.
    const rule = heuristic((bids) => ((bids[0] >= 0.1 && bids[0] <= 0.2) || bids[0] >= 0.5 ? 0 : 1));
    const grid = bidGrid(1, 20);
    const mechanism = thresholdScanFix(rule, { n: 2, grid });
    expect(mechanism.threshold([0.7, 0.3], 0)).toBe(0.5);
    expect(mechanism.outcome([0.73, 0.3])).toEqual({ allocation: [1, 0], payments: [0.5, 0] });
    // At 0.15 the raw rule picks bidder 0, at local price 0.1, but the fix removes it.
    const result = mechanism.scan([0.15, 0.3], scanResult());
    expect(result).toEqual({ rawWinner: 0, rawPrice: 0.1, winner: -1, price: 0 });
    expect(unfixed(rule, { n: 2, grid }).outcome([0.15, 0.3]).payments).toEqual([0.1, 0]);
  });

  it('gives Infinity as the threshold of a bidder who loses at the top', () => {
    const mechanism = thresholdScanFix(
      heuristic((bids) => (bids[0] >= 0.3 && bids[0] <= 0.6 ? 0 : -1)),
      { n: 2, grid: bidGrid(1, 10) },
    );
    expect(mechanism.threshold([0.4, 0.2], 0)).toBe(Infinity);
    expect(mechanism.outcome([0.4, 0.2]).allocation).toEqual([0, 0]);
  });

  it('shows allocate the bids rounded down to the grid on every call, whatever it did to the array before', () => {
    const grid = bidGrid(1, 10);
    const seen: number[][] = [];
    let call = 0;
    const rule = heuristic((bids) => {
      seen.push(bids.slice());
      // Mutations must not leak into later calls: overwrite, shrink, freeze.
      const move = call++ % 3;
      if (move === 0) bids[0] = 99;
      else if (move === 1) bids.length = 0;
      else Object.freeze(bids);
      return 0;
    });
    thresholdScanFix(rule, { n: 3, grid }).outcome([0.37, 0.91, 2]);
    expect(seen.length).toBeGreaterThan(3);
    for (const bids of seen) {
      expect(bids.slice(1)).toEqual([0.9, 1]);
      expect(bids.every((b) => Number.isInteger(b * 10) && gridValue(grid, Math.round(b * 10)) === b)).toBe(
        true,
      );
    }
  });

  it('asks allocate about each rounded profile at most once (memo), and only scans the raw winner', () => {
    let calls = 0;
    const rule = heuristic((bids) => {
      calls++;
      return bids[0] >= 0.5 ? 0 : 1;
    });
    const mechanism = thresholdScanFix(rule, { n: 3, grid: bidGrid(1, 100) });
    mechanism.outcome([0.8, 0.1, 0.2]);
    // One call at the profile, 20 above 0.8, then down to the first loss at 0.49: 31 below.
    expect(calls).toBe(1 + 20 + 31);
    mechanism.outcome([0.8, 0.1, 0.2]);
    mechanism.outcome([0.85, 0.1, 0.2]);
    expect(calls).toBe(52);
    expect(mechanism.heuristicCalls).toBe(52);
  });

  it('lets exceptions thrown by allocate propagate', () => {
    const mechanism = thresholdScanFix(
      heuristic(() => {
        throw new TypeError('broken heuristic');
      }),
      { n: 2, grid: bidGrid(1, 10) },
    );
    expect(() => mechanism.outcome([0.5, 0.5])).toThrow('broken heuristic');
  });

  it('is deterministic: the same rule and profiles give the same outcomes twice', () => {
    fc.assert(
      fc.property(allocationRules, fc.array(profiles(3), { minLength: 1, maxLength: 5 }), (rule, list) => {
        const run = () => {
          const mechanism = thresholdScanFix(rule.make(), { n: 3, grid: bidGrid(1, 16) });
          return list.map((values) => mechanism.outcome(values));
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 100 },
    );
  });

  it('equals the monotone envelope auction of single-item-revenue on any priority table read as a rule', () => {
    const steps = 20;
    const grid = bidGrid(1, steps);
    const entry = fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, Number.NaN));
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(entry, { minLength: steps + 1, maxLength: steps + 1 }),
              profiles(n),
            ),
          ),
        ([n, table, values]) => {
          const auction = monotoneEnvelopeFix((bid) => table[gridIndex(grid, bid)], { n, grid });
          const scan = thresholdScanFix(heuristic(priorityRule(auction.priorities[0], grid)), { n, grid });
          const outcome = auction.outcome(values);
          expect(outcome).toEqual(scan.outcome(values));
          // The evaluation the baselines score with collects the same payment.
          const samples = { n, count: 1, values: Float64Array.from(values) };
          expect(evaluateAuction(auction, samples).score).toBe(outcome.payments.reduce((a, b) => a + b, 0));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verifier on the threshold-scan fix', () => {
  it('certifies the fixed mechanism of arbitrary rules', () => {
    fc.assert(
      fc.property(
        allocationRules,
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (rule, n, seed) => {
          const mechanism = thresholdScanFix(rule.make(), { n, grid: bidGrid(1, 25) });
          const rng = rngStream(seed, 'verify');
          const setup = {
            mechanism,
            sampleProfile: (r: () => number) => Array.from({ length: n }, () => r()),
            bidRange: [0, 1] as const,
            units: 1,
            budget: false,
          };
          const certificate = verifyMechanism(setup, rng, {
            profiles: 15,
            deviations: 24,
            adversarialRounds: 2,
          });
          expect(certificate.passed).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('finds the profitable misreport of the unfixed skeleton of a non-monotone rule, and none after the fix', () => {
    // Bidder 0 wins on [0.2, 0.4] only, at the local price 0.2: above 0.4 it should shade its bid.
    const rule = heuristic((bids) => (bids[0] >= 0.2 && bids[0] <= 0.4 ? 0 : bids[1] >= 0.5 ? 1 : -1));
    const config = { n: 2, grid: bidGrid(1, 50) };
    const setup = (mechanism: Mechanism) => ({
      mechanism,
      sampleProfile: (r: () => number) => [r(), r()],
      bidRange: [0, 1] as const,
      units: 1,
      budget: false,
    });
    const raw = verifyMechanism(setup(unfixed(rule, config)), rngStream(1, 'verify'), { profiles: 60 });
    expect(raw.passed).toBe(false);
    const sp = raw.properties.find((p) => p.property === 'strategy-proof');
    expect(sp?.maxViolation).toBeGreaterThan(0.05);
    expect(
      verifyMechanism(setup(thresholdScanFix(rule, config)), rngStream(1, 'verify'), { profiles: 60 }).passed,
    ).toBe(true);
  });
});
