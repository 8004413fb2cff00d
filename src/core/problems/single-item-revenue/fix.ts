/**
 * The monotone envelope fix (mechanism-notes §1): p̂_i(g) = max_{g' ≤ g}
 * p_i(g') on the grid. With bids rounded down, p̂_i non-decreasing makes
 * each bidder's winning bids an up-set [t_i, H]; charging t_i makes the
 * auction strategy-proof and individually rational (Myerson's lemma), and
 * at most one bidder wins by construction.
 */
import {
  beats,
  tabulatedAuction,
  type AuctionConfig,
  type Priority,
  type PriorityAuction,
} from './skeleton.ts';

/** Returns the running maximum of `table` (−∞ stays −∞ until a finite value appears). */
export function monotoneEnvelope(table: Float64Array): Float64Array {
  const envelope = new Float64Array(table.length);
  let best = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < table.length; g++) {
    if (table[g] > best) best = table[g];
    envelope[g] = best;
  }
  return envelope;
}

/**
 * Returns the threshold on a non-decreasing table: the smallest index at
 * which the winner still beats `level` (and 0), by binary search below its
 * bid index, which wins.
 */
export function envelopeThreshold(
  table: Float64Array,
  bidIndex: number,
  level: number,
  winsTies: boolean,
): number {
  let lo = 0;
  let hi = bidIndex;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beats(table[mid], level, winsTies)) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}

/**
 * Returns the fixed auction of `priority`: it calls the heuristic once per
 * grid point and bidder, takes each table's monotone envelope, and runs the
 * skeleton on the envelopes with threshold payments. Its `outcome` only
 * looks tables up. It is the identity on priorities that are already
 * non-decreasing on the grid. Exceptions of the heuristic propagate.
 */
export function monotoneEnvelopeFix(priority: Priority, config: AuctionConfig): PriorityAuction {
  return tabulatedAuction(priority, config, {
    fixed: true,
    tables: (raw) => raw.map(monotoneEnvelope),
    threshold: envelopeThreshold,
  });
}
