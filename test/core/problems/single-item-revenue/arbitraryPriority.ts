/**
 * Arbitrary heuristics for property tests: everything a model might write,
 * from sensible to hostile. Each comes with a name for counterexamples.
 */
import fc from 'fast-check';
import type { Priority } from '../../../../src/core/problems/single-item-revenue/skeleton.ts';
import { rngStream } from '../../../../src/core/rng.ts';

export interface NamedPriority {
  readonly name: string;
  readonly priority: Priority;
}

const specials = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
);
const anyNumber = fc.oneof(fc.double(), specials);
const junk = fc.constantFrom<unknown>(
  '5',
  '',
  {},
  { valueOf: () => 3 },
  [1],
  null,
  undefined,
  true,
  7n,
  Symbol('p'),
);

function named(name: string, priority: Priority): NamedPriority {
  return { name, priority };
}

/** Returns an arbitrary priority heuristic of one of many kinds. */
export function arbitraryPriority(): fc.Arbitrary<NamedPriority> {
  return fc.oneof(
    anyNumber.map((c) => named(`constant ${c}`, () => c)),
    junk.map((j) => named(`returns ${typeof j}`, () => j)),
    fc
      .tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))
      .map(([a, b]) => named(`linear ${a}·bid + ${b}`, (bid) => a * bid + b)),
    fc
      .tuple(fc.double({ min: 1, max: 60, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
      .map(([w, c]) =>
        named(`sin(${w}·bid + bidder) + ${c}`, (bid, bidder) => Math.sin(w * bid + bidder) + c),
      ),
    fc
      .array(fc.oneof(anyNumber, junk), { minLength: 1, maxLength: 30 })
      .map((table) =>
        named(
          `table of ${table.length}`,
          (bid, bidder) => table[(Math.floor(bid * 17) + 3 * bidder) % table.length],
        ),
      ),
    fc
      .array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 10 })
      .map((scale) => named('per-bidder scale', (bid, bidder) => scale[bidder % scale.length] * bid - 0.3)),
    fc.integer({ min: 1, max: 9 }).map((period) => {
      let calls = 0;
      return named(`hidden call counter mod ${period}`, () => (calls++ % period) - period / 2);
    }),
    fc.integer().map((seed) => {
      const rng = rngStream(seed, 'arbitrary-priority');
      return named(`random noise ${seed}`, (bid) => bid + rng() - 0.5);
    }),
    fc.constant(named('depends on n', (bid, _bidder, n) => bid * n - 1)),
    fc.constant(named('prefers low bids', (bid) => 1 - bid)),
    fc.constant(named('ties everywhere', (bid) => Math.round(bid * 3) / 3)),
  );
}
