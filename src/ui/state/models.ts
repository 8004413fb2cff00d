/**
 * The language models the lab can use, and loading them: the demo (no
 * model), a WebLLM model on the GPU (from WebLLM's list, or bundled with
 * this copy of MechLab), or a GGUF model on the CPU through wllama (bundled,
 * from a URL, or a file on this computer). A loaded model is held by the
 * model panel; each run takes a port on it, constrained by the grammar of
 * its problem's function when the user wants that.
 */
import wllamaWasm from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { AppConfig, InitProgressReport } from '@mlc-ai/web-llm';
import type { ModelPort, RunMeta } from '../../core/evolution/ports.ts';
import { ModelUnavailableError, isAbortError } from '../../llm/backend.ts';
import {
  BundleIndexError,
  bundledGgufUrl,
  bundledWebLlmRecord,
  readBundleIndex,
  singleModelConfig,
  type BundleEntry,
} from '../../llm/bundles.ts';
import { ggufFileName, readStoredGguf, storeGguf } from '../../llm/ggufCache.ts';
import { downloadModelFile } from '../../llm/modelDownload.ts';
import { createWllamaBackend } from '../../llm/wllama.ts';
import { loadWebLlmBackend, type WebLlmBackend } from '../../llm/webllm.ts';
import { webLlmFilesUrl } from '../../llm/webllmCache.ts';

/** A model to load. */
export type ModelSelection =
  /** A model of WebLLM's list; `bundle` when this origin serves its files. */
  | { readonly kind: 'webllm'; readonly id: string; readonly bundle: BundleEntry | null }
  /** A GGUF file at a URL; `bundle` when it is one of this origin's bundles. */
  | { readonly kind: 'wllama-url'; readonly url: string; readonly bundle: BundleEntry | null }
  /** A GGUF file the user picked: read in place, never copied. */
  | { readonly kind: 'wllama-file'; readonly file: File };

/** Where a load has got to. */
export interface LoadReport {
  /** Bytes in hand, when known. */
  readonly loaded: number | null;
  /** Bytes in all, when known. */
  readonly total: number | null;
  /** From 0 to 1, when known. */
  readonly fraction: number | null;
  /** What is happening, in the backend's words where it has some. */
  readonly text: string;
}

/** A model in memory, ready for runs. */
export interface LoadedModel {
  readonly backend: 'webllm' | 'wllama';
  /** The model id runs record. */
  readonly model: string;
  /** Where it came from, for the panel: 'bundled', 'hub', 'URL', 'file'. */
  readonly origin: string;
  /** Returns a port on the model; every reply follows `grammar` (GBNF) when one is given. */
  port(grammar: string | undefined): ModelPort;
  /** Frees the model's memory (and WebLLM's worker); ports stop working. */
  unload(): Promise<void>;
}

/** Returns the URL of this build's models/ folder, where offline bundles live. */
export function modelsBaseUrl(): URL {
  return new URL(`${import.meta.env.BASE_URL}models/`, globalThis.location?.href ?? 'http://localhost/');
}

/**
 * Returns the bundles listed in models/index.json: none when the build has
 * no index (a 404, silently). Throws BundleIndexError for an index that
 * cannot be read, and an Error when the server fails.
 */
export async function discoverBundles(modelsBase: URL = modelsBaseUrl()): Promise<BundleEntry[]> {
  const response = await fetch(new URL('index.json', modelsBase), { cache: 'no-cache' });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`models/index.json: the server answered HTTP ${response.status}`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new BundleIndexError(
      'models/index.json is not valid JSON; run `npm run fetch-model -- --index` to rebuild it',
    );
  }
  return readBundleIndex(json);
}

/** Returns WebLLM's list of models (the 6 MB package loads on first use). */
export async function webLlmAppConfig(): Promise<AppConfig> {
  return (await import('@mlc-ai/web-llm')).prebuiltAppConfig;
}

