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
