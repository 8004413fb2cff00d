/**
 * Monte Carlo evaluation of a redistribution mechanism (mechanism-notes §2):
 * the fraction of VCG's revenue redistributed, E[Σ r] / E[V], with what the
 * heuristic proposed before the fix and what the fix took away.
 */
import { roundDownToGrid } from '../../grid.ts';
import { profileInto } from '../../samples.ts';
import { estimateRatio, type Estimate } from '../../statistics.ts';
import type { Evaluation, Metric, SampleSet } from '../../types.ts';
import type { RedistributionMechanism } from './mechanism.ts';
import { sanitizeBid, vcgRevenue } from './vcg.ts';
import { DEFICIT_NOISE } from './waterLevel.ts';

/** Per-profile totals of a mechanism on a sample set. */
interface Totals {
  readonly redistributed: Float64Array;
  readonly proposed: Float64Array;
  readonly revenue: Float64Array;
  /** Profiles where Σ proposed > V (beyond float noise), and where the fix lowered some rebate. */
  readonly deficits: number;
  readonly lowered: number;
  /**
   * min Σ r / V over profiles with V > 0 (NaN when there is none), with V
   * taken at the profile rounded to the mechanism's grid if it has one: the
   * revenue the fix budgets against. Against V(b), every rule on a grid has
   * ratio 0 wherever the (m+1)-th bid is below one step, which would hide
   * the rule behind the rounding.
   */
  readonly worst: number;
}

function totalsOf(mechanism: RedistributionMechanism, samples: SampleSet): Totals {
  const { n, count } = samples;
  if (n !== mechanism.n) throw new RangeError(`samples have ${n} agents, the mechanism ${mechanism.n}`);
  const redistributed = new Float64Array(count);
  const proposed = new Float64Array(count);
  const revenue = new Float64Array(count);
  const rebates = new Float64Array(n);
  const raw = new Float64Array(n);
  const scratch = new Float64Array(n);
  const rounded = new Float64Array(n);
  const bids = new Float64Array(n);
  const { grid } = mechanism;
  let deficits = 0;
  let lowered = 0;
  let worst = Infinity;
  for (let s = 0; s < count; s++) {
    const profile = profileInto(samples, s, bids);
    mechanism.rebatesInto(profile, rebates, raw);
    const v = vcgRevenue(profile, mechanism.m, scratch);
    let total = 0;
    let totalRaw = 0;
    let lower = false;
    for (let i = 0; i < n; i++) {
      total += rebates[i];
      totalRaw += raw[i];
      if (rebates[i] < raw[i]) lower = true;
    }
    redistributed[s] = total;
    proposed[s] = totalRaw;
    revenue[s] = v;
    if (totalRaw > v * (1 + DEFICIT_NOISE)) deficits++;
    if (lower) lowered++;
    let budget = v;
    if (grid) {
      for (let i = 0; i < n; i++) rounded[i] = roundDownToGrid(grid, sanitizeBid(profile[i]));
      budget = vcgRevenue(rounded, mechanism.m, scratch);
    }
    if (budget > 0 && total / budget < worst) worst = total / budget;
  }
  return {
    redistributed,
    proposed,
    revenue,
    deficits,
    lowered,
    worst: worst === Infinity ? Number.NaN : worst,
  };
}

/** Returns the fraction redistributed by `mechanism` on `samples`, E[Σ r] / E[V], with its standard error. */
export function redistributedFraction(mechanism: RedistributionMechanism, samples: SampleSet): Estimate {
  const { redistributed, revenue } = totalsOf(mechanism, samples);
  return estimateRatio(redistributed, revenue);
}

/** Returns a share of `count` profiles with its binomial standard error. */
function share(hits: number, count: number): Pick<Metric, 'value' | 'standardError'> {
  const p = hits / count;
  return { value: p, standardError: Math.sqrt((p * (1 - p)) / count) };
}

/**
 * Scores `mechanism` on `samples`: the score is the fraction redistributed
 * (ratio of expectations, delta-method standard error). Metrics: the
 * fraction the heuristic proposed before the fix (`raw-score`), the share of
 * profiles where those proposals run a deficit, the share whose rebates the
 * fix lowered, the fraction lost to the fix, and the smallest Σ r / V on a
 * sampled profile. Heuristic calls and wall time are those of this call.
 */
export function evaluateRedistribution(mechanism: RedistributionMechanism, samples: SampleSet): Evaluation {
  const calls = mechanism.heuristicCalls;
  const start = performance.now();
  const totals = totalsOf(mechanism, samples);
  const milliseconds = performance.now() - start;
  const { count } = samples;
  const score = estimateRatio(totals.redistributed, totals.revenue);
  const raw = estimateRatio(totals.proposed, totals.revenue);
  const taken = totals.proposed.map((value, s) => value - totals.redistributed[s]);
  const lost = estimateRatio(taken, totals.revenue);
  const metrics: Metric[] = [
    {
      id: 'raw-score',
      label: 'Fraction proposed before the fix',
      value: raw.mean,
      standardError: raw.standardError,
    },
    {
      id: 'raw-deficit-share',
      label: 'Profiles where the proposals run a deficit',
      ...share(totals.deficits, count),
    },
    { id: 'lowered-share', label: 'Profiles whose rebates the fix lowered', ...share(totals.lowered, count) },
    {
      id: 'score-lost',
      label: 'Fraction lost to the fix',
      value: lost.mean,
      standardError: lost.standardError,
    },
    {
      id: 'worst-case-on-samples',
      label: 'Smallest fraction on a sampled profile (of the revenue at the rounded bids)',
      value: totals.worst,
    },
  ];
  return {
    score: score.mean,
    standardError: score.standardError,
    samples: count,
    metrics,
    heuristicCalls: mechanism.heuristicCalls - calls,
    milliseconds,
  };
}
