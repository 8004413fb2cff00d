/** One-line descriptions of a candidate, for tooltips and screen readers. */
import type { Candidate } from '../../core/evolution/record.ts';

/** Returns `score` with four decimals, or '—' for none. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined || !Number.isFinite(score) ? '—' : score.toFixed(4);
}

/**
 * Returns a one-line summary: id, island, operator and parents, then the
 * score (± standard error) or, for a failure, its status and message.
 * E.g. "c0042 · island 2 · m1 from c0031 · score 0.4123 ± 0.0031".
 */
export function summariseCandidate(candidate: Candidate): string {
  const origin =
    candidate.operator === 'seed'
      ? 'the starting heuristic'
      : `${candidate.operator}${candidate.parentIds.length ? ` from ${candidate.parentIds.join(', ')}` : ''}`;
  const outcome =
    candidate.status === 'ok'
      ? `score ${formatScore(candidate.score)}${candidate.standardError !== null ? ` ± ${candidate.standardError.toFixed(4)}` : ''}`
      : `${candidate.status}${candidate.error ? `: ${candidate.error.message}` : ''}`;
  return `${candidate.id} · island ${candidate.island} · ${origin} · ${outcome}`;
}
