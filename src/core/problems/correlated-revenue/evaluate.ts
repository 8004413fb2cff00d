/**
 * Monte Carlo evaluation of a threshold-scan mechanism: expected revenue of
 * the fixed mechanism, and on the same profiles what the raw rule would
 * have earned and how often the fix changed the winner.
 */
import { profileInto } from '../../samples.ts';
import { estimateMean } from '../../statistics.ts';
import type { Evaluation, SampleSet } from '../../types.ts';
import { scanResult, type ThresholdScanMechanism } from './fix.ts';

/** Returns the evaluation of `mechanism` on `samples`; exceptions of the heuristic propagate. */
export function evaluateThresholdScan(mechanism: ThresholdScanMechanism, samples: SampleSet): Evaluation {
  const started = performance.now();
  if (samples.n !== mechanism.n)
    throw new RangeError(`the samples have ${samples.n} bidders, the mechanism ${mechanism.n}`);
  const callsBefore = mechanism.heuristicCalls;
  const count = samples.count;
  const fixed = new Float64Array(count);
  const raw = new Float64Array(count);
  const lost = new Float64Array(count);
  const changed = new Float64Array(count);
  const result = scanResult();
  const bids = new Float64Array(samples.n);
  let sales = 0;
  for (let s = 0; s < count; s++) {
    mechanism.scan(profileInto(samples, s, bids), result);
    fixed[s] = result.winner >= 0 ? result.price : 0;
    raw[s] = result.rawWinner >= 0 ? result.rawPrice : 0;
    lost[s] = raw[s] - fixed[s];
    changed[s] = result.rawWinner === result.winner ? 0 : 1;
    if (result.winner >= 0) sales++;
  }
  const score = estimateMean(fixed);
  const rawScore = estimateMean(raw);
  const scoreLost = estimateMean(lost);
  const changedShare = estimateMean(changed);
  return {
    score: score.mean,
    standardError: score.standardError,
    samples: count,
    metrics: [
      {
        id: 'raw-score',
        label: 'Revenue before the fix (raw rule, may not be SP)',
        value: rawScore.mean,
        standardError: rawScore.standardError,
      },
      {
        id: 'score-lost',
        label: 'Revenue lost to the fix',
        value: scoreLost.mean,
        standardError: scoreLost.standardError,
      },
      {
        id: 'fix-changed',
        label: 'Share of profiles where the fix changed the winner',
        value: changedShare.mean,
        standardError: changedShare.standardError,
      },
      {
        id: 'sale-rate',
        label: 'Share of profiles with a sale',
        value: count > 0 ? sales / count : Number.NaN,
      },
      { id: 'grid-step', label: 'Bid grid step h (bias of order h)', value: mechanism.grid.step },
    ],
    heuristicCalls: mechanism.heuristicCalls - callsBefore,
    milliseconds: performance.now() - started,
  };
}
