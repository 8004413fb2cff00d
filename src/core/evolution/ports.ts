/**
 * The three seams of the search, as FunSearch has its LLM and Sandbox: the
 * model that writes code, the evaluator that fixes and scores it off the
 * main thread, and the store that keeps every record. Each is one small
 * interface with several implementations outside src/core (scripted,
 * WebLLM, wllama, OpenAI-compatible models; a worker pool in the browser or
 * in Node; IndexedDB or a run file), so the loop is tested with none of them.
 */
import type { NetworkFile } from '../nn/networkFile.ts';
import type { RawParameters } from '../parameters.ts';
import type { ProblemId } from '../problem.ts';
import type { Metric } from '../types.ts';
import type { SearchConfig } from './config.ts';
import type { DatabaseState } from './database.ts';
import type { ScreeningRequest } from './screening.ts';
import type {
  Candidate,
  CandidateError,
  CandidateStatus,
  ChatMessage,
  Usage,
  VerificationSummary,
} from './record.ts';

// ── The model ───────────────────────────────────────────────────────────────

export interface GenerateRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  /** Per-request seed, so a run is reproducible where the backend allows it. */
  readonly seed: number;
  /** Aborting stops generation; the promise then rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Called with each piece of text as it is generated. */
  readonly onText?: (delta: string) => void;
}

export interface GenerateResult {
  readonly text: string;
  readonly usage: Usage;
  /** 'length' when the token limit cut the reply. */
  readonly finishReason: 'stop' | 'length';
}

/** A language model: chat messages in, streamed text out, abortable. One request at a time. */
export interface ModelPort {
  /** Backend id, e.g. 'scripted', 'webllm', 'wllama', 'openai'. */
  readonly backend: string;
  /** Model id as the backend names it. */
  readonly model: string;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

// ── The evaluator ───────────────────────────────────────────────────────────

/** What a run's evaluator is prepared with once: everything else is per candidate. */
export interface EvaluationSetup {
  readonly problem: ProblemId;
  readonly parameters: RawParameters;
  /** Samples are drawn from rngStream(seed, 'evaluation'): the same set for every candidate. */
  readonly seed: number;
  readonly samples: number;
  /** The run's neural network, if any: each candidate's agreement with it is recorded as metrics. */
  readonly network?: NetworkFile;
}

/** The result of compiling, fixing, scoring and verifying one candidate's code. Plain data. */
export interface CandidateEvaluation {
  readonly status: Exclude<CandidateStatus, 'duplicate'>;
  readonly error: CandidateError | null;
  readonly score: number | null;
  readonly standardError: number | null;
  readonly metrics: readonly Metric[];
  readonly verification: VerificationSummary | null;
  readonly evaluationMilliseconds: number;
}

/** Evaluates candidates off the caller's thread, with a hard time limit each. */
export interface EvaluatorPort {
  /**
   * Evaluates `code`. With a `screening` request (staged evaluation,
   * screening.ts) it may stop after the first stage and resolve as
   * 'screened-out'; without one it scores the whole sample set. An
   * evaluator that cannot stage may ignore the request: a full evaluation
   * is always a correct answer.
   */
  evaluate(code: string, screening?: ScreeningRequest | null): Promise<CandidateEvaluation>;
  /** Stops every worker; pending evaluations reject. */
  close(): Promise<void>;
}

// ── The store ───────────────────────────────────────────────────────────────

export type RunStatus = 'idle' | 'running' | 'paused' | 'finished' | 'stopped';

/** When a run ends by itself. A run ends at whichever limit comes first; absent limits do not apply. */
export interface Budget {
  readonly candidates?: number;
  readonly modelCalls?: number;
  readonly seconds?: number;
}

/** Everything needed to start a run again from nothing, or to resume it. */
export interface RunSettings {
  readonly problem: ProblemId;
  readonly parameters: RawParameters;
  readonly search: SearchConfig;
  readonly budget: Budget;
  readonly generation: {
    readonly temperature: number;
    readonly topP: number;
    readonly maxTokens: number;
  };
  /**
   * The trained network of an NNA-AMD-LLM run (docs/nn-assisted.md): its
   * examples go into every prompt, candidates record their agreement with
   * it, and it can be re-evaluated as the NN baseline.
   */
  readonly network?: NetworkFile;
}

/** The part of a run that changes as it goes, saved after every candidate. */
export interface RunProgress {
  readonly status: RunStatus;
  /** The next iteration (model call) to make. */
  readonly iteration: number;
  readonly modelCalls: number;
  /** Seconds spent running (pauses excluded). */
  readonly elapsedSeconds: number;
  /**
   * Candidates registered in the database, in order. The database lags the
   * records by the pipeline depth (config.pipelineDepth), so that prompt k
   * always sees exactly candidates 0 … k − depth − 1, however fast the
   * evaluations finish: this makes runs reproducible and resumable.
   */
  readonly applied: number;
  readonly database: DatabaseState;
}

export interface RunMeta {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly settings: RunSettings;
  readonly model: { readonly backend: string; readonly model: string } | null;
}

/** Keeps runs and their candidates; every call is durable when its promise resolves. */
export interface RunStore {
  createRun(meta: RunMeta): Promise<void>;
  /** Appends one candidate and the progress after it, atomically. */
  recordCandidate(runId: string, candidate: Candidate, progress: RunProgress): Promise<void>;
  saveProgress(runId: string, progress: RunProgress): Promise<void>;
  loadRun(runId: string): Promise<{ meta: RunMeta; progress: RunProgress; candidates: Candidate[] } | null>;
}
