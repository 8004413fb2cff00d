/**
 * The model panel's state: which backend and model the user chose, the
 * load in progress (bytes, share, the backend's words, elapsed time) with
 * cancel, the model in memory, the bundles this build serves, and the
 * WebLLM models this browser keeps. Runs take their model from here, so a
 * model is loaded once and used by every run until it is unloaded.
 */
import type { ModelPort, RunMeta } from '../../core/evolution/ports.ts';
import type { ProblemId } from '../../core/problem.ts';
import { problemById } from '../../core/problems/index.ts';
import { isAbortError } from '../../llm/backend.ts';
import { bundledModelFits, bundledWebLlmRecord, type BundleEntry } from '../../llm/bundles.ts';
import { modelCatalogue, type CatalogueEntry, type ModelFit } from '../../llm/catalogue.ts';
import { deleteStoredGguf, listStoredGguf, type StoredGguf } from '../../llm/ggufCache.ts';
import { heuristicGrammar } from '../../llm/grammar.ts';
import {
  deleteCachedWebLlmModel,
  listCachedWebLlmModels,
  type CachedWebLlmModel,
  type KnownModel,
} from '../../llm/webllmCache.ts';
import type { BrowserCapabilities } from '../../platform/capabilities.ts';
import {
  discoverBundles,
  loadModel,
  modelsBaseUrl,
  webLlmAppConfig,
  type LoadReport,
  type LoadedModel,
  type ModelSelection,
} from './models.ts';

export type BackendChoice = 'demo' | 'webllm' | 'wllama';

/** A load under way. */
export interface Loading {
  /** What is being loaded, for the panel. */
  readonly name: string;
  readonly startedAt: number;
  readonly report: LoadReport;
}

