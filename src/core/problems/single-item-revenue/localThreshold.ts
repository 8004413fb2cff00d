/**
 * The unfixed skeleton's price: the local threshold, the bottom of the run
 * of grid bids just below the winner's bid at which it still wins. Found by
 * a walk down (reference) or, in O(log K), by binary lifting over a sparse
 * table of range minima: a whole block of bids still wins iff its minimum
 * priority does, since winning is monotone in the priority.
 */
import { beats, type ThresholdRule } from './skeleton.ts';

/**
 * Returns the local threshold by walking down from `bidIndex` while the
 * next lower grid bid still wins. Without monotone priorities a lower bid
 * outside that run may win too, so this price need not make truth-telling
 * optimal.
 */
export function localThreshold(
  table: Float64Array,
  bidIndex: number,
  level: number,
  winsTies: boolean,
): number {
  let t = bidIndex;
  while (t > 0 && beats(table[t - 1], level, winsTies)) t--;
  return t;
}

/** Returns minima[j][x] = min(table[x .. x + 2^j − 1]) for every level j with 2^j ≤ length. */
function rangeMinima(table: Float64Array): Float64Array[] {
  const minima = [table];
  for (let width = 1; 2 * width <= table.length; width *= 2) {
    const below = minima[minima.length - 1];
    const level = new Float64Array(table.length - 2 * width + 1);
    for (let x = 0; x < level.length; x++) level[x] = Math.min(below[x], below[x + width]);
    minima.push(level);
  }
  return minima;
}

/**
 * Returns a rule that finds the same local threshold as `localThreshold`
 * for each of `tables`, in O(log K) lookups, from sparse tables built once
 * (O(K log K) numbers per table). Other tables fall back to the walk.
 */
export function localThresholdSearch(tables: readonly Float64Array[]): ThresholdRule {
  const index = new Map<Float64Array, Float64Array[]>();
  for (const table of tables) if (!index.has(table)) index.set(table, rangeMinima(table));
  return (table, bidIndex, level, winsTies) => {
    const minima = index.get(table);
    if (!minima) return localThreshold(table, bidIndex, level, winsTies);
    let t = bidIndex;
    for (let j = minima.length - 1; j >= 0; j--) {
      const width = 1 << j;
      if (t - width >= 0 && beats(minima[j][t - width], level, winsTies)) t -= width;
    }
    return t;
  };
}
