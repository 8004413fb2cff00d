/**
 * The ordered pipeline between the model and the database. Candidates are
 * evaluated in parallel but recorded strictly in iteration order, and the
 * database lags the records by `pipelineDepth`: prompt k is planned from
 * candidates 0 … k − depth − 1 only. So a run's choices do not depend on
 * how fast anything finished, and a run resumed from its records continues
 * exactly as it would have.
 */
import type { ProblemInstance } from '../problem.ts';
import { rngStream } from '../rng.ts';
import { candidateId, evaluatedCandidate, unevaluatedCandidate, type CandidateDraft } from './candidate.ts';
import { ProgramDatabase } from './database.ts';
import { normaliseCode } from './dedupe.ts';
import type { RunListener } from './events.ts';
import { planIteration, type IterationPlan } from './plan.ts';
import type {
  CandidateEvaluation,
  EvaluatorPort,
  RunMeta,
  RunProgress,
  RunStatus,
  RunStore,
} from './ports.ts';
import type { Candidate } from './record.ts';

/** A model candidate on its way to the records: already decided (parse error), or code to evaluate. */
export type Pending =
  | { readonly draft: CandidateDraft; readonly record: Candidate }
  | { readonly draft: CandidateDraft; readonly code: string };

interface PipelineOptions {
  readonly meta: RunMeta;
  readonly instance: ProblemInstance;
  readonly evaluator: EvaluatorPort;
  readonly store: RunStore;
  readonly listener?: RunListener;
  readonly resume?: { readonly progress: RunProgress; readonly candidates: readonly Candidate[] };
}

export class Pipeline {
  readonly candidates: Candidate[] = [];
  readonly #byId = new Map<string, Candidate>();
  /** Canonical code → id, over every candidate recorded or on its way (textual duplicates). */
  readonly #codes = new Map<string, string>();
  /** Score → id over recorded candidates (behavioural duplicates: same score on the same samples). */
  readonly #scores = new Map<number, string>();
  readonly #recorded = new Map<number, Promise<void>>();
  readonly #options: PipelineOptions;
  readonly #clock: () => number;
  #database: ProgramDatabase;
  #applied = 0;
  #next = 0;
  #tail: Promise<void> = Promise.resolve();
  #elapsedBefore = 0;
  #sessionStart = 0;
  #best: Candidate | null = null;

  constructor(options: PipelineOptions, clock: () => number) {
    this.#options = options;
    this.#clock = clock;
    this.#database = new ProgramDatabase(options.meta.settings.search.database);
    const resume = options.resume;
    if (resume) {
      this.#database = ProgramDatabase.fromState(resume.progress.database);
      this.#applied = resume.progress.applied;
      this.#elapsedBefore = resume.progress.elapsedSeconds;
      for (const candidate of resume.candidates) {
        this.#remember(candidate);
        if (candidate.code !== null) this.#codes.set(normaliseCode(candidate.code), candidate.id);
      }
      this.#next = this.candidates.length;
    }
  }

  get nextIteration(): number {
    return this.#next;
  }

  startSession(): void {
    this.#sessionStart = this.#clock();
  }

