/**
 * Adversarial search: from the worst profiles the random checks found, climb
 * a property's margin (the best deviation gain, the deficit, …) by moving one
 * agent's value at a time, keeping a move when the margin does not drop.
 * Accepting equal margins lets the search drift across the flat regions
 * where a correct-looking mechanism hides a violation; the proposals favour
 * the places such violations live: ties, near-ties, the ends of the range.
 */
import type { Rng } from '../rng.ts';

/** A starting point: a true profile, the agent it concerns (SP) and its margin. */
export interface StartingPoint {
  readonly values: Float64Array;
  readonly agent: number;
  readonly margin: number;
}

/**
 * Keeps the `size` starting points with the largest margins; ties are broken
 * by a random key so that flat margins still give varied starts.
 */
export class WorstCases {
  private readonly kept: (StartingPoint & { readonly key: number })[] = [];

  constructor(private readonly size: number) {}

  /** Offers a point; `values` is copied only if it is kept. NaN margins are ignored. */
  offer(margin: number, values: Float64Array, agent: number, rng: Rng): void {
    if (Number.isNaN(margin) || this.size === 0) return;
    const key = rng();
    const worse = (a: { margin: number; key: number }) =>
      a.margin < margin || (a.margin === margin && a.key < key);
    if (this.kept.length === this.size && !worse(this.kept[this.kept.length - 1])) return;
    const at = this.kept.findIndex(worse);
    const entry = { values: Float64Array.from(values), agent, margin, key };
    if (at < 0) this.kept.push(entry);
    else this.kept.splice(at, 0, entry);
    if (this.kept.length > this.size) this.kept.pop();
  }

  /** Returns the kept points, largest margin first. */
  points(): readonly StartingPoint[] {
    return this.kept;
  }
}

/**
 * Returns a new value for agent `j` of `values`, clamped to `range`: with
 * equal chances a uniform point, a local step on a random scale (10⁻¹ … 10⁻⁶
 * of the width), a copy of another agent's value (a tie), that value moved by
 * 10⁻³ … 10⁻⁹ of the width (a near-tie), or one end of the range.
 */
export function proposeValue(
  rng: Rng,
  values: Float64Array,
  j: number,
  range: readonly [number, number],
): number {
  const [low, high] = range;
  const width = high - low;
  const n = values.length;
  const other = n > 1 ? (j + 1 + Math.floor(rng() * (n - 1))) % n : j;
  const sign = rng() < 0.5 ? -1 : 1;
  let x: number;
  switch (Math.floor(rng() * 5)) {
    case 0:
      x = low + width * rng();
      break;
    case 1:
      x = values[j] + sign * width * rng() * 10 ** -(1 + Math.floor(rng() * 6));
      break;
    case 2:
      x = values[other];
      break;
    case 3:
      x = values[other] + sign * width * 10 ** -(3 + Math.floor(rng() * 7));
      break;
    default:
      x = rng() < 0.5 ? low : high;
  }
  return Math.min(high, Math.max(low, x));
}

/** How far a search should go: rounds over all agents, proposals per agent and round. */
export interface AscentBudget {
  readonly rounds: number;
  readonly proposals: number;
}

/**
 * Climbs `margin` from `start` by coordinate ascent and returns the final
 * profile and margin. Each round visits every agent and tries
 * `budget.proposals` new values for it, keeping the best move if its margin
 * is at least the current one. `margin` may record checks as a side effect;
 * it must not keep the array it is given.
 */
export function coordinateAscent(
  start: StartingPoint,
  margin: (values: Float64Array) => number,
  range: readonly [number, number],
  budget: AscentBudget,
  rng: Rng,
): { readonly values: Float64Array; readonly margin: number } {
  const current = Float64Array.from(start.values);
  const candidate = new Float64Array(current.length);
  let best = start.margin;
  for (let round = 0; round < budget.rounds; round++) {
    for (let j = 0; j < current.length; j++) {
      let move = current[j];
      let moveMargin = -Infinity;
      for (let p = 0; p < budget.proposals; p++) {
        candidate.set(current);
        candidate[j] = proposeValue(rng, current, j, range);
        const m = margin(candidate);
        if (m > moveMargin) {
          moveMargin = m;
          move = candidate[j];
        }
      }
      if (moveMargin >= best) {
        best = moveMargin;
        current[j] = move;
      }
    }
  }
  return { values: current, margin: best };
}
