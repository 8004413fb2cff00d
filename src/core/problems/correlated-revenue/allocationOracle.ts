/**
 * The heuristic `allocate(bids)` behind a memo: it answers "who wins at the
 * loaded profile, rounded down to the grid, with bidder i's bid moved to
 * grid point z?" (mechanism-notes §3). Each rounded profile is asked at most
 * once while it stays cached, and always within one profile, which is what
 * the feasibility proof of the threshold scan needs.
 */
import type { Heuristic } from '../../problem.ts';
import { gridIndex, gridValue, type BidGrid } from '../../grid.ts';
import type { Profile } from '../../types.ts';
import { ArgumentArray } from '../argumentArray.ts';
import { answerCache } from './answerCache.ts';

export interface AllocationOracle {
  readonly n: number;
  readonly grid: BidGrid;
  /** The grid values G, by index. */
  readonly values: Float64Array;
  /** The grid indices of the loaded profile; read, never write. */
  readonly indices: Int32Array;
  /** Heuristic calls made so far (cache misses). */
  readonly heuristicCalls: number;
  /** Rounds `profile` down to the grid and makes it the current profile. */
  load(profile: Profile): void;
  /** Returns the winner (−1 for no sale) when bidder `i` bids grid point `z` and the others as loaded. */
  winnerAt(i: number, z: number): number;
}

/**
 * Returns `answer` as a bidder index, or −1 (no sale) for anything that is
 * not an integer in [0, n): NaN, ±Infinity, fractions, strings, objects.
 * Checks the type first, so no valueOf or toString of the answer ever runs.
 */
export function readWinner(answer: unknown, n: number): number {
  return typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer < n
    ? answer | 0
    : -1;
}

/** Returns the memoised oracle of `allocate` for `n` bidders on `grid`. */
export function allocationOracle(allocate: Heuristic, n: number, grid: BidGrid): AllocationOracle {
  const call = allocate as unknown as (bids: number[]) => unknown;
  const K = grid.steps;
  const values = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) values[k] = gridValue(grid, k);
  const place = new Float64Array(n); // (K + 1)^i, the weight of bidder i in a key
  for (let i = 0; i < n; i++) place[i] = (K + 1) ** i;
  const cache = answerCache(n, K);
  const indices = new Int32Array(n);
  let key = 0;
  let calls = 0;

  const bids = new ArgumentArray(n);
  const write = (a: number[], i: number, z: number) => {
    for (let j = 0; j < n; j++) a[j] = values[indices[j]];
    a[i] = values[z];
  };
  const ask = (i: number, z: number): number => {
    let a = bids.array();
    try {
      write(a, i, z);
    } catch {
      write((a = bids.fresh()), i, z);
    }
    calls++;
    return readWinner(call(a), n);
  };

  return {
    n,
    grid,
    values,
    indices,
    get heuristicCalls() {
      return calls;
    },
    load(profile) {
      cache.makeRoom();
      key = 0;
      for (let i = 0; i < n; i++) {
        indices[i] = gridIndex(grid, profile[i]);
        key += indices[i] * place[i];
      }
    },
    winnerAt(i, z) {
      const at = key + (z - indices[i]) * place[i];
      const known = cache.get(at);
      if (known !== -2) return known;
      const answer = ask(i, z);
      cache.set(at, answer);
      return answer;
    },
  };
}
