/**
 * Arbitrary allocation rules `allocate(bids)` for property tests of the
 * threshold-scan fix: well-behaved, nonsensical, non-monotone, stateful and
 * input-mutating ones (test support, not a test file).
 */
import fc from 'fast-check';
import type { Heuristic } from '../../../../src/core/problem.ts';

export interface ArbitraryRule {
  readonly name: string;
  /** A fresh instance (stateful rules start over). */
  make(): Heuristic;
  /** Whether the rule is a monotone allocation (the fix must then leave it unchanged). */
  readonly monotone: boolean;
  /** False for rules whose answer is not a function of the bids (hidden state). */
  readonly pure: boolean;
}

const rule = (
  name: string,
  monotone: boolean,
  make: () => (bids: number[]) => unknown,
  pure = true,
): ArbitraryRule => ({
  name,
  monotone,
  pure,
  make: make as () => Heuristic,
});

/** Returns the index of the highest of `bids` that reaches `reserve`, lowest index on ties, or −1. */
function highest(bids: readonly number[], reserve: number): number {
  let winner = -1;
  for (let i = 0; i < bids.length; i++)
    if (bids[i] >= reserve && (winner < 0 || bids[i] > bids[winner])) winner = i;
  return winner;
}

const junk: readonly unknown[] = [
  Number.NaN,
  Infinity,
  -Infinity,
  0.5,
  1.5,
  -0,
  '0',
  '1',
  'bidder 1',
  null,
  undefined,
  true,
  {},
  [0],
  { valueOf: () => 0 },
  { toString: () => '0' },
  1e308,
  -1e308,
  2 ** 53,
];

export const allocationRules: fc.Arbitrary<ArbitraryRule> = fc.oneof(
  fc.integer({ min: -3, max: 8 }).map((c) => rule(`constant ${c}`, true, () => () => c)),
  fc.constantFrom(...junk).map((value) => rule(`returns ${String(value)}`, true, () => () => value)),
  fc
    .double({ min: 0, max: 1, noNaN: true })
    .map((r) => rule(`highest bid, reserve ${r}`, true, () => (bids) => highest(bids, r))),
  fc.double({ min: 0, max: 1, noNaN: true }).map((a) =>
    rule(`highest bid, reserve ${a} × mean of the others`, true, () => (bids) => {
      // Each bidder's reserve depends on the others only: monotone in its own bid.
      let winner = -1;
      for (let i = 0; i < bids.length; i++) {
        const others = (bids.reduce((s, b) => s + b, 0) - bids[i]) / (bids.length - 1);
        if (bids[i] >= a * others && (winner < 0 || bids[i] > bids[winner])) winner = i;
      }
      return winner;
    }),
  ),
  fc.constant(rule('lowest bidder', false, () => (bids) => bids.indexOf(Math.min(...bids)))),
  fc
    .tuple(fc.double({ min: 1, max: 40, noNaN: true }), fc.double({ min: 0, max: 6, noNaN: true }))
    .map(([f, phase]) =>
      rule(`argmax sin(${f}·b_i + ${phase}·i)`, false, () => (bids) => {
        let winner = -1;
        let best = 0;
        bids.forEach((b, i) => {
          const score = Math.sin(f * b + phase * i);
          if (score > best) {
            best = score;
            winner = i;
          }
        });
        return winner;
      }),
    ),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }))
    .map(([low, width]) =>
      rule(
        `bidder 0 iff its bid is in [${low}, ${low + width}], else the highest`,
        false,
        () => (bids) => (bids[0] >= low && bids[0] <= low + width ? 0 : highest(bids.slice(1), 0) + 1),
      ),
    ),
  fc.integer({ min: 1, max: 2 ** 30 }).map((seed) =>
    rule(
      `random with hidden state (seed ${seed})`,
      false,
      () => {
        let state = seed;
        return (bids) => {
          state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
          return (state % (bids.length + 2)) - 1;
        };
      },
      false,
    ),
  ),
  fc.constant(
    rule(
      'cycles through the indices over calls',
      false,
      () => {
        let calls = 0;
        return (bids) => (calls++ % (bids.length + 1)) - 1;
      },
      false,
    ),
  ),
  fc.integer({ min: 0, max: 1000 }).map((salt) =>
    rule(`deterministic hash of the bids (salt ${salt})`, false, () => (bids) => {
      let h = salt;
      for (const b of bids) h = Math.imul(h ^ Math.round(b * 1e6), 0x9e3779b1) >>> 0;
      return (h % (bids.length + 1)) - 1;
    }),
  ),
  fc.constant(
    rule('sorts and mutates its input, then picks an index', false, () => (bids) => {
      const top = highest(bids, 0);
      bids.sort((x, y) => y - x);
      bids.length = 0;
      return top;
    }),
  ),
);

/** Profiles of `n` values: mostly in [0, 1], sometimes on the edges or beyond. */
export function profiles(n: number): fc.Arbitrary<number[]> {
  const value = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 0.5) },
    { weight: 1, arbitrary: fc.double({ min: 1, max: 1.5, noNaN: true }) },
  );
  return fc.array(value, { minLength: n, maxLength: n });
}
