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
import { demoBackend, loadLocalModel, modelIdentity, modelNotLoaded, type ModelChoice } from './models.ts';
import { spawnBrowserEvaluator } from '../../platform/browserEvaluator.ts';
import type { IdbRunStore } from '../../platform/idbRunStore.ts';

export interface InFlight {
  readonly iteration: number;
  readonly operator: OperatorId;
  readonly island: number;
  readonly parentIds: readonly string[];
}

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
  /** The local model in memory, if one was loaded: runs that recorded it can use it. */
  #loaded: { identity: NonNullable<RunMeta['model']>; port: ModelPort } | null = null;
  #evaluator: EvaluatorPort | null = null;
  /** Records and reply text that arrived since the last frame: the page updates once per frame. */
  #pending: Candidate[] = [];
  #text = '';
  #frame = 0;

  constructor(store: IdbRunStore) {
    this.#store = store;
  }

  /** Creates a run with `settings`, loads its model if it is a local one, saves the run, and starts it. */
  async start(settings: RunSettings, name: string, choice: ModelChoice): Promise<void> {
    problemById(settings.problem).configure(settings.parameters);
    const now = Date.now();
    const meta: RunMeta = {
      id: `run-${now.toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
      name,
      createdAt: now,
      updatedAt: now,
      settings,
      model: modelIdentity(choice),
    };
    if (choice.kind !== 'demo') {
      this.#loaded = { identity: meta.model!, port: await loadLocalModel(meta, choice) };
    }
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

  /** Returns the run's model: the demo, the loaded local model, or a stand-in that asks for it to be loaded. */
  #modelFor(meta: RunMeta, used: number): ModelPort {
    const model = meta.model;
    if (!model || model.backend === 'scripted') return demoBackend(meta, used);
    const loaded = this.#loaded;
    if (loaded && loaded.identity.backend === model.backend && loaded.identity.model === model.model)
      return loaded.port;
    return modelNotLoaded(model);
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
