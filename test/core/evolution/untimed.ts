import type { CandidateEvaluation } from '../../../src/core/evolution/ports.ts';

/** Returns `evaluation` without what depends on the clock: its time, and timing metrics (`…milliseconds`). */
export function untimed(
  evaluation: CandidateEvaluation,
): Omit<CandidateEvaluation, 'evaluationMilliseconds'> {
  const { evaluationMilliseconds: _, ...rest } = evaluation;
  return { ...rest, metrics: rest.metrics.filter((m) => !m.id.endsWith('milliseconds')) };
}
