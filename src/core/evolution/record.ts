/**
 * The record of one candidate: everything the UI draws and a reader needs
 * to trust a result — lineage, the exact prompt, the raw reply, the code,
 * what happened to it and how it scored. Plain data: it is stored in
 * IndexedDB, crosses workers and is exported to run files as is.
 */
import type { Metric } from '../types.ts';

/** How a candidate ended. Kebab-case, as stored in run files. */
export type CandidateStatus =
  | 'ok'
  | 'parse-error'
  | 'forbidden'
  | 'runtime-error'
  | 'invalid-output'
  | 'timeout'
  | 'verification-failed'
  | 'duplicate'
  /**
   * Staged evaluation (screening.ts): ran correctly on the first stage but
   * could not reach the top of its island, so it was not scored on the whole
   * sample set. Not a failure: it is never repaired, nor counted as invalid.
   */
  | 'screened-out';

/**
 * Returns whether a candidate of `status` is valid: its code ran correctly
 * on every profile it was given — scored ('ok'), or stopped after a first
 * stage that put it below its island's top ('screened-out').
 */
export function isValidStatus(status: CandidateStatus): boolean {
  return status === 'ok' || status === 'screened-out';
}

/** The prompt operator that produced a candidate (mechanism-notes §4). */
export type OperatorId =
  /** The problem's starting heuristic, written by MechLab, not the model. */
  | 'seed'
  /** FunSearch: parents sorted by score, "write the next version". */
  | 'funsearch'
  /** EoH E1: a new idea different from the parents. */
  | 'e1'
  /** EoH E2: the parents' common backbone, then a new design. */
  | 'e2'
  /** EoH M1: modify one parent. */
  | 'm1'
  /** EoH M2: retune one parent's constants. */
  | 'm2'
  /** NNA-AMD-LLM: explain a neural network's examples in code, then improve on it. */
  | 'pbe'
  /** Show a failed candidate its error and ask for a corrected version. */
  | 'repair';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** The model and sampling settings a candidate was generated with. */
export interface GenerationSettings {
  readonly backend: string;
  readonly model: string;
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  readonly seed: number;
}

/** Token counts and speed of one model call, as the backend reports them. */
export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Decode speed; prefill speed where the backend reports it. */
  readonly tokensPerSecond: number;
  readonly prefillTokensPerSecond?: number;
}

/** Why a candidate failed, as plain data (line and column where the code is at fault). */
export interface CandidateError {
  readonly reason: Exclude<CandidateStatus, 'ok'>;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface VerificationSummary {
  readonly passed: boolean;
  readonly checks: number;
  readonly maxViolation: number;
}

export interface Candidate {
  /** Unique within a run, ordered by creation: `c0001`, `c0002`, … */
  readonly id: string;
  readonly parentIds: readonly string[];
  readonly island: number;
  readonly operator: OperatorId;
  /** The model call (or seeding step) that produced it, from 0. */
  readonly iteration: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** Null for candidates MechLab wrote itself (seeds). */
  readonly generation: GenerationSettings | null;
  readonly prompt: readonly ChatMessage[];
  readonly reply: string;
  /** The function extracted from the reply; null when none was found. */
  readonly code: string | null;
  /** The model's one-line idea (EoH's braces), if it wrote one. */
  readonly thought: string | null;
  readonly status: CandidateStatus;
  readonly error: CandidateError | null;
  /**
   * The fixed mechanism's score on the run's sample set; null unless status
   * is 'ok' (a 'screened-out' candidate's first-stage score is its metric
   * 'screening-score').
   */
  readonly score: number | null;
  readonly standardError: number | null;
  /** Raw score before the fix, what the fix changed, and the problem's other figures. */
  readonly metrics: readonly Metric[];
  readonly verification: VerificationSummary | null;
  readonly evaluationMilliseconds: number | null;
  readonly usage: Usage | null;
}
