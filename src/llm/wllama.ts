/**
 * The wllama backend: llama.cpp compiled to WebAssembly, running a GGUF
 * model on the CPU in browsers without WebGPU. The caller imports the wasm
 * (`import wasm from '@wllama/wllama/esm/wasm/wllama.wasm?url'`) and passes
 * its URL, and the package itself is imported lazily, so this module loads
 * in Node and its tests inject a stand-in for the Wllama class.
 */
import type {
  AssetsPathConfig,
  ChatCompletionChunk,
  ChatCompletionParams,
  LoadModelParams,
  WllamaConfig,
} from '@wllama/wllama';
import type { GenerateRequest, GenerateResult, ModelPort } from '../core/evolution/ports.ts';
import {
  GenerationError,
  ModelUnavailableError,
  abortError,
  isAbortError,
  throwIfAborted,
  untilAborted,
} from './backend.ts';
import { decodeRate } from './usage.ts';

/** The part of the Wllama class this backend uses. */
export interface WllamaEngine {
  loadModelFromUrl(
    url: string,
    params: LoadModelParams & { progressCallback?: (p: { loaded: number; total: number }) => void },
  ): Promise<void>;
  loadModel(blobs: Blob[], params: LoadModelParams): Promise<void>;
  createChatCompletion(
    options: ChatCompletionParams & { stream: true; onData: (chunk: ChatCompletionChunk) => void },
  ): Promise<void>;
  exit(): Promise<void>;
}

export type WllamaConstructor = new (paths: AssetsPathConfig, config?: WllamaConfig) => WllamaEngine;

export interface WllamaBackendOptions {
  /** Where to download the GGUF file from (cached by wllama); or give `modelFile`. */
  readonly modelUrl?: string;
  readonly modelFile?: Blob;
  /** The model id reported on every candidate; defaults to the URL's file name or 'local.gguf'. */
  readonly model?: string;
  /** The wasm's URL as `{ default: url }`. */
  readonly wasmPaths: AssetsPathConfig;
  /** Threads when the page is cross-origin isolated (otherwise always 1); default navigator.hardwareConcurrency. */
  readonly threads?: number;
  /** Context window in tokens; prompt and reply must fit (default 4096). */
  readonly contextSize?: number;
  /** A GBNF grammar every reply must follow (see grammar.ts). */
  readonly grammar?: string;
  /** Called with bytes loaded and total while the model downloads. */
  readonly onProgress?: (loaded: number, total: number) => void;
  /** Aborting stops the load: the download stops, the engine exits and the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Whether SharedArrayBuffer threads are allowed; default globalThis.crossOriginIsolated. */
  readonly crossOriginIsolated?: boolean;
  /** The Wllama class; default the one from '@wllama/wllama' (tests inject a stand-in). */
  readonly wllama?: WllamaConstructor;
}

/** A ModelPort that also frees the model's memory when it is no longer needed. */
export interface WllamaBackend extends ModelPort {
  /** Returns a port on the same engine and queue whose replies must follow the GBNF `grammar`. */
  constrained(grammar: string): ModelPort;
  unload(): Promise<void>;
}

/** Returns the load parameters: n_threads is 1 unless the page may share memory between threads. */
export function loadParameters(options: WllamaBackendOptions): LoadModelParams {
  const isolated = options.crossOriginIsolated ?? globalThis.crossOriginIsolated === true;
  const available = globalThis.navigator?.hardwareConcurrency ?? 1;
  const threads = isolated ? Math.max(1, Math.floor(options.threads ?? available)) : 1;
  return { n_ctx: options.contextSize ?? 4096, n_threads: threads };
}

/** Returns the chat completion options of `request` (streamed; wllama calls `onData` per chunk). */
export function completionParameters(
  request: GenerateRequest,
  grammar: string | undefined,
  onData: (chunk: ChatCompletionChunk) => void,
): ChatCompletionParams & { stream: true; onData: (chunk: ChatCompletionChunk) => void } {
  return {
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
    seed: request.seed,
    ...(grammar === undefined ? {} : { grammar }),
    ...(request.signal === undefined ? {} : { abortSignal: request.signal }),
    stream: true,
    onData,
  };
}

/** Returns the message of `error` with wllama's error type, if it has one. */
function describe(error: unknown): { message: string; type: string | undefined } {
  const message = error instanceof Error ? error.message : String(error);
  const type = (error as { type?: unknown } | null)?.type;
  return { message, type: typeof type === 'string' ? type : undefined };
}

