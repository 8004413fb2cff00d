/** The colours every chart shares: islands by a categorical scheme, scores by a sequential one. */
import { interpolateViridis, schemeTableau10 } from 'd3';

/** Returns the colour of island `island` (the same in the curve, the tree and their legends). */
export function islandColour(island: number): string {
  return schemeTableau10[((island % 10) + 10) % 10];
}

/**
 * Returns a function from a score to its colour: viridis from the lowest
 * score in `extent` (dark violet) to the highest (yellow), leaving out its
 * darkest end so low scores stay visible on a dark background. One score,
 * or no extent, maps to the top colour.
 */
export function scoreColour(extent: readonly [number, number] | null): (score: number) => string {
  if (!extent || extent[1] <= extent[0]) return () => interpolateViridis(1);
  const [low, high] = extent;
  return (score) => interpolateViridis(0.15 + 0.85 * Math.min(1, Math.max(0, (score - low) / (high - low))));
}

/** Number of colours scores are rounded to when a chart draws many nodes in batches of one colour. */
export const scoreBuckets = 24;

/** Returns the bucket (0 … scoreBuckets − 1) of `score` within `extent`. */
export function scoreBucket(score: number, extent: readonly [number, number] | null): number {
  if (!extent || extent[1] <= extent[0]) return scoreBuckets - 1;
  const t = (score - extent[0]) / (extent[1] - extent[0]);
  return Math.min(scoreBuckets - 1, Math.max(0, Math.floor(t * scoreBuckets)));
}
