/**
 * Auctions by a monotone priority of the rounded bid, p(b̄_i) (mechanism-notes
 * §1): the highest priority wins if it is > 0, ties to the lowest index,
 * and the winner pays its threshold. Second price (with or without a
 * reserve) and Myerson from the marginals are such auctions. Because p is
 * non-decreasing the allocation is already monotone, so this equals the
 * threshold scan of the same rule; the threshold is found by bisection
 * instead of a scan.
 */
import { gridIndex, gridValue, type BidGrid } from '../../grid.ts';
import type { Mechanism, Outcome, Profile } from '../../types.ts';

export interface PriorityAuction extends Mechanism {
  /** The priority of each grid index (non-decreasing). */
  readonly priority: Float64Array;
  /** Returns the revenue at `profile`: the winner's threshold, or 0 when the item is not sold. */
  revenue(profile: Profile): number;
}

/** Returns `priorities` made non-decreasing (running maximum; NaN counts as −Infinity), as a new table. */
export function monotoneEnvelope(priorities: ArrayLike<number>): Float64Array {
  const out = new Float64Array(priorities.length);
  let best = -Infinity;
  for (let k = 0; k < priorities.length; k++) {
    const p = priorities[k];
    if (p > best) best = p;
    out[k] = best;
  }
  return out;
}

/** Returns the priority auction of `priorities` (one per grid index; made monotone) for `n` bidders. */
export function priorityAuction(priorities: ArrayLike<number>, n: number, grid: BidGrid): PriorityAuction {
  const priority = monotoneEnvelope(priorities);
  if (priority.length !== grid.steps + 1)
    throw new RangeError(`need ${grid.steps + 1} priorities, got ${priority.length}`);
  const indices = new Int32Array(n);
  let winner = -1;
  let price = 0;

  // Sets `winner` and `price` for the rounded profile in `indices`.
  const run = (profile: Profile): void => {
    winner = -1;
    price = 0;
    let best = 0;
    for (let i = 0; i < n; i++) {
      indices[i] = gridIndex(grid, profile[i]);
      if (priority[indices[i]] > best) {
        best = priority[indices[i]];
        winner = i;
      }
    }
    if (winner < 0) return;
    // The winner must beat 0 and every lower index strictly, and tie or beat higher ones.
    let strict = 0;
    let weak = -Infinity;
    for (let j = 0; j < n; j++) {
      if (j < winner) strict = Math.max(strict, priority[indices[j]]);
      else if (j > winner) weak = Math.max(weak, priority[indices[j]]);
    }
    let low = 0;
    let high = indices[winner]; // wins at high; find the lowest index that wins
    while (low < high) {
      const middle = (low + high) >> 1;
      const p = priority[middle];
      if (p > strict && p >= weak) high = middle;
      else low = middle + 1;
    }
    price = gridValue(grid, low);
  };

  return {
    n,
    priority,
    revenue(profile) {
      run(profile);
      return price;
    },
    outcome(profile): Outcome {
      run(profile);
      const allocation = new Array<number>(n).fill(0);
      const payments = new Array<number>(n).fill(0);
      if (winner >= 0) {
        allocation[winner] = 1;
        payments[winner] = price;
      }
      return { allocation, payments };
    },
  };
}

/** Returns the allocation rule of the same auction as a heuristic `allocate(bids)`, for the threshold scan. */
export function priorityRule(priorities: ArrayLike<number>, grid: BidGrid): (bids: number[]) => number {
  const priority = monotoneEnvelope(priorities);
  return (bids) => {
    let winner = -1;
    let best = 0;
    for (let i = 0; i < bids.length; i++) {
      const p = priority[gridIndex(grid, bids[i])];
      if (p > best) {
        best = p;
        winner = i;
      }
    }
    return winner;
  };
}
