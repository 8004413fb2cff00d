/**
 * h⁺, the heuristic as the fix consults it (mechanism-notes §2): called on
 * grid-rounded others in descending order; any answer that is not a finite
 * number becomes 0, negatives become 0, and answers above m·H become m·H.
 */
import { gridValue } from '../../grid.ts';
import type { Heuristic } from '../../problem.ts';
import type { RedistributionConfig } from './mechanism.ts';

/** The heuristic as the skeleton calls it: `rebate(others, n, m)`. */
type RebateCall = (others: number[], n: number, m: number) => unknown;

/**
 * Returns the rebate an answer stands for: non-numbers, NaN, ±Infinity and
 * negatives give 0; numbers above `cap` give `cap`. No coercion, so an
 * object's `valueOf` is never run.
 *
 * The cap m·H (the most VCG collects on any profile) leaves every rule that
 * never runs a deficit unchanged — such a rule has h⁺(P_{−k}) ≤ V(P) ≤ m·H —
 * and keeps the water-level arithmetic at the scale of the bids, where float
 * rounding cannot turn a drained rebate into a deficit.
 */
export function sanitizeRebate(answer: unknown, cap: number): number {
  if (typeof answer !== 'number' || !(answer > 0) || answer === Infinity) return 0;
  return answer < cap ? answer : cap;
}

export class PositiveRebate {
  /** Calls of the heuristic so far. */
  calls = 0;
  private readonly call: RebateCall;
  private readonly values: Float64Array;
  private readonly cap: number;
  private readonly n: number;
  private readonly m: number;

  constructor(heuristic: Heuristic, config: RedistributionConfig) {
    this.call = heuristic as unknown as RebateCall;
    const { grid } = config;
    this.values = Float64Array.from({ length: grid.steps + 1 }, (_, k) => gridValue(grid, k));
    this.cap = config.m * grid.top;
    this.n = config.n;
    this.m = config.m;
  }

  /**
   * Returns h⁺ of the sub-profile whose grid indices, in descending order,
   * are `tuple[0..length)` (length n − 1). The heuristic gets a fresh array of
   * grid values, so whatever it does to it stays with it; its exceptions
   * propagate.
   */
  of(tuple: Int32Array, length: number): number {
    // Sized, then filled: half the cost of push() (measured), and no hole remains.
    const others = new Array<number>(length);
    for (let j = 0; j < length; j++) others[j] = this.values[tuple[j]];
    return this.consult(others);
  }

  /**
   * Returns h⁺ of the sub-profile `tuple[0..length)` (descending, length
   * n − 2) with grid index `x` inserted at position `at`.
   */
  ofInserted(tuple: Int32Array, length: number, at: number, x: number): number {
    const others = new Array<number>(length + 1);
    for (let j = 0; j < at; j++) others[j] = this.values[tuple[j]];
    others[at] = this.values[x];
    for (let j = at; j < length; j++) others[j + 1] = this.values[tuple[j]];
    return this.consult(others);
  }

  private consult(others: number[]): number {
    this.calls++;
    return sanitizeRebate(this.call(others, this.n, this.m), this.cap);
  }
}