/** Returns the backend error for what wllama threw while generating. */
export function generationFailure(error: unknown, contextSize: number): Error {
  const { message, type } = describe(error);
  if (type === 'model_not_loaded')
    return new ModelUnavailableError(`the wllama model is not loaded (${message}); load it again`, {
      cause: error,
    });
  if (type === 'kv_cache_full')
    return new GenerationError(
      `the prompt and reply do not fit in the context of ${contextSize} tokens (${message}); ` +
        'shorten the prompt, lower the token limit or raise contextSize',
      { cause: error },
    );
  return new GenerationError(`wllama failed while generating (${message}); try again`, { cause: error });
}

/** Returns the model id to report: the option, else the URL's file name, else 'local.gguf'. */
function modelName(options: WllamaBackendOptions): string {
  if (options.model) return options.model;
  const file = options.modelUrl?.split(/[?#]/)[0].split('/').pop();
  return file || (options.modelFile instanceof File ? options.modelFile.name : 'local.gguf');
}

async function loadEngine(options: WllamaBackendOptions): Promise<WllamaEngine> {
  const { signal } = options;
  throwIfAborted(signal);
  const Wllama: WllamaConstructor = options.wllama ?? (await import('@wllama/wllama')).Wllama;
  throwIfAborted(signal);
  const engine = new Wllama(options.wasmPaths, { suppressNativeLog: true });
  const params = loadParameters(options);
  const onProgress = options.onProgress;
  const load = async (): Promise<void> => {
    if (options.modelFile) await engine.loadModel([options.modelFile], params);
    else if (options.modelUrl)
      await engine.loadModelFromUrl(options.modelUrl, {
        ...params,
        ...(signal ? { signal } : {}),
        ...(onProgress ? { progressCallback: ({ loaded, total }) => onProgress(loaded, total) } : {}),
      });
    else throw new Error('give modelUrl or modelFile');
  };
  try {
    // loadModel itself cannot be interrupted: on abort the engine is told to exit, which frees its worker.
    await untilAborted(load(), signal, () => void engine.exit().catch(() => undefined));
  } catch (error) {
    if (isAbortError(error) || signal?.aborted) throw abortError();
    const { message } = describe(error);
    throw new ModelUnavailableError(
      `wllama could not load the model ${modelName(options)} (${message}); ` +
        'check that the file is a GGUF model the page can reach',
      { cause: error },
    );
  }
  return engine;
}

/**
 * Loads the model and returns a backend (backend 'wllama') that streams
 * each reply through createChatCompletion with the request's temperature,
 * top-p, seed and token limit (and the grammar, if given). Usage counts
 * come from llama.cpp; the decode speed is measured from the first piece
 * to the last. Rejects with ModelUnavailableError when the model cannot be
 * loaded; generate fails with GenerationError, ModelUnavailableError or an
 * AbortError. Requests run one at a time, in order.
 */
export async function createWllamaBackend(options: WllamaBackendOptions): Promise<WllamaBackend> {
  const engine = await loadEngine(options);
  const contextSize = loadParameters(options).n_ctx ?? 4096;
  let queue: Promise<unknown> = Promise.resolve();

  async function run(request: GenerateRequest, grammar: string | undefined): Promise<GenerateResult> {
    const { signal } = request;
    throwIfAborted(signal);
    let text = '';
    let pieces = 0;
    let first = 0;
    let last = 0;
    let final: ChatCompletionChunk | undefined;
    const onData = (chunk: ChatCompletionChunk): void => {
      const delta = chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage || chunk.choices[0]?.finish_reason) final = chunk;
      if (!delta) return;
      last = performance.now();
      if (pieces === 0) first = last;
      pieces++;
      text += delta;
      request.onText?.(delta);
    };
    try {
      await engine.createChatCompletion(completionParameters(request, grammar, onData));
    } catch (error) {
      if (signal?.aborted || isAbortError(error)) throw abortError();
      throw generationFailure(error, contextSize);
    }
    if (signal?.aborted) throw abortError();
    const completionTokens = final?.usage?.completion_tokens ?? pieces;
    const prefill = final?.timings?.prompt_per_second;
    const cut = final?.choices[0]?.finish_reason === 'length' || completionTokens >= request.maxTokens;
    return {
      text,
      usage: {
        promptTokens: final?.usage?.prompt_tokens ?? 0,
        completionTokens,
        tokensPerSecond: decodeRate(completionTokens, last - first),
        ...(prefill !== undefined && prefill > 0 ? { prefillTokensPerSecond: prefill } : {}),
      },
      finishReason: cut ? 'length' : 'stop',
    };
  }

  const generate = (request: GenerateRequest, grammar: string | undefined): Promise<GenerateResult> => {
    const next = queue.then(
      () => run(request, grammar),
      () => run(request, grammar),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  const model = modelName(options);
  return {
    backend: 'wllama',
    model,
    generate: (request) => generate(request, options.grammar),
    constrained: (grammar) => ({
      backend: 'wllama',
      model,
      generate: (request) => generate(request, grammar),
    }),
    unload: () => engine.exit(),
  };
}