  /** Whether the budget is spent: model candidates, model calls (one per candidate) or running time. */
  budgetSpent(): boolean {
    const { candidates, modelCalls, seconds } = this.#options.meta.settings.budget;
    const made = this.#next - 1;
    return (
      (candidates !== undefined && made >= candidates) ||
      (modelCalls !== undefined && made >= modelCalls) ||
      (seconds !== undefined && this.#elapsed() >= seconds)
    );
  }

  /** Evaluates the problem's starting heuristic and records it as candidate 0 on every island. */
  async seed(): Promise<void> {
    const code = this.#options.instance.starter();
    const draft: CandidateDraft = {
      iteration: 0,
      island: 0,
      operator: 'seed',
      parentIds: [],
      createdAt: this.#clock(),
      generation: null,
      prompt: [],
      reply: null,
      code,
      thought: 'The problem’s starting heuristic, written by MechLab.',
    };
    this.#next = 1;
    this.#codes.set(normaliseCode(code), candidateId(0));
    await this.#record(evaluatedCandidate(draft, await this.#evaluate(code), null));
    this.#database.registerSeed(this.candidates[0]);
    this.#applied = 1;
  }

  /** Registers, in order, every recorded candidate that prompt `iteration` may see. */
  async applyThrough(iteration: number): Promise<void> {
    const last = iteration - this.#options.meta.settings.search.pipelineDepth - 1;
    while (this.#applied <= last) {
      await this.#recorded.get(this.#applied);
      this.#recorded.delete(this.#applied);
      this.#database.register(this.candidates[this.#applied]);
      this.#applied += 1;
      if (this.#database.resetDue()) {
        const resets = this.#database.resetWeakIslands(rngStream(this.#seed(), `reset:${this.#applied}`));
        if (resets.length > 0) this.#options.listener?.({ type: 'island-reset', resets });
      }
    }
  }

  plan(iteration: number): IterationPlan {
    const applied = this.candidates.slice(0, this.#applied);
    const rng = rngStream(this.#seed(), `iteration:${iteration}`);
    return planIteration(this.#database, applied, this.#byId, this.#options.meta.settings.search, rng);
  }

  /** Starts evaluating `pending` (unless it is a parse error or a textual duplicate) and queues its record. */
  launch(pending: Pending): void {
    const iteration = this.#next++;
    let outcome: Promise<Candidate>;
    if ('record' in pending) {
      outcome = Promise.resolve(pending.record);
    } else {
      const canonical = normaliseCode(pending.code);
      const twin = this.#codes.get(canonical);
      if (twin) {
        const message = `the same code as ${twin} once comments and layout are ignored`;
        outcome = Promise.resolve(unevaluatedCandidate(pending.draft, { reason: 'duplicate', message }));
      } else {
        this.#codes.set(canonical, candidateId(iteration));
        outcome = this.#evaluate(pending.code).then((evaluation) =>
          evaluatedCandidate(pending.draft, evaluation, null),
        );
      }
    }
    const recorded = (this.#tail = this.#tail
      .then(() => outcome)
      .then((candidate) => this.#record(candidate)));
    this.#recorded.set(iteration, recorded);
  }

  /** Waits until every launched candidate is recorded. */
  drain(): Promise<void> {
    return this.#tail;
  }

  progress(status: RunStatus): RunProgress {
    return {
      status,
      iteration: this.candidates.length,
      modelCalls: Math.max(0, this.candidates.length - 1),
      elapsedSeconds: this.#elapsed(),
      applied: this.#applied,
      database: this.#database.toJSON(),
    };
  }

  async saveProgress(status: RunStatus): Promise<void> {
    const progress = this.progress(status);
    this.#elapsedBefore = progress.elapsedSeconds;
    this.#sessionStart = this.#clock();
    await this.#guardStore(() => this.#options.store.saveProgress(this.#options.meta.id, progress));
    this.#options.listener?.({ type: 'progress', progress });
  }

  #seed(): number {
    return this.#options.meta.settings.search.seed;
  }

  #elapsed(): number {
    return this.#elapsedBefore + (this.#sessionStart ? (this.#clock() - this.#sessionStart) / 1000 : 0);
  }

  /** Evaluates `code`; an evaluator failure (MechLab's, not the code's) becomes a runtime error of the candidate. */
  async #evaluate(code: string): Promise<CandidateEvaluation> {
    try {
      return await this.#options.evaluator.evaluate(code);
    } catch (error) {
      const message = `the evaluator failed: ${error instanceof Error ? error.message : String(error)}`;
      this.#options.listener?.({ type: 'error', message, paused: false });
      return { ...notEvaluated, status: 'runtime-error', error: { reason: 'runtime-error', message } };
    }
  }

  /** Records `candidate` (marking a behavioural duplicate), saves it with the progress, and tells the listener. */
  async #record(candidate: Candidate): Promise<void> {
    let record = candidate;
    if (record.status === 'ok' && record.score !== null) {
      const twin = this.#scores.get(record.score);
      if (twin) {
        const message = `behaves exactly like ${twin}: the same score on the same samples`;
        record = { ...record, status: 'duplicate', error: { reason: 'duplicate', message } };
      }
    }
    const isBest = this.#remember(record);
    const progress = this.progress('running');
    await this.#guardStore(() =>
      this.#options.store.recordCandidate(this.#options.meta.id, record, progress),
    );
    this.#options.listener?.({ type: 'candidate', candidate: record });
    if (isBest) this.#options.listener?.({ type: 'new-best', candidate: record });
  }

  /** Adds `candidate` to the in-memory records; returns whether it is the new best. */
  #remember(candidate: Candidate): boolean {
    this.candidates.push(candidate);
    this.#byId.set(candidate.id, candidate);
    if (candidate.status !== 'ok' || candidate.score === null) return false;
    if (!this.#scores.has(candidate.score)) this.#scores.set(candidate.score, candidate.id);
    if (this.#best && this.#best.score !== null && this.#best.score >= candidate.score) return false;
    this.#best = candidate;
    return true;
  }

  /** Runs a store write; a failure is reported and the run goes on in memory (export keeps it). */
  async #guardStore(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const message = `Saving failed (${error instanceof Error ? error.message : String(error)}); the run goes on in memory — export it to keep it.`;
      this.#options.listener?.({ type: 'error', message, paused: false });
    }
  }
}

const notEvaluated: CandidateEvaluation = {
  status: 'runtime-error',
  error: null,
  score: null,
  standardError: null,
  metrics: [],
  verification: null,
  evaluationMilliseconds: 0,
};
