/**
 * The ordered pipeline between the model and the database. Candidates are
 * evaluated in parallel but recorded strictly in iteration order, and the
 * database lags the records by `pipelineDepth`: prompt k is planned from
 * candidates 0 … k − depth − 1 only. So a run's choices do not depend on
 * how fast anything finished, and a run resumed from its records continues
 * exactly as it would have.
 *
 * When the store fails (storage full), the run goes on in memory: the
 * records not saved wait in order and are written, oldest first, once the
 * store takes writes again, so the stored run never has a gap.
 */
import type { ProblemInstance } from '../problem.ts';
import { rngStream } from '../rng.ts';
import { candidateId, evaluatedCandidate, unevaluatedCandidate, type CandidateDraft } from './candidate.ts';
import { ProgramDatabase } from './database.ts';
import { CodeIndex } from './dedupe.ts';
import type { RunListener } from './events.ts';
import { planIteration, type IterationPlan, type PlanConfig } from './plan.ts';
import type {
  CandidateEvaluation,
  EvaluatorPort,
  RunMeta,
  RunProgress,
  RunStatus,
  RunStore,
} from './ports.ts';
import type { Candidate } from './record.ts';
import { screeningRequest, type ScreeningRequest } from './screening.ts';

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
  /** The code of every candidate recorded or on its way, under the first id that had it (textual duplicates). */
  #codes = new CodeIndex();
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
  /** When the current session started on the clock; null while the run is not running. */
  #sessionStart: number | null = null;
  #best: Candidate | null = null;
  /** Recorded candidates the store has not taken yet, oldest first. */
  readonly #unsaved: Candidate[] = [];
  /**
   * The progress the store holds. It stays true for more candidates than it
   * was saved with — the database only lags further — so candidates that
   * were not saved are written with it, and only the newest with its own.
   */
  #storedProgress: RunProgress;
  #storageFailing = false;
  /** The screening request of the iteration planned last, for its candidate's evaluation (launch). */
  #screening: { readonly iteration: number; readonly request: ScreeningRequest | null } | null = null;
  /** Candidates recorded when the progress saved with them was last made afresh. */
  #freshAt = 0;

  constructor(options: PipelineOptions, clock: () => number) {
    this.#options = options;
    this.#clock = clock;
    this.#database = new ProgramDatabase(options.meta.settings.search.database);
    this.#storedProgress = this.progress('idle');
    const resume = options.resume;
    if (resume) {
      this.#database = ProgramDatabase.fromState(resume.progress.database);
      this.#applied = resume.progress.applied;
      this.#elapsedBefore = resume.progress.elapsedSeconds;
      this.#storedProgress = resume.progress;
      for (const candidate of resume.candidates) this.#remember(candidate);
      this.#next = this.candidates.length;
      // Saved with a progress from before the seed was registered (the seed's own write failed).
      if (this.#applied === 0 && this.candidates.length > 0) {
        this.#database.registerSeed(this.candidates[0]);
        this.#applied = 1;
      }
      // The database knows the codes of the candidates it registered: parse only those recorded since.
      this.#codes = this.#database.codeIndex();
      for (const candidate of resume.candidates.slice(this.#applied))
        if (candidate.code !== null) this.#codes.claim(candidate.code, candidate.id);
    }
  }

  /** How many recorded candidates the store has not taken yet. */
  get unsaved(): number {
    return this.#unsaved.length;
  }

  get nextIteration(): number {
    return this.#next;
  }

  /** The best scored candidate so far (the first to reach the top score), or null. */
  get best(): Candidate | null {
    return this.#best;
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
    this.#codes.claim(code, candidateId(0));
    const seed = evaluatedCandidate(draft, await this.#evaluate(code), null);
    // Registered before it is saved, so the progress saved with it already holds it.
    this.#database.registerSeed(seed);
    this.#applied = 1;
    await this.#record(seed);
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
    const plan = planIteration(this.#database, applied, this.#byId, this.#options.meta.settings.search, rng);
    this.#screening = { iteration, request: this.#screeningFor(plan) };
    return plan;
  }

  /** Starts evaluating `pending` (unless it is a parse error or a textual duplicate) and queues its record. */
  launch(pending: Pending): void {
    const iteration = this.#next++;
    let outcome: Promise<Candidate>;
    if ('record' in pending) {
      outcome = Promise.resolve(pending.record);
    } else {
      const twin = this.#codes.claim(pending.code, candidateId(iteration));
      if (twin) {
        const message = `the same code as ${twin} once comments and layout are ignored`;
        outcome = Promise.resolve(unevaluatedCandidate(pending.draft, { reason: 'duplicate', message }));
      } else {
        const screening = this.#screening?.iteration === iteration ? this.#screening.request : null;
        outcome = this.#evaluate(pending.code, screening).then((evaluation) =>
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

  /** Saves the progress with `status` (with any candidates not saved yet), and tells the listener. */
  async saveProgress(status: RunStatus): Promise<void> {
    const progress = this.progress(status);
    this.#elapsedBefore = progress.elapsedSeconds;
    // The clock runs only while the run does: a paused or ended run's elapsed time stays put.
    this.#sessionStart = status === 'running' ? this.#clock() : null;
    await this.#save(progress);
    this.#options.listener?.({ type: 'progress', progress });
  }

  #seed(): number {
    return this.#options.meta.settings.search.seed;
  }

  /**
   * Returns the progress to save with the candidate just recorded: made
   * afresh for the first hundred candidates and then after every 1% more,
   * else the one the store holds. Its program database grows with the run
   * (it names every code seen), so copying it for every candidate would cost
   * time that grows with the run; an older progress stays true for more
   * candidates, and a run resumed from it registers those again, the same way.
   */
  #progressToSave(): RunProgress {
    const recorded = this.candidates.length;
    if (recorded - this.#freshAt < Math.max(1, Math.floor(recorded / 100))) return this.#storedProgress;
    this.#freshAt = recorded;
    return this.progress('running');
  }

  #elapsed(): number {
    return (
      this.#elapsedBefore + (this.#sessionStart === null ? 0 : (this.#clock() - this.#sessionStart) / 1000)
    );
  }

  /**
   * Returns the staged-evaluation request for the candidate of `plan` (null:
   * score it on the whole sample set). The bar comes from the scores of its
   * island in the database the prompt is planned from, so the same seed
   * screens the same candidates on any number of workers and after a resume. Repairs
   * are scored in full: they answer a failure, and only the full
   * evaluation, with its verification, says whether the repair worked.
   * A run that chooses parents on two objectives (score and agreement with
   * its network) screens nothing: a candidate below the score bar may still
   * be a parent there, for its agreement.
   */
  #screeningFor(plan: IterationPlan): ScreeningRequest | null {
    if (plan.operator === 'repair' || plan.operator === 'seed') return null;
    const search: PlanConfig = this.#options.meta.settings.search;
    if (search.secondObjective === 'agreement') return null;
    return screeningRequest(search.screening, this.#database.scores(plan.island));
  }

  /** Evaluates `code` (staged with `screening`); an evaluator failure (MechLab's, not the code's) becomes a runtime error of the candidate. */
  async #evaluate(code: string, screening: ScreeningRequest | null = null): Promise<CandidateEvaluation> {
    try {
      return await this.#options.evaluator.evaluate(code, screening);
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
    this.#unsaved.push(record);
    await this.#save(this.#progressToSave());
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

  /**
   * Writes the candidates not saved yet, oldest first, the newest with
   * `progress`; with none, writes `progress` alone. A failure is reported
   * and the run goes on in memory (an export keeps it); the next save tries
   * again from the first candidate not saved, so the store never has a gap.
   */
  async #save(progress: RunProgress): Promise<void> {
    const { store, meta } = this.#options;
    try {
      if (this.#unsaved.length === 0) await store.saveProgress(meta.id, progress);
      while (this.#unsaved.length > 0) {
        const newest = this.#unsaved.length === 1;
        const written = newest ? progress : this.#storedProgress;
        await store.recordCandidate(meta.id, this.#unsaved[0], written);
        this.#unsaved.shift();
        this.#storedProgress = written;
      }
      this.#storedProgress = progress;
    } catch (error) {
      this.#storageFailed(error);
      return;
    }
    if (this.#storageFailing) {
      this.#storageFailing = false;
      const message = 'Saving works again: every candidate of this run is stored in the browser.';
      this.#options.listener?.({ type: 'storage', saved: true, unsaved: 0, message });
    }
  }

  #storageFailed(error: unknown): void {
    this.#storageFailing = true;
    const reason = error instanceof Error ? error.message : String(error);
    const unsaved = this.#unsaved.length;
    const held =
      unsaved === 0
        ? 'The run goes on in memory: export it now to keep its progress'
        : `The run goes on in memory with ${unsaved} candidate${unsaved === 1 ? '' : 's'} not saved: export it now to keep ${unsaved === 1 ? 'it' : 'them'}`;
    const message = `${reason.trim().replace(/\.?$/, '.')} ${held}; saving starts again by itself once the browser takes writes again.`;
    this.#options.listener?.({ type: 'storage', saved: false, unsaved, message });
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
