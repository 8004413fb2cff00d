/**
 * The lab's live state: the run on screen, its records as they arrive, the
 * reply streaming in, and the controls. It wires the engine to the
 * browser's seams — the demo model, the worker pool, IndexedDB — and holds
 * no mechanism logic. Only what changes is reactive; the candidate list is
 * replaced, never mutated ($state.raw).
 */
import { EvolutionRun } from '../../core/evolution/loop.ts';
import type { RunEvent } from '../../core/evolution/events.ts';
import type {
  EvaluatorPort,
  ModelPort,
  RunMeta,
  RunProgress,
  RunSettings,
  RunStatus,
} from '../../core/evolution/ports.ts';
import type { Candidate, OperatorId } from '../../core/evolution/record.ts';
import { createEvaluatorPool } from '../../core/evolution/evaluatorPool.ts';
import { problemById } from '../../core/problems/index.ts';
import type { ProblemId } from '../../core/problem.ts';
import { demoBackend, modelNotLoaded } from './models.ts';
import { spawnBrowserEvaluator } from '../../platform/browserEvaluator.ts';
import type { IdbRunStore } from '../../platform/idbRunStore.ts';

export interface InFlight {
  readonly iteration: number;
  readonly operator: OperatorId;
  readonly island: number;
  readonly parentIds: readonly string[];
}

/** Returns a port on the loaded model when it is the one a stored run used, else null. */
export type LoadedModelLookup = (
  model: NonNullable<RunMeta['model']>,
  problem: ProblemId,
) => ModelPort | null;

export class LabSession {
  meta = $state.raw<RunMeta | null>(null);
  candidates = $state.raw<readonly Candidate[]>([]);
  status = $state<RunStatus>('idle');
  /** The model's reply to the prompt in flight, as it streams in. */
  reply = $state('');
  inFlight = $state.raw<InFlight | null>(null);
  /** The last problem worth telling the user about (model failure, storage full). */
  notice = $state<string | null>(null);
  progress = $state.raw<RunProgress | null>(null);

  readonly best = $derived.by(() => {
    let best: Candidate | null = null;
    for (const c of this.candidates)
      if (c.status === 'ok' && c.score !== null && (!best || c.score > (best.score ?? -Infinity))) best = c;
    return best;
  });

  readonly #store: IdbRunStore;
  #run: EvolutionRun | null = null;
  /** The model `start` was given, until the new run takes it. */
  #given: ModelPort | null = null;
  /** Finds the loaded model for a stored run that is opened or resumed. */
  readonly #loadedModel: LoadedModelLookup;
  #evaluator: EvaluatorPort | null = null;
  /** Records and reply text that arrived since the last frame: the page updates once per frame. */
  #pending: Candidate[] = [];
  #text = '';
  #frame = 0;

  constructor(store: IdbRunStore, loadedModel: LoadedModelLookup = () => null) {
    this.#store = store;
    this.#loadedModel = loadedModel;
  }

  /**
   * Creates a run with `settings` that asks `model` (a loaded model's port;
   * null for the demo's scripted replies), saves it, and starts it.
   */
  async start(settings: RunSettings, name: string, model: ModelPort | null): Promise<void> {
    problemById(settings.problem).configure(settings.parameters);
    const now = Date.now();
    const meta: RunMeta = {
      id: `run-${now.toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
      name,
      createdAt: now,
      updatedAt: now,
      settings,
      model: model
        ? { backend: model.backend, model: model.model }
        : { backend: 'scripted', model: 'scripted:demo' },
    };
    this.#given = model;
    await this.#store.createRun(meta);
    await this.#attach(meta, null, []);
    void this.resume();
  }

  /** Shows a stored run; a run that was running when the page closed shows as paused, ready to resume. */
  async open(runId: string): Promise<void> {
    const saved = await this.#store.loadRun(runId);
    if (!saved) throw new Error(`run ${runId} is not in this browser's storage`);
    await this.#attach(saved.meta, saved.progress, saved.candidates);
  }

  async resume(): Promise<void> {
    const run = this.#run;
    if (!run || run.status === 'running') return;
    this.notice = null;
    const status = await run.run();
    this.inFlight = null;
    this.status = status;
  }

  pause(): void {
    this.#run?.pause();
  }

  stop(): void {
    this.#run?.stop();
  }

  async #attach(meta: RunMeta, progress: RunProgress | null, candidates: Candidate[]): Promise<void> {
    await this.#detach();
    const instance = problemById(meta.settings.problem).configure(meta.settings.parameters);
    const { search } = meta.settings;
    this.#evaluator = createEvaluatorPool({
      size: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)),
      timeoutMs: search.evaluationTimeoutMs,
      spawn: spawnBrowserEvaluator,
      setup: {
        problem: meta.settings.problem,
        parameters: meta.settings.parameters,
        seed: search.seed,
        samples: search.samples,
      },
    });
    const used = Math.max(0, candidates.length - 1);
    this.#run = new EvolutionRun({
      meta,
      instance,
      model: this.#modelFor(meta, used),
      evaluator: this.#evaluator,
      store: this.#store,
      listener: (event) => this.#onEvent(event),
      resume: progress
        ? {
            progress: { ...progress, status: progress.status === 'running' ? 'paused' : progress.status },
            candidates,
          }
        : undefined,
    });
    this.meta = meta;
    this.candidates = candidates;
    this.progress = progress;
    this.status = this.#run.status;
    this.reply = '';
    this.inFlight = null;
    this.notice = null;
  }

  /** Returns the run's model: the demo, the model it was given or the loaded one, or a stand-in that asks for it. */
  #modelFor(meta: RunMeta, used: number): ModelPort {
    const model = meta.model;
    if (!model || model.backend === 'scripted') return demoBackend(meta, used);
    const given = this.#given;
    this.#given = null;
    if (given && given.backend === model.backend && given.model === model.model) return given;
    return this.#loadedModel(model, meta.settings.problem) ?? modelNotLoaded(model);
  }

  async #detach(): Promise<void> {
    this.#run?.stop();
    this.#run = null;
    await this.#evaluator?.close();
    this.#evaluator = null;
  }

  #schedule(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (this.#pending.length > 0) this.candidates = [...this.candidates, ...this.#pending];
      if (this.#text) this.reply += this.#text;
      this.#pending = [];
      this.#text = '';
    });
  }

  #onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'status':
        this.status = event.status;
        break;
      case 'prompt':
        this.inFlight = event;
        this.reply = '';
        this.#text = '';
        break;
      case 'text':
        this.#text += event.delta;
        this.#schedule();
        break;
      case 'candidate':
        // Batch list updates to one per frame: a fast scripted model records many per frame.
        this.#pending.push(event.candidate);
        this.#schedule();
        break;
      case 'progress':
        this.progress = event.progress;
        break;
      case 'error':
        this.notice = event.message;
        break;
    }
  }
}