/** Matches WebLLM's progress text "…: 150MB fetched. …" to read the bytes it has. */
const fetchedPattern = /(\d+(?:\.\d+)?)\s*MB fetched/;

/** Returns the load report of WebLLM's progress, with `total` bytes when they are known (bundles). */
export function webLlmReport(report: InitProgressReport, total: number | null): LoadReport {
  const megabytes = fetchedPattern.exec(report.text)?.[1];
  return {
    loaded: megabytes === undefined ? null : Number(megabytes) * 1024 * 1024,
    total,
    fraction: Number.isFinite(report.progress) ? Math.min(1, Math.max(0, report.progress)) : null,
    text: report.text,
  };
}

interface LoadOptions {
  readonly signal: AbortSignal;
  readonly onProgress: (report: LoadReport) => void;
  readonly modelsBase?: URL;
  /** Called when the loaded model is lost (WebLLM: the GPU device), with what happened. */
  readonly onLost?: (message: string) => void;
  /** Called when a GGUF file from a URL could not be kept in this browser, with why. */
  readonly onNotStored?: (message: string) => void;
}

/** Returns the WebLLM app config a selection loads with: the bundle's own record, or WebLLM's list. */
async function appConfigFor(
  selection: Extract<ModelSelection, { kind: 'webllm' }>,
  modelsBase: URL,
): Promise<AppConfig | undefined> {
  const bundle = selection.bundle;
  if (!bundle || bundle.kind !== 'webllm') return undefined;
  const record = bundledWebLlmRecord(modelsBase, bundle, await webLlmAppConfig());
  if (!record)
    throw new ModelUnavailableError(
      `the bundled model ${bundle.id} is not in this WebLLM version's list: bundle a model from \`npm run fetch-model -- --list\``,
    );
  return singleModelConfig(record);
}

/** Returns the first of a bundled model's key files the server does not have, with its status; null if all are there. */
async function missingBundleFile(appConfig: AppConfig): Promise<{ url: string; status: number } | null> {
  const record = appConfig.model_list[0];
  if (!record) return null;
  const files = webLlmFilesUrl(record.model);
  const urls = [
    new URL('mlc-chat-config.json', files).href,
    new URL('tensor-cache.json', files).href,
    record.model_lib,
  ];
  for (const url of urls) {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store' }).catch(() => null);
    if (response && !response.ok) return { url, status: response.status };
  }
  return null;
}

async function loadWebLlm(
  selection: Extract<ModelSelection, { kind: 'webllm' }>,
  options: LoadOptions,
): Promise<LoadedModel> {
  const total = selection.bundle?.bytes ?? null;
  options.onProgress({ loaded: null, total, fraction: 0, text: 'Starting WebLLM…' });
  const appConfig = await appConfigFor(selection, options.modelsBase ?? modelsBaseUrl());
  let backend: WebLlmBackend;
  try {
    backend = await loadWebLlmBackend({
      modelId: selection.id,
      ...(appConfig ? { appConfig } : {}),
      worker: () =>
        new Worker(new URL('../../../workers/webllm.worker.ts', import.meta.url), { type: 'module' }),
      onProgress: (report) => options.onProgress(webLlmReport(report, total)),
      signal: options.signal,
      ...(options.onLost ? { onLost: options.onLost } : {}),
    });
  } catch (error) {
    // WebLLM reports a missing file as a failed cache write; for a bundle, say which file and how to restore it.
    const missing = appConfig && !isAbortError(error) ? await missingBundleFile(appConfig) : null;
    if (!missing) throw error;
    throw new ModelUnavailableError(
      `The bundle of ${selection.id} in this copy of MechLab is incomplete: ${missing.url} is missing ` +
        `(HTTP ${missing.status}). Run \`npm run fetch-model -- ${selection.id}\` again, then rebuild (npm run build)`,
      { cause: error },
    );
  }
  return {
    backend: 'webllm',
    model: selection.id,
    origin: selection.bundle ? 'bundled' : 'hub',
    port: (grammar) => (grammar === undefined ? backend : backend.constrained(grammar)),
    unload: () => backend.unload(),
  };
}

