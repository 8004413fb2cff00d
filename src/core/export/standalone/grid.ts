/**
 * The bid grid as standalone JavaScript (mechanism-notes §0), for the
 * exported mechanism modules: the same arithmetic as src/core/grid.ts, so
 * an exported mechanism rounds every bid exactly as MechLab did.
 */
import type { BidGrid } from '../../grid.ts';

/** Returns the grid's constants and its gridValue / gridIndex functions as module source. */
export function gridSource(grid: BidGrid): string {
  return `const H = ${grid.top}; // the top of the bid grid
const K = ${grid.steps}; // grid steps: bids are rounded down to {0, H/K, 2H/K, …, H}

/** Returns the value of grid point k, computed as (k·H)/K. */
function gridValue(k) {
  return (k * H) / K;
}

/** Returns the index of the largest grid point ≤ bid: NaN and bids ≤ 0 give 0, bids ≥ H give K. */
function gridIndex(bid) {
  if (!(bid > 0)) return 0;
  if (bid >= H) return K;
  let k = Math.min(K, Math.floor(bid / (H / K)));
  if (gridValue(k) > bid) k -= 1;
  else if (k < K && gridValue(k + 1) <= bid) k += 1;
  return k;
}

/** Returns a fresh outcome of n agents with nothing allocated and nothing paid. */
function emptyOutcome() {
  return { allocation: new Array(n).fill(0), payments: new Array(n).fill(0) };
}

/** Throws unless bids is an array of n numbers. */
function checkBids(bids) {
  if (!Array.isArray(bids) || bids.length !== n) {
    throw new RangeError(\`mechanism(bids) expects an array of \${n} bids, got \${Array.isArray(bids) ? bids.length : typeof bids}\`);
  }
}`;
}