/** Returns the message of `error`. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const noFits: ReadonlyMap<string, ModelFit> = new Map();

export class LocalModel {
  backend = $state<BackendChoice>('demo');
  /** Whether runs constrain replies with the grammar of their problem's function. */
  grammar = $state(true);
  loading = $state.raw<Loading | null>(null);
  loaded = $state.raw<LoadedModel | null>(null);
  /** Why the last load failed, or that it was cancelled. */
  error = $state<string | null>(null);
  /** The clock while a load runs, so the elapsed time counts up. */
  now = $state(0);
  bundles = $state.raw<readonly BundleEntry[]>([]);
  /** Why the bundle index could not be read (a missing index is not an error). */
  bundleError = $state<string | null>(null);
  /** WebLLM's list marked for this browser; null until the WebLLM backend is first chosen. */
  catalogue = $state.raw<readonly CatalogueEntry[] | null>(null);
  /** Whether each bundled WebLLM model fits this GPU, by id (known once WebLLM's list is read). */
  bundleFits = $state.raw<ReadonlyMap<string, ModelFit>>(noFits);
  /** The WebLLM models this browser keeps; null until listed. */
  cached = $state.raw<readonly CachedWebLlmModel[] | null>(null);
  cacheError = $state<string | null>(null);
  /** The GGUF files this browser keeps from earlier loads by URL; null before the first listing. */
  storedGguf = $state.raw<readonly StoredGguf[] | null>(null);
  /** Why a GGUF file could not be kept, listed or deleted. */
  ggufError = $state<string | null>(null);

  readonly elapsedSeconds = $derived(
    this.loading ? Math.max(0, (this.now - this.loading.startedAt) / 1000) : 0,
  );

  #abort: AbortController | null = null;
  #clock = 0;
  readonly #modelsBase: URL;

  constructor(modelsBase: URL = modelsBaseUrl()) {
    this.#modelsBase = modelsBase;
  }

  /** Reads the bundle index of this build; a build without one has no bundles, silently. */
  async discover(): Promise<void> {
    try {
      this.bundles = await discoverBundles(this.#modelsBase);
      this.bundleError = null;
    } catch (error) {
      this.bundles = [];
      this.bundleError = `Bundled models could not be listed: ${messageOf(error)}`;
    }
  }

  /** Lists WebLLM's models marked for this browser (once), and whether the bundled ones fit. */
  async prepareWebLlm(capabilities: BrowserCapabilities): Promise<void> {
    const prebuilt = await webLlmAppConfig();
    if (!this.catalogue) this.catalogue = modelCatalogue(prebuilt, capabilities);
    this.bundleFits = bundledModelFits(this.bundles, this.#modelsBase, prebuilt, capabilities);
  }

  /** Returns every model WebLLM may have stored here: its whole list and this build's bundles. */
  async #knownModels(): Promise<KnownModel[]> {
    const prebuilt = await webLlmAppConfig();
    const bundled = this.bundles.flatMap((entry) => {
      const record = entry.kind === 'webllm' ? bundledWebLlmRecord(this.#modelsBase, entry, prebuilt) : null;
      return record ? [{ record, source: 'bundle' as const }] : [];
    });
    return [...bundled, ...prebuilt.model_list.map((record) => ({ record, source: 'hub' as const }))];
  }

  /** Lists the WebLLM models and the GGUF files this browser keeps, with their sizes. */
  async refreshCache(): Promise<void> {
    if (!('caches' in globalThis)) {
      this.cached = [];
      this.storedGguf = [];
      this.cacheError = this.ggufError =
        'This browser has no Cache Storage (the page must be served over HTTPS or from localhost)';
      return;
    }
    try {
      this.storedGguf = await listStoredGguf(caches);
    } catch (error) {
      this.ggufError = `The stored GGUF files could not be listed: ${messageOf(error)}`;
    }
    try {
      this.cached = await listCachedWebLlmModels(await this.#knownModels(), caches);
      this.cacheError = null;
    } catch (error) {
      this.cacheError = `The stored models could not be listed: ${messageOf(error)}`;
    }
  }

  /** Deletes a GGUF file kept from a load by URL (a loaded copy stays usable until unloaded). */
  async deleteStoredGguf(file: StoredGguf): Promise<void> {
    try {
      await deleteStoredGguf(file.url, caches);
      this.ggufError = null;
    } catch (error) {
      this.ggufError = `${file.name} could not be deleted: ${messageOf(error)}`;
    }
    await this.refreshCache();
  }

  /** Deletes a stored WebLLM model's files (a loaded copy stays usable until unloaded). */
  async deleteCached(model: CachedWebLlmModel): Promise<void> {
    try {
      await deleteCachedWebLlmModel(model, this.cached ?? [], caches);
    } catch (error) {
      this.cacheError = `${model.id} could not be deleted: ${messageOf(error)}`;
    }
    await this.refreshCache();
  }

  /** Loads `selection` (unloading the model in memory first); `name` is what the panel shows meanwhile. */
  async load(selection: ModelSelection, name: string): Promise<void> {
    this.cancel();
    await this.unload();
    const abort = new AbortController();
    this.#abort = abort;
    this.error = null;
    const startedAt = Date.now();
    this.now = startedAt;
    this.loading = {
      name,
      startedAt,
      report: { loaded: null, total: null, fraction: null, text: 'Starting…' },
    };
    window.clearInterval(this.#clock);
    this.#clock = window.setInterval(() => (this.now = Date.now()), 250);
    let model: LoadedModel | null = null;
    try {
      model = await loadModel(selection, {
        signal: abort.signal,
        modelsBase: this.#modelsBase,
        onProgress: (report) => {
          if (this.#abort === abort && this.loading) this.loading = { ...this.loading, report };
        },
        onNotStored: (message) => (this.ggufError = message),
        // A lost GPU takes the model with it: the panel says so, and offers the load again.
        onLost: (message) => {
          if (!model || this.loaded !== model) return;
          this.loaded = null;
          this.error = `${name} is no longer loaded: ${message}`;
        },
      });
      if (abort.signal.aborted) await model.unload();
      else this.loaded = model;
    } catch (error) {
      if (this.#abort === abort)
        this.error = isAbortError(error) ? `Loading ${name} was cancelled` : messageOf(error);
    } finally {
      if (this.#abort === abort) {
        this.#abort = null;
        this.loading = null;
        window.clearInterval(this.#clock);
      }
    }
    if (selection.kind !== 'wllama-file') await this.refreshCache();
  }

  /** Stops the load under way, if any; the load then ends with a 'cancelled' message. */
  cancel(): void {
    const abort = this.#abort;
    if (!abort) return;
    abort.abort();
  }

  /** Frees the model in memory; runs that use it pause with a message until a model is loaded again. */
  async unload(): Promise<void> {
    const model = this.loaded;
    this.loaded = null;
    try {
      await model?.unload();
    } catch (error) {
      this.error = `${model?.model} did not unload cleanly: ${messageOf(error)}`;
    }
  }

  /** Returns whether a run can start with the chosen backend: the demo, or a loaded model of that backend. */
  ready(): boolean {
    return this.backend === 'demo' || this.loaded?.backend === this.backend;
  }

  /** Returns the port a new run of `problem` uses: null for the demo, the loaded model otherwise. */
  runPort(problem: ProblemId): ModelPort | null | 'not-loaded' {
    if (this.backend === 'demo') return null;
    const model = this.loaded;
    if (!model || model.backend !== this.backend) return 'not-loaded';
    return model.port(this.grammar ? heuristicGrammar(problemById(problem).heuristic) : undefined);
  }

  /** Returns a port for a stored run's model when that model is the one loaded, else null. */
  portFor(identity: NonNullable<RunMeta['model']>, problem: ProblemId): ModelPort | null {
    const model = this.loaded;
    if (!model || model.backend !== identity.backend || model.model !== identity.model) return null;
    return model.port(this.grammar ? heuristicGrammar(problemById(problem).heuristic) : undefined);
  }
}