async function loadWllama(
  selection: Exclude<ModelSelection, { kind: 'webllm' }>,
  options: LoadOptions,
): Promise<LoadedModel> {
  const { signal, onProgress } = options;
  const common = {
    wasmPaths: { default: wllamaWasm },
    signal,
  };
  let file: Blob;
  let model: string;
  let origin: string;
  if (selection.kind === 'wllama-file') {
    file = selection.file;
    model = selection.file.name;
    origin = 'file';
  } else {
    model = ggufFileName(selection.url);
    // A file from elsewhere is kept in this browser after its first load; a bundle is on this origin already.
    const storage = !selection.bundle && 'caches' in globalThis ? caches : null;
    const stored = storage ? await readStoredGguf(selection.url, storage) : null;
    origin = selection.bundle ? 'bundled' : stored ? 'URL, stored in this browser' : 'URL';
    file =
      stored ??
      (await downloadModelFile(selection.url, {
        signal,
        ...(selection.bundle ? { expectedBytes: selection.bundle.bytes } : {}),
        onProgress: (loaded, total) =>
          onProgress({
            loaded,
            total,
            fraction: total ? loaded / total : null,
            text: `Downloading ${model}`,
          }),
      }));
    if (storage && !stored) {
      onProgress({
        loaded: file.size,
        total: file.size,
        fraction: 1,
        text: `Storing ${model} in this browser…`,
      });
      // A browser that refuses (storage full) still loads the model: it is only read again next time.
      await storeGguf(selection.url, file, storage).catch((error: unknown) =>
        options.onNotStored?.(
          `${model} was not stored in this browser (${error instanceof Error ? error.message : String(error)}): the next load downloads it again`,
        ),
      );
    }
  }
  onProgress({
    loaded: file.size,
    total: file.size,
    fraction: 1,
    text: `Loading ${model} into memory (llama.cpp, WebAssembly)…`,
  });
  const backend = await createWllamaBackend({ ...common, modelFile: file, model });
  return {
    backend: 'wllama',
    model,
    origin,
    port: (grammar) => (grammar === undefined ? backend : backend.constrained(grammar)),
    unload: () => backend.unload(),
  };
}

/**
 * Loads `selection` and reports progress; rejects with ModelUnavailableError
 * (the message says what to do) or an AbortError when `signal` aborts.
 */
export function loadModel(selection: ModelSelection, options: LoadOptions): Promise<LoadedModel> {
  return selection.kind === 'webllm' ? loadWebLlm(selection, options) : loadWllama(selection, options);
}

/** Returns the selection of a bundle. */
export function bundleSelection(entry: BundleEntry, modelsBase: URL = modelsBaseUrl()): ModelSelection {
  return entry.kind === 'webllm'
    ? { kind: 'webllm', id: entry.id, bundle: entry }
    : { kind: 'wllama-url', url: bundledGgufUrl(modelsBase, entry), bundle: entry };
}

/** Returns a readable label of a run's model. */
export function modelLabel(model: RunMeta['model']): string {
  if (!model || model.backend === 'scripted')
    return 'Demo — scripted replies, no language model (scores are real evaluations)';
  if (model.backend === 'wllama') return `${model.model} on the CPU (wllama)`;
  if (model.backend === 'webllm') return `${model.model} on the GPU (WebLLM)`;
  return `${model.model} (${model.backend})`;
}

/** A stand-in for a model that is not loaded: every request fails, so the run pauses and says why. */
export function modelNotLoaded(model: NonNullable<RunMeta['model']>): ModelPort {
  return {
    ...model,
    generate: () =>
      Promise.reject(
        new ModelUnavailableError(
          `the model ${model.model} is not loaded; load it in the model panel (New run) to resume this run`,
        ),
      ),
  };
}
