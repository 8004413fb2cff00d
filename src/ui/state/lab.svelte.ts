/**
 * The lab's live state: the run on screen, its records as they arrive, the
 * reply streaming in, and the controls. It wires the engine to the
 * browser's seams — the demo model, the worker pool, IndexedDB — and holds
 * no mechanism logic. Only what changes is reactive; the candidate list is
 * replaced, never mutated ($state.raw).
 */
import type { EvolutionRun } from '../../core/evolution/loop.ts';
import type { demoModel as DemoModel } from '../../llm/demoModel.ts';
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
import { problemById } from '../../core/problems/index.ts';
import type { ProblemId } from '../../core/problem.ts';
import { modelNotLoaded } from './models.ts';
import type { IdbRunStore } from '../../platform/idbRunStore.ts';
import { serialiseRun } from '../../core/evolution/runFile.ts';
import { RunAnnouncer, watchRun } from '../../platform/runChannel.ts';
import { tryLockRun, waitForRunLock, type RunLock } from '../../platform/runLock.ts';

/** What the last write to the browser's storage came to, when it matters: failing (the run is in memory), or working again. */
export interface StorageState {
  readonly saved: boolean;
  /** Candidates held only in memory: an export keeps them. */
  readonly unsaved: number;
  readonly message: string;
}

/** What a tab that shows a run another tab runs tells the user. */
export const readOnlyMessage =
  'This run is open in another tab, which runs it: this tab shows it read-only and follows its progress. ' +
  'It takes the run over as soon as that tab lets go of it (opens another run, or is closed).';

