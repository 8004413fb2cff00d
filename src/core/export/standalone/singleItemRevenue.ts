/**
 * The single-item auction with the monotone envelope fix (mechanism-notes
 * §1) as standalone JavaScript: the same tables, tie rule and threshold
 * search as problems/single-item-revenue/{skeleton,fix}.ts.
 */
import { parseDistributionList } from '../../distributions/parse.ts';
import { bidGrid } from '../../grid.ts';
import type { ParameterValues } from '../../parameters.ts';
import { gridSource } from './grid.ts';
import { exampleProfile, type StandaloneFix } from './standaloneFix.ts';

/** Returns the fixed auction around `priority` for the checked parameters `values`. */
export function singleItemRevenueFix(values: ParameterValues): StandaloneFix {
  const n = Number(values.n);
  const dists = parseDistributionList(String(values.dist), n);
  const grid = bidGrid(Math.max(...dists.map((d) => d.high)), Number(values.grid));
  const source = `const n = ${n}; // bidders
${gridSource(grid)}

// Each bidder's priority on the grid, made non-decreasing in the bid (running maximum);
// anything but a finite number counts as −∞. The heuristic is called n·(K + 1) times, once.
const envelopes = Array.from({ length: n }, (_, bidder) => {
  const table = new Float64Array(K + 1);
  let best = -Infinity;
  for (let k = 0; k <= K; k++) {
    const p = priority(gridValue(k), bidder, n);
    if (typeof p === 'number' && Number.isFinite(p) && p > best) best = p;
    table[k] = best;
  }
  return table;
});

/** Returns whether priority p beats the best other priority \`level\` and the reserve 0. */
function beats(p, level, winsTies) {
  return p > 0 && (p > level || (winsTies && p === level));
}

/**
 * Returns the outcome at the reported bids: the highest fixed priority wins if it is above 0
 * (ties go to the lowest index), and the winner pays its threshold, the lowest grid bid at
 * which it would still win. Strategy-proof and individually rational on every profile.
 */
export function mechanism(bids) {
  checkBids(bids);
  const index = bids.map(gridIndex);
  const outcome = emptyOutcome();
  let winner = -1;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const p = envelopes[i][index[i]];
    if (p > best) {
      best = p;
      winner = i;
    }
  }
  if (winner < 0) return outcome; // no sale
  let level = -Infinity; // the best other priority; the winner wins ties with bidders after it
  let winsTies = true;
  for (let j = 0; j < n; j++) {
    if (j === winner) continue;
    const p = envelopes[j][index[j]];
    if (p > level) {
      level = p;
      winsTies = j > winner;
    } else if (p === level && j < winner) {
      winsTies = false;
    }
  }
  let lo = 0; // binary search for the threshold: the envelope is non-decreasing
  let hi = index[winner];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beats(envelopes[winner][mid], level, winsTies)) hi = mid;
    else lo = mid + 1;
  }
  outcome.allocation[winner] = 1;
  outcome.payments[winner] = gridValue(hi);
  return outcome;
}`;
  return {
    source,
    title: 'the monotone envelope fix: priorities made non-decreasing, threshold payments',
    exampleBids: exampleProfile(n, grid.top),
  };
}
