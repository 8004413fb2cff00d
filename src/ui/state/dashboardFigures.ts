/**
 * The dashboard's counters, computed from a run's records: how many
 * candidates the model wrote and how many scored, how fast the model writes
 * and the evaluators score, and how long the budget has left to run.
 */
import type { Budget } from '../../core/evolution/ports.ts';
import { isValidStatus, type Candidate } from '../../core/evolution/record.ts';

/** How many of the latest model replies the decode speed is averaged over. */
export const speedWindow = 20;

export interface RunCounts {
  /** Candidates the model wrote (the seed is MechLab's, so not counted). */
  readonly written: number;
  /**
   * Of those, how many ran correctly: scored ('ok'), or screened out by
   * staged evaluation — valid code that merely could not reach its island's
   * top, so it was not scored on the whole sample set.
   */
  readonly valid: number;
  /** Of the valid ones, how many were screened out. */
  readonly screenedOut: number;
  /** valid / written, or null before the first. */
  readonly validShare: number | null;
}

/** Returns the counts of `candidates`. */
export function countCandidates(candidates: readonly Candidate[]): RunCounts {
  let written = 0;
  let valid = 0;
  let screenedOut = 0;
  for (const c of candidates) {
    if (c.operator === 'seed') continue;
    written++;
    if (isValidStatus(c.status)) valid++;
    if (c.status === 'screened-out') screenedOut++;
  }
  return { written, valid, screenedOut, validShare: written > 0 ? valid / written : null };
}

/**
 * Returns the model's decode speed over its last `window` replies that
 * report one: their tokens divided by the time they took to decode
 * (Σ tokens / Σ tokens÷speed), so a long reply weighs by its length.
 * Null when no reply reports a speed (the scripted demo measures none).
 */
export function tokensPerSecond(candidates: readonly Candidate[], window = speedWindow): number | null {
  let tokens = 0;
  let seconds = 0;
  let counted = 0;
  for (let i = candidates.length - 1; i >= 0 && counted < window; i--) {
    const usage = candidates[i].usage;
    if (!usage || !(usage.tokensPerSecond > 0) || usage.completionTokens <= 0) continue;
    tokens += usage.completionTokens;
    seconds += usage.completionTokens / usage.tokensPerSecond;
    counted++;
  }
  return counted > 0 ? tokens / seconds : null;
}

/** Returns `count` per second of `elapsedSeconds`, or null before a second of running or a first count. */
export function perSecond(count: number, elapsedSeconds: number): number | null {
  return elapsedSeconds >= 1 && count > 0 ? count / elapsedSeconds : null;
}

export interface BudgetUse {
  /** Candidates the model wrote so far. */
  readonly written: number;
  readonly modelCalls: number;
  /** Seconds of running, pauses excluded. */
  readonly elapsedSeconds: number;
}

/**
 * Returns the estimated seconds until the run ends by its budget: the
 * soonest of the candidate, model-call and time limits that apply, with
 * candidates and calls extrapolated at the run's average pace so far.
 * Returns 0 when a limit is reached, and null when no limit applies or the
 * pace is not known yet (fewer than 3 candidates, or under a second).
 */
export function secondsLeft(budget: Budget, used: BudgetUse): number | null {
  const estimates: number[] = [];
  const pace = used.written >= 3 && used.elapsedSeconds >= 1 ? used.elapsedSeconds / used.written : null;
  if (budget.seconds !== undefined) estimates.push(Math.max(0, budget.seconds - used.elapsedSeconds));
  if (budget.candidates !== undefined) {
    const left = Math.max(0, budget.candidates - used.written);
    if (left === 0) estimates.push(0);
    else if (pace !== null) estimates.push(left * pace);
  }
  if (budget.modelCalls !== undefined) {
    const left = Math.max(0, budget.modelCalls - used.modelCalls);
    const callPace =
      used.modelCalls >= 3 && used.elapsedSeconds >= 1 ? used.elapsedSeconds / used.modelCalls : null;
    if (left === 0) estimates.push(0);
    else if (callPace !== null) estimates.push(left * callPace);
  }
  return estimates.length > 0 ? Math.min(...estimates) : null;
}

/** Returns a duration for people: "42 s", "3 min 05 s", "1 h 02 min"; "—" for null. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Returns a rate with a sensible number of digits: "0.42", "3.1", "27"; "—" for null. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  if (rate < 1) return rate.toFixed(2);
  if (rate < 10) return rate.toFixed(1);
  return rate.toFixed(0);
}
