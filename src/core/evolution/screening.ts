/**
 * Staged evaluation (issue 8): a candidate is first scored on the first
 * `samples` profiles of the run's sample set, and goes on to the whole set
 * only if it could enter the top of its island. The bar is the score of
 * the island's `top`-th best program (distinct scores, as the database
 * clusters them); a candidate is screened out when its first-stage score
 * plus `z` standard errors is still below the bar. With z = 3 a candidate
 * whose expected score reaches the bar is screened out with probability
 * below Φ(−3) ≈ 0.14 % (the first-stage mean of 512 profiles is nearly
 * normal).
 *
 * A candidate that passes is scored on the whole set exactly as without
 * screening, so its record is the same (the final score is always on the
 * full set), and one that is screened out records its first-stage figures
 * and no score. The bar comes from the database the prompt was planned
 * from, which lags the records by the pipeline depth, so the same seed
 * gives the same screening on any number of workers: runs stay
 * deterministic and resumable.
 */
import type { Metric } from '../types.ts';
import type { Candidate } from './record.ts';

/** Settings of staged evaluation (SearchConfig.screening). */
export interface ScreeningConfig {
  /** Profiles of the first stage: a prefix of the run's sample set (an i.i.d. sample itself). */
  readonly samples: number;
  /** The island's `top`-th best distinct score is the bar. */
  readonly top: number;
  /** Standard errors of benefit of the doubt. */
  readonly z: number;
}

/**
 * The defaults: 512 of 4,096 profiles make a screened-out candidate cost an
 * eighth of a full evaluation (and no verification), and a passing one an
 * eighth more (the prefix is scored again, from the fixes' memo where they
 * keep one); the top 3 of an island are where FunSearch's softmax sampling
 * (temperature 0.1 → 0.01 on normalised scores) picks nearly all parents.
 */
export const defaultScreening: ScreeningConfig = Object.freeze({ samples: 512, top: 3, z: 3 });

/** What the evaluator is asked for one candidate: the first stage's size and slack, and the bar. */
export interface ScreeningRequest {
  readonly samples: number;
  readonly z: number;
  /** −Infinity: no bar (the island holds fewer than `top` programs), so no first stage. */
  readonly bar: number;
}

/** The evaluation of a screened-out candidate: a CandidateEvaluation of status 'screened-out'. */
export interface ScreenedOut {
  readonly status: 'screened-out';
  readonly error: { readonly reason: 'screened-out'; readonly message: string };
  readonly score: null;
  readonly standardError: null;
  /** The first stage's score and the bar, then the problem's metrics on the first stage. */
  readonly metrics: readonly Metric[];
  readonly verification: null;
  readonly evaluationMilliseconds: number;
}

/** Returns the bar for a candidate of an island whose programs scored `scores`: the `top`-th highest distinct score, or −Infinity. */
export function screeningBar(scores: readonly number[], top: number): number {
  const distinct = [...new Set(scores.filter((s) => Number.isFinite(s)))].sort((a, b) => b - a);
  return distinct.length >= top && top >= 1 ? distinct[top - 1] : Number.NEGATIVE_INFINITY;
}

/** Returns the request for a candidate of an island whose programs scored `scores` (null: evaluate fully). */
export function screeningRequest(
  config: ScreeningConfig | null | undefined,
  scores: readonly number[],
): ScreeningRequest | null {
  if (!config) return null;
  const bar = screeningBar(scores, config.top);
  return bar === Number.NEGATIVE_INFINITY ? null : { samples: config.samples, z: config.z, bar };
}

/** Returns whether a first-stage estimate may still reach the bar (NaN estimates pass: too little to judge). */
export function passesScreen(score: number, standardError: number, request: ScreeningRequest): boolean {
  return !(score + request.z * standardError < request.bar);
}

/** Returns the evaluation (its time aside) of a candidate screened out with first-stage `score` ± `standardError`. */
export function screenedOut(
  score: number,
  standardError: number,
  metrics: readonly Metric[],
  request: ScreeningRequest,
): Omit<ScreenedOut, 'evaluationMilliseconds'> {
  const f = (x: number) => x.toPrecision(4);
  const message =
    `scored ${f(score)} ± ${f(standardError)} on the first ${request.samples} profiles, ` +
    `below the bar ${f(request.bar)} of its island's best even with ${request.z} standard errors to spare; ` +
    'not scored on the whole sample set';
  return {
    status: 'screened-out',
    error: { reason: 'screened-out', message },
    score: null,
    standardError: null,
    metrics: [
      {
        id: 'screening-score',
        label: `Score on the first ${request.samples} profiles`,
        value: score,
        standardError,
      },
      { id: 'screening-bar', label: 'Bar to reach (score of the island’s top programs)', value: request.bar },
      ...metrics,
    ],
    verification: null,
  };
}

/**
 * Returns the first-stage score of a screened-out candidate (its metric
 * 'screening-score', with its standard error), or null for any other: what
 * the leaderboard and the score curve show, marked, in place of a score.
 */
export function firstStageScore(
  candidate: Pick<Candidate, 'status' | 'metrics'>,
): { readonly value: number; readonly standardError: number | null } | null {
  if (candidate.status !== 'screened-out') return null;
  const metric = candidate.metrics.find((m) => m.id === 'screening-score');
  return metric ? { value: metric.value, standardError: metric.standardError ?? null } : null;
}
