/**
 * The threshold-scan fix of mechanism-notes §3, which makes any black-box
 * allocation rule strategy-proof and individually rational: bidder i wins
 * iff its rounded bid is at least t_i, the lowest grid point from which it
 * wins at every higher point, and then pays t_i. Also the unfixed skeleton.
 */
import type { BidGrid } from '../../grid.ts';
import type { Heuristic } from '../../problem.ts';
import type { Mechanism, Outcome, Profile } from '../../types.ts';
import { allocationOracle, type AllocationOracle } from './allocationOracle.ts';

export interface ScanConfig {
  readonly n: number;
  readonly grid: BidGrid;
}

/** Raw and fixed result of one profile; a scratch record that `scan` overwrites. */
export interface ScanResult {
  /** What the heuristic chose at the rounded profile (−1: no sale), and its local threshold price. */
  rawWinner: number;
  rawPrice: number;
  /** The winner after the fix (−1: no sale) and its price t_i. */
  winner: number;
  price: number;
}

export interface ThresholdScanMechanism extends Mechanism {
  readonly grid: BidGrid;
  /** Heuristic calls made so far. */
  readonly heuristicCalls: number;
  /** Writes the raw and fixed winner and price at `profile` into `into` and returns it. */
  scan(profile: Profile, into: ScanResult): ScanResult;
  /** Returns t_i given the others' bids in `profile` (as a bid), or Infinity if i never wins. */
  threshold(profile: Profile, i: number): number;
}

/** Returns an empty scan record. */
export function scanResult(): ScanResult {
  return { rawWinner: -1, rawPrice: 0, winner: -1, price: 0 };
}

/** Returns the lowest index ℓ ≤ k such that i wins at every grid point of [ℓ, k] (i must win at k). */
export function localThreshold(oracle: AllocationOracle, i: number, k: number): number {
  let z = k;
  while (z > 0 && oracle.winnerAt(i, z - 1) === i) z--;
  return z;
}

/** Returns t_i as a grid index, scanning down from the top: K + 1 if i loses at the top. */
export function topThreshold(oracle: AllocationOracle, i: number): number {
  let z = oracle.grid.steps;
  while (z >= 0 && oracle.winnerAt(i, z) === i) z--;
  return z + 1;
}

/**
 * Runs the scan at the loaded profile. Only the heuristic's own choice w can
 * win after the fix (any other bidder loses at its own bid, so its
 * threshold lies above it), which is also why at most one bidder wins. The
 * scan checks that w wins at every grid point above its bid (stopping at the
 * first loss) and then walks down to the first loss below it, which gives
 * both t_w and the raw rule's local price from the same calls.
 */
function scanLoaded(oracle: AllocationOracle, into: ScanResult, withRaw: boolean): ScanResult {
  const w = oracle.winnerAt(0, oracle.indices[0]); // bidder 0 at its own bid: the profile itself
  into.rawWinner = w;
  into.winner = -1;
  into.rawPrice = into.price = 0;
  if (w < 0) return into;
  const k = oracle.indices[w];
  let z = oracle.grid.steps;
  while (z > k && oracle.winnerAt(w, z) === w) z--;
  const keeps = z === k;
  if (!keeps && !withRaw) return into;
  const price = oracle.values[localThreshold(oracle, w, k)];
  into.rawPrice = price;
  if (keeps) {
    into.winner = w;
    into.price = price;
  }
  return into;
}

function outcomeOf(n: number, winner: number, price: number): Outcome {
  const allocation = new Array<number>(n).fill(0);
  const payments = new Array<number>(n).fill(0);
  if (winner >= 0) {
    allocation[winner] = 1;
    payments[winner] = price;
  }
  return { allocation, payments };
}

/** Returns the fixed mechanism of `allocate`: SP, IR and feasible on every profile, whatever `allocate` does. */
export function thresholdScanFix(allocate: Heuristic, config: ScanConfig): ThresholdScanMechanism {
  const oracle = allocationOracle(allocate, config.n, config.grid);
  const scratch = scanResult();
  return {
    n: config.n,
    grid: config.grid,
    get heuristicCalls() {
      return oracle.heuristicCalls;
    },
    scan(profile, into) {
      oracle.load(profile);
      return scanLoaded(oracle, into, true);
    },
    outcome(profile) {
      oracle.load(profile);
      scanLoaded(oracle, scratch, false);
      return outcomeOf(config.n, scratch.winner, scratch.price);
    },
    threshold(profile, i) {
      oracle.load(profile);
      const t = topThreshold(oracle, i);
      return t <= config.grid.steps ? oracle.values[t] : Infinity;
    },
  };
}

/**
 * Returns the skeleton without the fix: the heuristic's choice at the
 * rounded profile, paying the lowest grid bid down to which it still wins
 * without a break. Not strategy-proof unless the rule is monotone.
 */
export function unfixed(allocate: Heuristic, config: ScanConfig): Mechanism {
  const oracle = allocationOracle(allocate, config.n, config.grid);
  return {
    n: config.n,
    outcome(profile) {
      oracle.load(profile);
      const w = oracle.winnerAt(0, oracle.indices[0]); // the answer at the profile itself
      return outcomeOf(config.n, w, w < 0 ? 0 : oracle.values[localThreshold(oracle, w, oracle.indices[w])]);
    },
  };
}
