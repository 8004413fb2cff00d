/**
 * The WebLLM backend: an MLC-compiled model running on the GPU through
 * WebGPU, inside a Web Worker (workers/webllm.worker.ts) so generation never
 * blocks the page. The package is a 6 MB chunk, so it is imported only when
 * a model is loaded; tests inject an engine factory instead.
 */
import type {
  AppConfig,
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  CompletionUsage,
  InitProgressReport,
  MLCEngineConfig,
} from '@mlc-ai/web-llm';
import type { GenerateRequest, GenerateResult, ModelPort } from '../core/evolution/ports.ts';
import type { Usage } from '../core/evolution/record.ts';
import {
  GenerationError,
  ModelUnavailableError,
  abortError,
  isAbortError,
  throwIfAborted,
  untilAborted,
} from './backend.ts';
import { decodeRate, estimatePromptTokens, estimateTokens } from './usage.ts';
import { describeWebLlmError } from './webllmErrors.ts';

/** The part of WebLLM's engine this backend uses (WebWorkerMLCEngine has it). */
export interface WebLlmEngine {
  readonly chat: {
    readonly completions: {
      create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

/** Creates an engine in `worker` with `modelId` loaded, as CreateWebWorkerMLCEngine does. */
export type WebLlmEngineFactory = (
  worker: Worker,
  modelId: string,
  config: MLCEngineConfig,
) => Promise<WebLlmEngine>;

export interface WebLlmBackendOptions {
  /** A model_id from the app config (see catalogue.ts). */
  readonly modelId: string;
  /** Default: WebLLM's prebuiltAppConfig. */
  readonly appConfig?: AppConfig;
  /** Starts the worker that hosts the engine (workers/webllm.worker.ts). */
  readonly worker: () => Worker;
  /** Called as the model downloads and compiles; progress runs from 0 to 1. */
  readonly onProgress?: (report: InitProgressReport) => void;
  /** Aborting stops the load: the worker is terminated and the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Default: CreateWebWorkerMLCEngine from '@mlc-ai/web-llm' (tests inject a fake). */
  readonly engineFactory?: WebLlmEngineFactory;
  /**
   * Called once when the GPU device is lost during a reply: the model is
   * gone from memory, its worker is ended, and every later request fails
   * until a model is loaded again. `message` says what happened and what to do.
   */
  readonly onLost?: (message: string) => void;
}

export type WebLlmBackend = ModelPort & {
  /**
   * Returns a port on the same engine whose replies must follow `grammar`
   * (GBNF, which WebLLM's EBNF grammar format reads; see grammar.ts). It
   * shares this backend's queue, so requests still run one at a time.
   */
  constrained(grammar: string): ModelPort;
  /** Frees the GPU memory and stops the worker; the backend cannot be used afterwards. */
  unload(): Promise<void>;
};

/** Returns WebLLM's own factory, importing the package on first use. */
async function packageEngineFactory(): Promise<WebLlmEngineFactory> {
  const { CreateWebWorkerMLCEngine } = await import('@mlc-ai/web-llm');
  return (worker, modelId, config) => CreateWebWorkerMLCEngine(worker, modelId, config);
}

/** Returns the request WebLLM streams a reply for; with a grammar, WebLLM's structured output follows it. */
function completionRequest(
  request: GenerateRequest,
  grammar: string | undefined,
): ChatCompletionRequestStreaming {
  return {
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    stream_options: { include_usage: true },
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
    seed: request.seed,
    ...(grammar === undefined ? {} : { response_format: { type: 'grammar', grammar } }),
  };
}

/** Returns the usage WebLLM reported, or estimates and a measured speed when it reported none. */
function replyUsage(
  reported: CompletionUsage | undefined,
  request: GenerateRequest,
  text: string,
  decodeMilliseconds: number,
): Usage {
  if (!reported) {
    const completionTokens = estimateTokens(text);
    return {
      promptTokens: estimatePromptTokens(request.messages),
      completionTokens,
      tokensPerSecond: decodeRate(completionTokens, decodeMilliseconds),
    };
  }
  // `extra` is WebLLM's own field; checked at run time since engines built from other versions may omit it.
  const extra = reported.extra as Partial<CompletionUsage['extra']> | undefined;
  const decode = extra?.decode_tokens_per_s;
  const prefill = extra?.prefill_tokens_per_s;
  return {
    promptTokens: reported.prompt_tokens,
    completionTokens: reported.completion_tokens,
    tokensPerSecond:
      typeof decode === 'number' ? decode : decodeRate(reported.completion_tokens, decodeMilliseconds),
    ...(typeof prefill === 'number' ? { prefillTokensPerSecond: prefill } : {}),
  };
}

/** Streams one reply from `engine`, interrupting it when the request's signal aborts. */
async function streamReply(
  engine: WebLlmEngine,
  request: GenerateRequest,
  grammar: string | undefined,
): Promise<GenerateResult> {
  const { signal } = request;
  const interrupt = (): void => engine.interruptGenerate();
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    const chunks = await engine.chat.completions.create(completionRequest(request, grammar));
    let text = '';
    let finishReason: GenerateResult['finishReason'] = 'stop';
    let usage: CompletionUsage | undefined;
    let firstPieceAt: number | null = null;
    let lastPieceAt = 0;
    for await (const chunk of chunks) {
      const choice = chunk.choices[0];
      const delta = choice?.delta.content;
      if (delta) {
        text += delta;
        lastPieceAt = performance.now();
        firstPieceAt ??= lastPieceAt;
        request.onText?.(delta);
      }
      if (choice?.finish_reason === 'length') finishReason = 'length';
      if (chunk.usage) usage = chunk.usage;
      if (signal?.aborted) break;
    }
    throwIfAborted(signal);
    return { text, usage: replyUsage(usage, request, text, lastPieceAt - (firstPieceAt ?? 0)), finishReason };
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}

/**
 * Loads `modelId` into a WebLLM engine in a fresh worker and returns a
 * backend (backend 'webllm') that streams replies from it, one request at
 * a time (later requests wait their turn). Fails with ModelUnavailableError
 * (no WebGPU, no shader-f16, download failed, …; the message says what to
 * do, and `cause` keeps WebLLM's error) or an AbortError.
 */
export async function loadWebLlmBackend(options: WebLlmBackendOptions): Promise<WebLlmBackend> {
  const { modelId, signal } = options;
  throwIfAborted(signal);
  const factory = options.engineFactory ?? (await untilAborted(packageEngineFactory(), signal));
  const worker = options.worker();
  const config: MLCEngineConfig = {
    ...(options.appConfig ? { appConfig: options.appConfig } : {}),
    ...(options.onProgress ? { initProgressCallback: options.onProgress } : {}),
  };
  let engine: WebLlmEngine;
  try {
    engine = await untilAborted(factory(worker, modelId, config), signal);
  } catch (error) {
    // The worker owns the download and the GPU device: ending it stops the one and frees the other.
    worker.terminate();
    if (isAbortError(error)) throw error;
    throw new ModelUnavailableError(describeWebLlmError(error).message, { cause: error });
  }

  // Settles when every request so far has finished: WebLLM serves one request at a time per model.
  let turn: Promise<unknown> = Promise.resolve();
  let unloaded = false;
  const generate = (request: GenerateRequest, grammar: string | undefined): Promise<GenerateResult> => {
    const previous = turn;
    const reply = (async () => {
      // A request aborted while it waits leaves at once; the next one still waits for `previous`.
      await untilAborted(previous, request.signal);
      if (unloaded) throw new ModelUnavailableError(`${modelId} was unloaded: load a model again`);
      try {
        return await streamReply(engine, request, grammar);
      } catch (error) {
        if (isAbortError(error) || request.signal?.aborted) throw abortError();
        const { kind, message } = describeWebLlmError(error);
        // A lost GPU or an unloaded model will fail every request: the loop must stop, not retry.
        if (kind === 'device-lost' && !unloaded) {
          // The device took the model's memory with it: free the worker, and say the model is gone.
          unloaded = true;
          worker.terminate();
          options.onLost?.(message);
        }
        if (kind === 'device-lost' || kind === 'not-found')
          throw new ModelUnavailableError(message, { cause: error });
        throw new GenerationError(message, { cause: error });
      }
    })();
    turn = Promise.allSettled([previous, reply]);
    return reply;
  };
  return {
    backend: 'webllm',
    model: modelId,
    generate: (request) => generate(request, undefined),
    constrained: (grammar) => ({
      backend: 'webllm',
      model: modelId,
      generate: (request) => generate(request, grammar),
    }),
    async unload(): Promise<void> {
      if (unloaded) return; // unloaded already, or lost with the device
      unloaded = true;
      try {
        await engine.unload();
      } finally {
        worker.terminate();
      }
    },
  };
}