/** What a tab tells the user when it took over a run another tab let go of. */
export const takenOverMessage = 'The other tab let go of this run, so this tab has it now: resume it here.';

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
  /** Saving failed (the run goes on in memory, export it) or works again; null while all is well. */
  storage = $state.raw<StorageState | null>(null);
  /** Another tab runs this run: this tab shows it read-only and follows along, until that tab lets go. */
  readOnly = $state(false);

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
  /** The lock of the run this tab runs (runLock.ts); null while read-only or with no run. */
  #lock: RunLock | null = null;
  /** Stops waiting for the lock of the run shown read-only. */
  #waiting: AbortController | null = null;
  /** Tells read-only tabs that this run changed. */
  #announcer: RunAnnouncer | null = null;
  /** Stops following the run another tab runs. */
  #unwatch: (() => void) | null = null;
  /** The run's run() in progress: detaching waits for it, so evaluations in flight are recorded. */
  #running: Promise<RunStatus> | null = null;
  #following: Promise<void> | null = null;
  #followAgain = false;
  /**
   * resume() asks the model panel for the run's model first: set for a run
   * opened from storage, and after the model failed (not loaded, GPU lost),
   * so the model the user loaded since is the one asked.
   */
  #askPanel = false;

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

  /**
   * Shows a stored run; a run that was running when the page closed shows
   * as paused, ready to resume. A run another tab runs shows read-only.
   */
  async open(runId: string): Promise<void> {
    // Let go of the run on screen first: it may be this very run, whose lock this tab holds.
    await this.#detach();
    const lock = await tryLockRun(runId);
    try {
      const saved = await this.#store.loadRun(runId);
      if (!saved) throw new Error(`run ${runId} is not in this browser's storage`);
      await this.#attach(saved.meta, saved.progress, saved.candidates, lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  /** Runs the run on (again); asks the model panel for the run's model first, in case it was loaded again. */
  async resume(): Promise<void> {
    if (this.readOnly) {
      this.notice = readOnlyMessage;
      return;
    }
    const run = this.#run;
    if (!run || run.status === 'running') return;
    this.notice = null;
    const model = this.meta?.model;
    if (this.#askPanel && model && model.backend !== 'scripted' && this.meta) {
      const loaded = this.#loadedModel(model, this.meta.settings.problem);
      if (loaded) run.useModel(loaded);
    }
    this.#askPanel = false;
    const running = (this.#running = run.run());
    const status = await running;
    if (this.#run !== run) return;
    this.#running = null;
    this.inFlight = null;
    this.status = status;
  }

  /** Returns the run file of the run on screen, from memory while this tab runs it: it holds what storage could not keep. */
  async exportText(): Promise<string> {
    const meta = this.meta;
    if (!meta) throw new Error('There is no run on screen to export.');
    return this.#run ? serialiseRun(this.#run.snapshot(), Date.now()) : this.#store.exportRun(meta.id);
  }

  pause(): void {
    this.#run?.pause();
  }

  stop(): void {
    this.#run?.stop();
  }

  /**
   * Puts run `meta` on screen with its records. With `lock` (or the lock
   * taken here when none is passed) this tab runs it; when another tab holds
   * the lock, it is shown read-only.
   */
  async #attach(
    meta: RunMeta,
    progress: RunProgress | null,
    candidates: Candidate[],
    lock?: RunLock | null,
  ): Promise<void> {
    // The engine comes with the first run on screen, not with the page (engine.ts).
    const engine = await import('./engine.ts');
    await this.#detach();
    const held = lock === undefined ? await tryLockRun(meta.id) : lock;
    let instance;
    let promptSettings;
    try {
      instance = problemById(meta.settings.problem).configure(meta.settings.parameters);
      // An NN-assisted run shows the network's examples in its prompts, on resume too.
      const { network } = meta.settings;
      promptSettings = network ? engine.networkPromptSettings(network, instance) : undefined;
    } catch (error) {
      held?.release();
      throw error;
    }
    this.#clearFrame();
    if (!held) {
      this.#showReadOnly(meta, progress, candidates);
      return;
    }
    this.#lock = held;
    this.#announcer = new RunAnnouncer(meta.id);
    const { search } = meta.settings;
    this.#evaluator = engine.createEvaluatorPool({
      size: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)),
      timeoutMs: search.evaluationTimeoutMs,
      spawn: engine.spawnBrowserEvaluator,
      setup: {
        problem: meta.settings.problem,
        parameters: meta.settings.parameters,
        seed: search.seed,
        samples: search.samples,
        ...(meta.settings.network ? { network: meta.settings.network } : {}),
      },
    });
    const used = Math.max(0, candidates.length - 1);
    const run: EvolutionRun = new engine.EvolutionRun({
      meta,
      instance,
      model: this.#modelFor(meta, used, engine.demoModel),
      evaluator: this.#evaluator,
      store: this.#store,
      promptSettings,
      // A run let go of may still report its last steps: only the run on screen updates the page.
      listener: (event) => {
        if (this.#run === run) this.#onEvent(event);
      },
      resume: progress
        ? {
            progress: { ...progress, status: progress.status === 'running' ? 'paused' : progress.status },
            candidates,
          }
        : undefined,
    });
    this.#run = run;
    this.#askPanel = progress !== null;
    this.meta = meta;
    this.candidates = candidates;
    this.progress = progress;
    this.status = run.status;
    this.reply = '';
    this.inFlight = null;
    this.notice = null;
    this.storage = null;
    this.readOnly = false;
  }

  /** Shows a run another tab runs, follows what that tab records, and takes the run over once it lets go. */
  #showReadOnly(meta: RunMeta, progress: RunProgress | null, candidates: Candidate[]): void {
    this.meta = meta;
    this.candidates = candidates;
    this.progress = progress;
    this.status = progress?.status ?? 'idle';
    this.reply = '';
    this.inFlight = null;
    this.notice = null;
    this.storage = null;
    this.readOnly = true;
    this.#unwatch = watchRun(meta.id, () => this.#follow(meta.id));
    this.#follow(meta.id); // what was recorded between loading the run and listening
    const waiting = (this.#waiting = new AbortController());
    waitForRunLock(meta.id, waiting.signal).then(
      (lock) => void this.#takeOver(meta.id, lock, waiting.signal),
      () => undefined, // aborted: this tab let go of the run first
    );
  }

  /** Loads what the tab that runs run `runId` recorded since this tab last looked (one load at a time). */
  #follow(runId: string): void {
    if (this.#following) {
      this.#followAgain = true;
      return;
    }
    this.#following = (async () => {
      do {
        this.#followAgain = false;
        const tail = await this.#store.loadRunFrom(runId, this.candidates.length);
        if (!tail || !this.readOnly || this.meta?.id !== runId) return;
        if (tail.candidates.length > 0) this.candidates = [...this.candidates, ...tail.candidates];
        this.progress = tail.progress;
        this.status = tail.progress.status;
      } while (this.#followAgain);
    })()
      .catch((error: unknown) => {
        this.notice = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        this.#following = null;
      });
  }

  /** Makes this tab run run `runId`, now that the tab that ran it let go, from what is stored. */
  async #takeOver(runId: string, lock: RunLock, cancelled: AbortSignal): Promise<void> {
    if (cancelled.aborted || this.meta?.id !== runId) {
      lock.release();
      return;
    }
    this.#waiting = null;
    try {
      const saved = await this.#store.loadRun(runId);
      if (!saved || cancelled.aborted) {
        lock.release();
        return;
      }
      await this.#attach(saved.meta, saved.progress, saved.candidates, lock);
      this.notice = takenOverMessage;
    } catch (error) {
      lock.release();
      this.notice = error instanceof Error ? error.message : String(error);
    }
  }

  /** Returns the run's model: the demo, the model it was given or the loaded one, or a stand-in that asks for it. */
  #modelFor(meta: RunMeta, used: number, demoModel: typeof DemoModel): ModelPort {
    const model = meta.model;
    if (!model || model.backend === 'scripted') {
      const { problem, search, budget } = meta.settings;
      // Streamed at a readable pace; the same replies as `mechlab run --backend demo` with these settings.
      return demoModel({ problem, seed: search.seed, budget: budget.candidates, used, delayMs: 4 });
    }
    const given = this.#given;
    this.#given = null;
    if (given && given.backend === model.backend && given.model === model.model) return given;
    return this.#loadedModel(model, meta.settings.problem) ?? modelNotLoaded(model);
  }

  /**
   * Lets go of the run on screen: a running run is paused (not stopped, so
   * it can be resumed later) and its evaluations in flight are recorded
   * before its workers end; then its lock is released for other tabs.
   */
  async #detach(): Promise<void> {
    const run = this.#run;
    const running = this.#running;
    this.#run = null;
    this.#running = null;
    if (run) {
      run.pause();
      await running?.catch(() => undefined);
    }
    await this.#evaluator?.close();
    this.#evaluator = null;
    this.#announcer?.close();
    this.#announcer = null;
    this.#lock?.release();
    this.#lock = null;
    this.#waiting?.abort();
    this.#waiting = null;
    this.#unwatch?.();
    this.#unwatch = null;
    this.readOnly = false;
  }

  /** Forgets the records and reply text waiting for the next frame (they belong to the run let go of). */
  #clearFrame(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#pending = [];
    this.#text = '';
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
        if (event.paused) this.#askPanel = true;
        break;
      case 'storage':
        this.storage = { saved: event.saved, unsaved: event.unsaved, message: event.message };
        break;
    }
    if (event.type === 'candidate' || event.type === 'progress' || event.type === 'status')
      this.#announcer?.changed();
  }
}
