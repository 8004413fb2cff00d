/**
 * Monte Carlo scoring of a priority auction: expected revenue of the fixed
 * auction and, on the same profiles, of the unfixed skeleton on the raw
 * priorities, with what the fix changed. Per profile: n grid roundings,
 * 2n table lookups and two O(log K) threshold searches (one of each when the
 * fix changed nothing); nothing is allocated in the loop.
 */
import { gridIndex, gridValue } from '../../grid.ts';
import { estimateMean } from '../../statistics.ts';
import type { Evaluation, Metric, SampleSet } from '../../types.ts';
import { localThresholdSearch } from './localThreshold.ts';
import { settle, type PriorityAuction, type Settlement } from './skeleton.ts';

/** Returns the share of grid points where `fixed` lies above `raw`. */
function raisedShare(raw: Float64Array, fixed: Float64Array): number {
  let raised = 0;
  for (let g = 0; g < raw.length; g++) if (fixed[g] > raw[g]) raised++;
  return raised / raw.length;
}

/**
 * Returns the evaluation of `auction` on `samples`: score = expected revenue
 * and its standard error; metrics: revenue before the fix (the unfixed
 * skeleton on the raw priorities, same profiles), revenue lost to the fix
 * (paired), share of grid points the envelope raised (overall and per
 * bidder), sale rate, grid step, and the time spent building the tables.
 */
export function evaluateAuction(auction: PriorityAuction, samples: SampleSet): Evaluation {
  const start = performance.now();
  const { n, grid, raw, priorities } = auction;
  if (samples.n !== n) throw new RangeError(`the samples have ${samples.n} bidders, the auction ${n}`);
  const count = samples.count;
  const revenue = new Float64Array(count);
  const rawRevenue = new Float64Array(count);
  const lost = new Float64Array(count);
  const indices = new Int32Array(n);
  const round: Settlement = { winner: -1, priceIndex: 0 };
  const values = samples.values;
  const shares = raw.map((table, i) => raisedShare(table, priorities[i]));
  // Where the envelope raised nothing the tables are equal, and so are the outcomes (on a
  // non-decreasing table the local threshold is the threshold): skip the second pass.
  const unchanged = shares.every((share) => share === 0);
  // The local threshold in O(log K), built per evaluation so that auctions stay small.
  const rawThreshold = unchanged && auction.fixed ? auction.threshold : localThresholdSearch(raw);
  const threshold = auction.fixed ? auction.threshold : rawThreshold;
  let sales = 0;
  for (let s = 0, offset = 0; s < count; s++, offset += n) {
    for (let i = 0; i < n; i++) indices[i] = gridIndex(grid, values[offset + i]);
    settle(priorities, indices, threshold, round);
    const paid = round.winner >= 0 ? gridValue(grid, round.priceIndex) : 0;
    if (round.winner >= 0) sales++;
    let rawPaid = paid;
    if (!unchanged) {
      settle(raw, indices, rawThreshold, round);
      rawPaid = round.winner >= 0 ? gridValue(grid, round.priceIndex) : 0;
    }
    revenue[s] = paid;
    rawRevenue[s] = rawPaid;
    lost[s] = rawPaid - paid;
  }
  const score = estimateMean(revenue);
  const before = estimateMean(rawRevenue);
  const cost = estimateMean(lost);
  const metrics: Metric[] = [
    { id: 'raw-score', label: 'Revenue before the fix (unfixed skeleton)', ...valueOf(before) },
    { id: 'score-lost', label: 'Revenue lost to the fix', ...valueOf(cost) },
    {
      id: 'raised-share',
      label: 'Share of grid points the envelope raised',
      value: shares.reduce((a, b) => a + b, 0) / n,
    },
    ...shares.map((value, i) => ({
      id: `raised-share-${i}`,
      label: `Share of grid points the envelope raised, bidder ${i}`,
      value,
    })),
    {
      id: 'sale-rate',
      label: 'Share of profiles with a sale',
      value: count > 0 ? sales / count : Number.NaN,
    },
    { id: 'grid-step', label: 'Bid grid step h (bias of order h)', value: grid.step },
  ];
  return {
    score: score.mean,
    standardError: score.standardError,
    samples: count,
    metrics,
    heuristicCalls: auction.heuristicCalls,
    milliseconds: performance.now() - start,
  };
}

function valueOf(estimate: { mean: number; standardError: number }): {
  value: number;
  standardError: number;
} {
  return { value: estimate.mean, standardError: estimate.standardError };
}
