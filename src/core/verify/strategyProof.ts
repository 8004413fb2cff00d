/**
 * Strategy-proofness: no misreport raises an agent's utility. The probe tries
 * misreports on a fine grid across the bid range, at random points, just
 * around the truthful value and at (and just around) every other agent's
 * value, where thresholds and ties sit.
 */
import type { Rng } from '../rng.ts';
import type { MechanismProbe } from './probe.ts';
import { utilityOf } from './utility.ts';

/** Relative offsets (of the bid range's width) of the misreports tried around each value. */
const nearTruth = [1e-9, 1e-6, 1e-3];
const nearOthers = 1e-7;

/** Returns how many misreports `fillDeviations` writes for `n` agents. */
export function deviationCount(n: number, grid: number, random: number): number {
  return grid + random + 2 * nearTruth.length + 3 * (n - 1);
}

/**
 * Writes the misreports tried for `agent` at true profile `values` into
 * `points` (length `deviationCount`): `grid` evenly spaced points across
 * `range` (both ends included), `random` uniform points, the true value
 * ± a few relative offsets, and each other agent's value and just around it.
 * Every point is clamped to `range`.
 */
export function fillDeviations(
  points: Float64Array,
  values: Float64Array,
  agent: number,
  range: readonly [number, number],
  grid: number,
  random: number,
  rng: Rng,
): void {
  const [low, high] = range;
  const width = high - low;
  const clamp = (x: number) => Math.min(high, Math.max(low, x));
  let k = 0;
  for (let g = 0; g < grid; g++) points[k++] = grid === 1 ? low : low + (width * g) / (grid - 1);
  for (let r = 0; r < random; r++) points[k++] = low + width * rng();
  for (const offset of nearTruth) {
    points[k++] = clamp(values[agent] - offset * width);
    points[k++] = clamp(values[agent] + offset * width);
  }
  for (let j = 0; j < values.length; j++) {
    if (j === agent) continue;
    points[k++] = clamp(values[j] - nearOthers * width);
    points[k++] = clamp(values[j]);
    points[k++] = clamp(values[j] + nearOthers * width);
  }
}

/** The best misreport found for one agent, and what it gains over the truth. */
export interface Deviation {
  readonly gain: number;
  readonly bid: number;
}

/**
 * Returns the most profitable of `points` for `agent` with true profile
 * `values` and truthful utility `truthful`, recording one SP check per point
 * (margin = utility gain; witness = the true profile and the misreport).
 * `scratch` is overwritten.
 */
export function bestDeviation(
  probe: MechanismProbe,
  values: Float64Array,
  agent: number,
  truthful: number,
  points: Float64Array,
  scratch: Float64Array,
): Deviation {
  let gain = -Infinity;
  let bid = values[agent];
  for (let k = 0; k < points.length; k++) {
    scratch.set(values);
    scratch[agent] = points[k];
    const outcome = probe.examine(scratch);
    const delta = utilityOf(outcome, agent, values[agent]) - truthful;
    probe.strategyProof.record(delta, values, agent, points[k]);
    if (delta > gain) {
      gain = delta;
      bid = points[k];
    }
  }
  return { gain, bid };
}
