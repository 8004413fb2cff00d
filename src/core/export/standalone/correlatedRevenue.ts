/**
 * The single-item auction for correlated bidders with the threshold-scan fix
 * (mechanism-notes §3) as standalone JavaScript: the same scan as
 * problems/correlated-revenue/fix.ts, without its memo (so a heuristic with
 * hidden state may differ; a function of the bids does not).
 */
import { bidGrid } from '../../grid.ts';
import type { ParameterValues } from '../../parameters.ts';
import { gridSource } from './grid.ts';
import { exampleProfile, type StandaloneFix } from './standaloneFix.ts';

/** Returns the threshold-scan mechanism around `allocate` for the checked parameters `values`. */
export function correlatedRevenueFix(values: ParameterValues): StandaloneFix {
  const n = Number(values.n);
  const grid = bidGrid(1, Number(values.grid));
  const source = `const n = ${n}; // bidders
${gridSource(grid)}

/** Returns who allocate() picks when the bids are the grid points \`index\`, bidder i's moved to z (−1: no sale). */
function winnerAt(index, i, z) {
  const bids = index.map(gridValue);
  bids[i] = gridValue(z);
  const w = allocate(bids);
  return typeof w === 'number' && Number.isInteger(w) && w >= 0 && w < n ? w : -1;
}

/**
 * Returns the outcome at the reported bids, rounded down to the grid: allocate()'s choice w keeps
 * the item only if w would also win at every higher grid bid, and pays the lowest grid bid from
 * which it wins all the way up. Strategy-proof and individually rational on every profile.
 */
export function mechanism(bids) {
  checkBids(bids);
  const index = bids.map(gridIndex);
  const outcome = emptyOutcome();
  const w = winnerAt(index, 0, index[0]);
  if (w < 0) return outcome;
  for (let z = K; z > index[w]; z--) if (winnerAt(index, w, z) !== w) return outcome;
  let t = index[w];
  while (t > 0 && winnerAt(index, w, t - 1) === w) t--;
  outcome.allocation[w] = 1;
  outcome.payments[w] = gridValue(t);
  return outcome;
}`;
  return {
    source,
    title: 'the threshold scan: the winner must win at every higher bid, and pays its threshold',
    exampleBids: exampleProfile(n, 1),
  };
}
