/**
 * Builds candidate records: the seed MechLab writes itself, and a model's
 * candidate from its prompt, reply, parse and evaluation. Pure: ids, times
 * and settings come in as arguments.
 */
import type { CandidateEvaluation, GenerateResult } from './ports.ts';
import type { Candidate, CandidateError, ChatMessage, GenerationSettings, OperatorId } from './record.ts';

/** Returns the id of the candidate made at `iteration`: c0000, c0001, … */
export function candidateId(iteration: number): string {
  return `c${String(iteration).padStart(4, '0')}`;
}

export interface CandidateDraft {
  readonly iteration: number;
  readonly island: number;
  readonly operator: OperatorId;
  readonly parentIds: readonly string[];
  readonly createdAt: number;
  readonly generation: GenerationSettings | null;
  readonly prompt: readonly ChatMessage[];
  readonly reply: GenerateResult | null;
  readonly code: string | null;
  readonly thought: string | null;
}

/** Returns the record of a candidate that was never evaluated (parse error or textual duplicate). */
export function unevaluatedCandidate(draft: CandidateDraft, error: CandidateError): Candidate {
  return {
    ...header(draft),
    status: error.reason,
    error,
    score: null,
    standardError: null,
    metrics: [],
    verification: null,
    evaluationMilliseconds: null,
  };
}

/** Returns the record of an evaluated candidate; `duplicateOf` marks one that behaves like an earlier one. */
export function evaluatedCandidate(
  draft: CandidateDraft,
  evaluation: CandidateEvaluation,
  duplicateOf: string | null,
): Candidate {
  const duplicate: CandidateError | null = duplicateOf
    ? {
        reason: 'duplicate',
        message: `behaves exactly like ${duplicateOf}: the same score on the same samples`,
      }
    : null;
  return {
    ...header(draft),
    status: duplicate ? 'duplicate' : evaluation.status,
    error: duplicate ?? evaluation.error,
    score: evaluation.score,
    standardError: evaluation.standardError,
    metrics: evaluation.metrics,
    verification: evaluation.verification,
    evaluationMilliseconds: evaluation.evaluationMilliseconds,
  };
}

function header(draft: CandidateDraft) {
  return {
    id: candidateId(draft.iteration),
    parentIds: draft.parentIds,
    island: draft.island,
    operator: draft.operator,
    iteration: draft.iteration,
    createdAt: draft.createdAt,
    generation: draft.generation,
    prompt: draft.prompt,
    reply: draft.reply?.text ?? '',
    code: draft.code,
    thought: draft.thought,
    usage: draft.reply?.usage ?? null,
  };
}
