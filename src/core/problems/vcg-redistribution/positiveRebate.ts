/**
 * h⁺, the heuristic as the fix consults it (mechanism-notes §2): called on
 * grid-rounded others in descending order; any answer that is not a finite
 * number becomes 0, negatives become 0, and answers above m·H become m·H.
 */
import { gridValue } from '../../grid.ts';
import type { Heuristic } from '../../problem.ts';
import { ArgumentArray } from '../argumentArray.ts';
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

/** Writes `tuple`'s grid values into `a`. */
function writeTuple(a: number[], values: Float64Array, tuple: Int32Array): void {
  for (let j = 0; j < a.length; j++) a[j] = values[tuple[j]];
}

/** Writes the descending values `kept` with `value` inserted at position `at` into `a`. */
function writeInserted(a: number[], kept: Float64Array, at: number, value: number): void {
  for (let j = 0; j < at; j++) a[j] = kept[j];
  a[at] = value;
  for (let j = at + 1; j < a.length; j++) a[j] = kept[j - 1];
}

export class PositiveRebate {
  /** Calls of the heuristic so far. */
  calls = 0;
  private readonly call: RebateCall;
  private readonly values: Float64Array;
  private readonly cap: number;
  private readonly n: number;
  private readonly m: number;
  /** The array the heuristic receives the others in, reused (see ArgumentArray). */
  private readonly others: ArgumentArray;

  constructor(heuristic: Heuristic, config: RedistributionConfig) {
    this.call = heuristic as unknown as RebateCall;
    const { grid } = config;
    this.values = Float64Array.from({ length: grid.steps + 1 }, (_, k) => gridValue(grid, k));
    this.cap = config.m * grid.top;
    this.n = config.n;
    this.m = config.m;
    this.others = new ArgumentArray(config.n - 1);
  }

  /**
   * Returns h⁺ of the sub-profile whose grid indices, in descending order,
   * are `tuple[0..n − 1)`. Exceptions of the heuristic propagate.
   */
  of(tuple: Int32Array): number {
    let a = this.others.array();
    try {
      writeTuple(a, this.values, tuple);
    } catch {
      writeTuple((a = this.others.fresh()), this.values, tuple);
    }
    return this.consult(a);
  }

  /**
   * Returns h⁺ of the sub-profile `kept[0..n − 2)` (grid values, descending)
   * with grid index `x` inserted at position `at`.
   */
  ofInserted(kept: Float64Array, at: number, x: number): number {
    let a = this.others.array();
    try {
      writeInserted(a, kept, at, this.values[x]);
    } catch {
      writeInserted((a = this.others.fresh()), kept, at, this.values[x]);
    }
    return this.consult(a);
  }

  private consult(others: number[]): number {
    this.calls++;
    return sanitizeRebate(this.call(others, this.n, this.m), this.cap);
  }
}
