/**
 * Weighted choices of the program database: the tempered softmax over
 * cluster scores, rank weights, the cooling schedule and one weighted draw.
 * Pure functions; randomness is passed in.
 */
import type { Rng } from '../rng.ts';
import type { DatabaseConfig } from './config.ts';

/**
 * Returns the tempered softmax of finite `logits`: weights proportional to
 * exp(logit / temperature), summing to 1. At temperature ≤ 0 (the limit
 * T → 0) the weight is shared equally by the largest logits.
 */
export function softmax(logits: ArrayLike<number>, temperature: number): Float64Array {
  const n = logits.length;
  const weights = new Float64Array(n);
  if (n === 0) return weights;
  let top = -Infinity;
  for (let i = 0; i < n; i++) if (logits[i] > top) top = logits[i];
  let total = 0;
  for (let i = 0; i < n; i++) {
    // Subtracting the largest logit keeps exp in range; the top weight is 1.
    const w = temperature > 0 ? Math.exp((logits[i] - top) / temperature) : logits[i] === top ? 1 : 0;
    weights[i] = w;
    total += w;
  }
  for (let i = 0; i < n; i++) weights[i] /= total;
  return weights;
}

/**
 * Returns scores mapped linearly onto [0, 1] (the lowest to 0, the highest
 * to 1); all zeros when every score is the same.
 */
export function normaliseScores(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    if (scores[i] < low) low = scores[i];
    if (scores[i] > high) high = scores[i];
  }
  const out = new Float64Array(n);
  const range = high - low;
  if (range > 0) for (let i = 0; i < n; i++) out[i] = (scores[i] - low) / range;
  return out;
}

/**
 * Returns rank weights 1 / (r + N), r = 0 for the highest of the N scores
 * (EoH's rank-based parent selection); equal scores share the better rank.
 */
export function rankWeights(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let rank = 0;
    for (let j = 0; j < n; j++) if (scores[j] > scores[i]) rank++;
    weights[i] = 1 / (rank + n);
  }
  return weights;
}

/**
 * Returns the cluster-sampling temperature after `count` programs have been
 * placed on an island: it falls linearly from `initialTemperature` to
 * `finalTemperature` over `temperaturePeriod` programs, then starts again.
 */
export function clusterTemperature(config: DatabaseConfig, count: number): number {
  const period = config.temperaturePeriod;
  const phase = (count % period) / period;
  return config.initialTemperature + (config.finalTemperature - config.initialTemperature) * phase;
}

/**
 * Returns an index drawn with probability proportional to `weights`
 * (non-negative, at least one positive), using one draw of `rng`.
 */
export function sampleIndex(weights: ArrayLike<number>, rng: Rng): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  if (!(total > 0) || !Number.isFinite(total))
    throw new RangeError('sampleIndex needs a positive finite total weight');
  let u = rng() * total;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] <= 0) continue;
    last = i;
    u -= weights[i];
    if (u < 0) return i;
  }
  // Rounding can leave u a hair above 0 after the last weight.
  return last;
}

/**
 * The optional second objective of parent selection. 'agreement' prefers,
 * among parents of similar score, those that behave like the run's neural
 * network (NNA-AMD-LLM, docs/nn-assisted.md): the share of sampled profiles
 * with the same winners, or, on problems with rebates, the negative mean
 * absolute rebate difference (both recorded as candidate metrics).
 */
export type SecondObjective = 'agreement';

/** Metric ids of agreement with the network (written by src/core/nn/agreement.ts). */
export const equalWinnersMetric = 'nn-equal-winners';
export const rebateDifferenceMetric = 'nn-rebate-difference';

/**
 * Returns a candidate's agreement with the network from its metrics, larger
 * meaning closer: minus the mean absolute rebate difference where there is
 * one, else the share of equal winners; null without either.
 */
export function agreementOf(
  metrics: readonly { readonly id: string; readonly value: number }[],
): number | null {
  const rebates = metrics.find((m) => m.id === rebateDifferenceMetric);
  if (rebates && Number.isFinite(rebates.value)) return -rebates.value;
  const winners = metrics.find((m) => m.id === equalWinnersMetric);
  return winners && Number.isFinite(winners.value) ? winners.value : null;
}

/** Two objectives of one program, both to maximise; a missing second objective is the worst. */
export interface ObjectivePoint {
  readonly score: number;
  readonly second: number | null;
}

/** Returns whether `a` dominates `b`: at least as good in both objectives and better in one. */
function dominates(a: ObjectivePoint, b: ObjectivePoint): boolean {
  const as = a.second ?? -Infinity;
  const bs = b.second ?? -Infinity;
  return a.score >= b.score && as >= bs && (a.score > b.score || as > bs);
}

/**
 * Returns the Pareto rank of every point (0: not dominated by any; r: not
 * dominated once ranks below r are removed), NSGA-II's non-dominated sorting.
 */
export function paretoRanks(points: readonly ObjectivePoint[]): Int32Array {
  const ranks = new Int32Array(points.length).fill(-1);
  for (let rank = 0, left = points.length; left > 0; rank++) {
    const front: number[] = [];
    for (let i = 0; i < points.length; i++) {
      if (ranks[i] >= 0) continue;
      let dominated = false;
      for (let j = 0; j < points.length && !dominated; j++)
        dominated = j !== i && ranks[j] < 0 && dominates(points[j], points[i]);
      if (!dominated) front.push(i);
    }
    for (const i of front) ranks[i] = rank;
    left -= front.length;
  }
  return ranks;
}

/**
 * Returns the indices of the `k` points of lowest Pareto rank (ties: higher
 * score, then earlier index), in ascending order of score.
 */
export function chooseByTwoObjectives(points: readonly ObjectivePoint[], k: number): number[] {
  const ranks = paretoRanks(points);
  const order = points.map((_, i) => i);
  order.sort((a, b) => ranks[a] - ranks[b] || points[b].score - points[a].score || a - b);
  return order.slice(0, k).sort((a, b) => points[a].score - points[b].score || a - b);
}
