/**
 * The skeleton around `priority(bid, bidder, n)` (mechanism-notes §1): bids
 * are rounded down to the grid, the highest priority wins if it is > 0
 * (ties to the lowest index), and the winner pays a threshold. Priorities
 * live in one table per bidder over the grid, so a profile costs n table
 * lookups plus the threshold search, and the heuristic is called once per
 * grid point and bidder: every query of the same rounded bid sees the same
 * answer.
 */
import { gridIndex, gridValue, type BidGrid } from '../../grid.ts';
import type { Mechanism, Outcome, Profile } from '../../types.ts';

/** The heuristic: a priority for `bidder` (0-based) bidding `bid`; anything but a finite number counts as −∞. */
export type Priority = (bid: number, bidder: number, n: number) => unknown;

export interface AuctionConfig {
  readonly n: number;
  readonly grid: BidGrid;
}

/**
 * Returns the threshold index: the smallest grid index the winner, now at
 * index `bidIndex` of its `table`, could have bid and still won against the
 * others' best priority `level` (`winsTies`: it wins ties with them).
 */
export type ThresholdRule = (
  table: Float64Array,
  bidIndex: number,
  level: number,
  winsTies: boolean,
) => number;

/** A priority auction on the grid: the tables it runs on, and what building them cost. */
export interface PriorityAuction extends Mechanism {
  readonly grid: BidGrid;
  /** The heuristic's priorities on the grid, one table per bidder (non-finite → −∞). */
  readonly raw: readonly Float64Array[];
  /** The priorities the auction runs on: the monotone envelope after the fix, `raw` without it. */
  readonly priorities: readonly Float64Array[];
  /** The price rule on `priorities`: the threshold after the fix, the local threshold without it. */
  readonly threshold: ThresholdRule;
  readonly fixed: boolean;
  readonly heuristicCalls: number;
  /** Wall time spent building the tables. */
  readonly milliseconds: number;
}

/** What a fix makes of the heuristic's raw tables: the tables the auction runs on and their price rule. */
export interface TableRule {
  readonly fixed: boolean;
  /** Returns the tables the auction runs on, derived from the raw ones. */
  tables(raw: readonly Float64Array[]): readonly Float64Array[];
  readonly threshold: ThresholdRule;
}

/** The winner (−1 for no sale) and its threshold index, written in place by `settle`. */
export interface Settlement {
  winner: number;
  priceIndex: number;
}

/** Returns whether priority `p` wins against the best other priority `level` and the reserve 0. */
export function beats(p: number, level: number, winsTies: boolean): boolean {
  return p > 0 && (p > level || (winsTies && p === level));
}

/**
 * Returns `bidder`'s priority table over the grid: priority(gridValue(g),
 * bidder, n) for g = 0..K, with anything but a finite number as −∞.
 * Exceptions thrown by the heuristic propagate.
 */
export function priorityTable(priority: Priority, bidder: number, { n, grid }: AuctionConfig): Float64Array {
  const table = new Float64Array(grid.steps + 1);
  for (let g = 0; g <= grid.steps; g++) {
    const p = priority(gridValue(grid, g), bidder, n);
    table[g] = typeof p === 'number' && Number.isFinite(p) ? p : Number.NEGATIVE_INFINITY;
  }
  return table;
}

/**
 * Runs the skeleton on the bids' grid `indices` and writes the winner and
 * its threshold index into `out`: the highest priority wins if it is > 0,
 * ties go to the lowest index. Allocates nothing.
 */
export function settle(
  tables: readonly Float64Array[],
  indices: ArrayLike<number>,
  threshold: ThresholdRule,
  out: Settlement,
): Settlement {
  const n = tables.length;
  let winner = -1;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const p = tables[i][indices[i]];
    if (p > best) {
      best = p;
      winner = i;
    }
  }
  out.winner = winner;
  out.priceIndex = 0;
  if (winner < 0) return out;
  let level = Number.NEGATIVE_INFINITY;
  let winsTies = true;
  for (let j = 0; j < n; j++) {
    if (j === winner) continue;
    const p = tables[j][indices[j]];
    if (p > level) {
      level = p;
      winsTies = j > winner;
    } else if (p === level && j < winner) {
      winsTies = false;
    }
  }
  out.priceIndex = threshold(tables[winner], indices[winner], level, winsTies);
  return out;
}

/** Returns the outcome of running the skeleton on `tables` at a reported profile. */
export function auctionOutcome(
  tables: readonly Float64Array[],
  grid: BidGrid,
  threshold: ThresholdRule,
  profile: Profile,
): Outcome {
  const n = tables.length;
  if (profile.length !== n) throw new RangeError(`expected a profile of ${n} bids, got ${profile.length}`);
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = gridIndex(grid, profile[i]);
  const { winner, priceIndex } = settle(tables, indices, threshold, { winner: -1, priceIndex: 0 });
  const allocation = new Array<number>(n).fill(0);
  const payments = new Array<number>(n).fill(0);
  if (winner >= 0) {
    allocation[winner] = 1;
    payments[winner] = gridValue(grid, priceIndex);
  }
  return { allocation, payments };
}

/**
 * Returns the auction `rule` makes of `priority`: it calls the heuristic
 * once per grid point and bidder, derives the tables the auction runs on
 * (timing both), and its `outcome` only looks tables up. Exceptions of the
 * heuristic propagate.
 */
export function tabulatedAuction(
  priority: Priority,
  config: AuctionConfig,
  rule: TableRule,
): PriorityAuction {
  const start = performance.now();
  const raw = Array.from({ length: config.n }, (_, i) => priorityTable(priority, i, config));
  const priorities = rule.tables(raw);
  const milliseconds = performance.now() - start;
  return {
    n: config.n,
    grid: config.grid,
    raw,
    priorities,
    threshold: rule.threshold,
    fixed: rule.fixed,
    heuristicCalls: config.n * (config.grid.steps + 1),
    milliseconds,
    outcome: (profile) => auctionOutcome(priorities, config.grid, rule.threshold, profile),
  };
}
