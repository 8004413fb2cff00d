import type {
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  MLCEngineConfig,
  WebWorkerMLCEngine,
} from '@mlc-ai/web-llm';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { GenerateRequest } from '../../src/core/evolution/ports.ts';
import { GenerationError, ModelUnavailableError } from '../../src/llm/backend.ts';
import { loadWebLlmBackend, type WebLlmEngine, type WebLlmEngineFactory } from '../../src/llm/webllm.ts';

const modelId = 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC';

function chunk(
  content: string | null,
  finish: ChatCompletionChunk.Choice['finish_reason'] = null,
): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model: modelId,
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
  };
}

const usageChunk: ChatCompletionChunk = {
  ...chunk(null),
  choices: [],
  usage: {
    prompt_tokens: 120,
    completion_tokens: 3,
    total_tokens: 123,
    extra: {
      e2e_latency_s: 0.5,
      prefill_tokens_per_s: 800,
      decode_tokens_per_s: 42,
      time_to_first_token_s: 0.15,
      time_per_output_token_s: 0.024,
    },
  },
};

/** A stand-in for WebLLM's worker engine: replays `replies` (one list of chunks per request). */
class FakeEngine implements WebLlmEngine {
  readonly requests: ChatCompletionRequestStreaming[] = [];
  interrupted = 0;
  unloaded = 0;
  active = 0;
  maxActive = 0;
  /** Called when the engine waits, mid-reply, for an interrupt. */
  onWait: () => void = () => {};
  #interrupt: (() => void) | null = null;

  constructor(private readonly replies: (ChatCompletionChunk | 'wait-for-interrupt' | Error)[][]) {}

  readonly chat = {
    completions: {
      create: async (
        request: ChatCompletionRequestStreaming,
      ): Promise<AsyncIterable<ChatCompletionChunk>> => {
        this.requests.push(request);
        const script = this.replies.shift() ?? [];
        return this.#stream(script);
      },
    },
  };

  async *#stream(
    script: (ChatCompletionChunk | 'wait-for-interrupt' | Error)[],
  ): AsyncIterable<ChatCompletionChunk> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      for (const step of script) {
        await Promise.resolve();
        if (step instanceof Error) throw step;
        if (step === 'wait-for-interrupt') {
          // Like WebLLM, an interrupt that came first stops the next decoding step.
          if (this.interrupted === 0)
            await new Promise<void>((resolve) => {
              this.#interrupt = resolve;
              this.onWait();
            });
          yield chunk(null, 'abort');
          return;
        }
        yield step;
      }
    } finally {
      this.active -= 1;
    }
  }

  interruptGenerate(): void {
    this.interrupted += 1;
    this.#interrupt?.();
  }

  async unload(): Promise<void> {
    this.unloaded += 1;
  }
}

function webLlmError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function fakeWorker(): Worker & { terminated: number } {
  const worker = { terminated: 0, terminate: () => (worker.terminated += 1) };
  return worker as unknown as Worker & { terminated: number };
}

function request(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    messages: [
      { role: 'system', content: 'You write JavaScript.' },
      { role: 'user', content: 'Write a heuristic.' },
    ],
    temperature: 0.8,
    topP: 0.95,
    maxTokens: 512,
    seed: 7,
    ...overrides,
  };
}

async function loaded(engine: FakeEngine, worker = fakeWorker()) {
  const backend = await loadWebLlmBackend({
    modelId,
    worker: () => worker,
    engineFactory: async () => engine,
  });
  return { backend, worker };
}

describe('loadWebLlmBackend', () => {
  it('accepts WebLLM’s own worker engine', () => {
    expectTypeOf<WebWorkerMLCEngine>().toMatchTypeOf<WebLlmEngine>();
  });

  it('loads the model in the given worker with the app config and reports progress', async () => {
    const worker = fakeWorker();
    const appConfig = { model_list: [] };
    const seen: { worker: Worker; modelId: string; config: MLCEngineConfig }[] = [];
    const progress = vi.fn();
    const factory: WebLlmEngineFactory = async (w, id, config) => {
      seen.push({ worker: w, modelId: id, config });
      config.initProgressCallback?.({ progress: 0.5, text: 'Fetching param cache[10/20]', timeElapsed: 3 });
      return new FakeEngine([]);
    };
    const backend = await loadWebLlmBackend({
      modelId,
      appConfig,
      worker: () => worker,
      onProgress: progress,
      engineFactory: factory,
    });
    expect(backend).toMatchObject({ backend: 'webllm', model: modelId });
    expect(seen[0]?.worker).toBe(worker);
    expect(seen[0]?.modelId).toBe(modelId);
    expect(seen[0]?.config.appConfig).toBe(appConfig);
    expect(progress).toHaveBeenCalledWith({
      progress: 0.5,
      text: 'Fetching param cache[10/20]',
      timeElapsed: 3,
    });
  });

  it('rejects with ModelUnavailableError saying what to do when the worker engine rejects with a string', async () => {
    const worker = fakeWorker();
    const load = loadWebLlmBackend({
      modelId,
      worker: () => worker,
      engineFactory: () =>
        Promise.reject(
          'ShaderF16SupportError: This model requires WebGPU extension shader-f16, which is not enabled in this browser.',
        ),
    });
    await expect(load).rejects.toThrow(ModelUnavailableError);
    await expect(load).rejects.toThrow('Your GPU lacks shader-f16: choose the q4f32 build of this model');
    expect(worker.terminated).toBe(1);
  });

  it('stops loading at once when aborted: rejects with an AbortError and ends the worker', async () => {
    const worker = fakeWorker();
    const controller = new AbortController();
    const load = loadWebLlmBackend({
      modelId,
      worker: () => worker,
      signal: controller.signal,
      engineFactory: () => new Promise<WebLlmEngine>(() => {}),
    });
    controller.abort();
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
    expect(worker.terminated).toBe(1);
  });

  it('does not start a worker when aborted before loading', async () => {
    const makeWorker = vi.fn(fakeWorker);
    const controller = new AbortController();
    controller.abort();
    const load = loadWebLlmBackend({
      modelId,
      worker: makeWorker,
      signal: controller.signal,
      engineFactory: vi.fn(),
    });
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
    expect(makeWorker).not.toHaveBeenCalled();
  });
});

describe('the WebLLM backend', () => {
  it('streams each piece to onText and returns the text with WebLLM’s usage and speeds', async () => {
    const engine = new FakeEngine([[chunk('function '), chunk('h() {'), chunk('}', 'stop'), usageChunk]]);
    const { backend } = await loaded(engine);
    const pieces: string[] = [];
    const result = await backend.generate(request({ onText: (piece) => pieces.push(piece) }));
    expect(pieces).toEqual(['function ', 'h() {', '}']);
    expect(result).toEqual({
      text: 'function h() {}',
      usage: { promptTokens: 120, completionTokens: 3, tokensPerSecond: 42, prefillTokensPerSecond: 800 },
      finishReason: 'stop',
    });
  });

  it('sends the messages and sampling settings as a streamed request with usage', async () => {
    const engine = new FakeEngine([[chunk('x', 'stop')]]);
    const { backend } = await loaded(engine);
    await backend.generate(request());
    expect(engine.requests[0]).toEqual({
      messages: [
        { role: 'system', content: 'You write JavaScript.' },
        { role: 'user', content: 'Write a heuristic.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.8,
      top_p: 0.95,
      max_tokens: 512,
      seed: 7,
    });
  });

  it("reports finishReason 'length' when the token limit cut the reply", async () => {
    const engine = new FakeEngine([[chunk('function h('), chunk('a, b', 'length'), usageChunk]]);
    const { backend } = await loaded(engine);
    expect((await backend.generate(request())).finishReason).toBe('length');
  });

  it('estimates usage when WebLLM reports none', async () => {
    const engine = new FakeEngine([[chunk('12345678', 'stop')]]);
    const { backend } = await loaded(engine);
    const { usage } = await backend.generate(request());
    expect(usage.completionTokens).toBe(2);
    expect(usage.promptTokens).toBe(
      Math.ceil('You write JavaScript.'.length / 4) + Math.ceil('Write a heuristic.'.length / 4),
    );
    expect(usage.prefillTokensPerSecond).toBeUndefined();
  });

  it('interrupts the engine and rejects with an AbortError when the request is aborted', async () => {
    const engine = new FakeEngine([[chunk('function '), 'wait-for-interrupt']]);
    const { backend } = await loaded(engine);
    const controller = new AbortController();
    const reply = backend.generate(request({ signal: controller.signal, onText: () => controller.abort() }));
    await expect(reply).rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.interrupted).toBe(1);
  });

  it('interrupts a reply the engine is still decoding, then answers the next request', async () => {
    const engine = new FakeEngine([[chunk('function '), 'wait-for-interrupt'], [chunk('ok', 'stop')]]);
    const { backend } = await loaded(engine);
    const controller = new AbortController();
    engine.onWait = () => controller.abort();
    const pieces: string[] = [];
    const reply = backend.generate(
      request({ signal: controller.signal, onText: (piece) => pieces.push(piece) }),
    );
    await expect(reply).rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.interrupted).toBe(1);
    expect(pieces).toEqual(['function ']);
    expect((await backend.generate(request())).text).toBe('ok');
  });

  it('rejects a request aborted while it waits for its turn, without touching the engine', async () => {
    const engine = new FakeEngine([[chunk('a'), 'wait-for-interrupt'], [chunk('c', 'stop')]]);
    const { backend } = await loaded(engine);
    const first = new AbortController();
    const second = new AbortController();
    engine.onWait = () => second.abort();
    const running = backend.generate(request({ signal: first.signal }));
    const waiting = backend.generate(request({ signal: second.signal }));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.requests).toHaveLength(1);
    first.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect((await backend.generate(request())).text).toBe('c');
  });

  it('rejects with GenerationError when the stream breaks, and answers the next request', async () => {
    const engine = new FakeEngine([
      [chunk('func'), new Error('Failed to read the next token')],
      [chunk('ok', 'stop')],
    ]);
    const { backend } = await loaded(engine);
    const failed = backend.generate(request());
    await expect(failed).rejects.toThrow(GenerationError);
    await expect(failed).rejects.toThrow(/WebLLM failed \(Failed to read the next token\)/);
    expect((await backend.generate(request())).text).toBe('ok');
  });

  it('rejects with ModelUnavailableError when the GPU was lost mid-reply, says once that the model is gone, and frees its worker', async () => {
    const engine = new FakeEngine([
      [chunk('func'), webLlmError('DeviceLostError', 'The WebGPU device was lost.')],
      [chunk('never', 'stop')],
    ]);
    const worker = fakeWorker();
    const lost: string[] = [];
    const backend = await loadWebLlmBackend({
      modelId,
      worker: () => worker,
      engineFactory: async () => engine,
      onLost: (message) => lost.push(message),
    });
    const failed = backend.generate(request());
    await expect(failed).rejects.toThrow(ModelUnavailableError);
    await expect(failed).rejects.toThrow(/The GPU was lost/);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/The GPU was lost/);
    expect(worker.terminated).toBe(1);
    // Every later request fails at once, without reaching the engine; unloading has nothing left to do.
    await expect(backend.generate(request())).rejects.toThrow(`${modelId} was unloaded: load a model again`);
    expect(engine.requests).toHaveLength(1);
    await backend.unload();
    expect(engine.unloaded).toBe(0);
    expect(lost).toHaveLength(1);
  });

  it('serves one request at a time, in the order they came', async () => {
    const engine = new FakeEngine([
      [chunk('a'), chunk('b', 'stop')],
      [chunk('c'), chunk('d', 'stop')],
      [chunk('e', 'stop')],
    ]);
    const { backend } = await loaded(engine);
    const texts = await Promise.all([
      backend.generate(request()),
      backend.generate(request()),
      backend.generate(request()),
    ]);
    expect(texts.map((result) => result.text)).toEqual(['ab', 'cd', 'e']);
    expect(engine.maxActive).toBe(1);
  });

  it('unloads the model and ends the worker once; later requests fail with ModelUnavailableError', async () => {
    const engine = new FakeEngine([]);
    const { backend, worker } = await loaded(engine);
    await backend.unload();
    await backend.unload();
    expect(engine.unloaded).toBe(1);
    expect(worker.terminated).toBe(1);
    await expect(backend.generate(request())).rejects.toThrow(ModelUnavailableError);
  });

  it('constrains a port’s replies with the grammar as response_format, on the same queue', async () => {
    const engine = new FakeEngine([[chunk('a', 'stop')], [chunk('b', 'stop')], [chunk('c', 'stop')]]);
    const { backend } = await loaded(engine);
    const grammar = 'root ::= "x"';
    const constrained = backend.constrained(grammar);
    expect({ backend: constrained.backend, model: constrained.model }).toEqual({
      backend: 'webllm',
      model: modelId,
    });
    const texts = await Promise.all([
      constrained.generate(request()),
      backend.generate(request()),
      constrained.generate(request()),
    ]);
    expect(texts.map((result) => result.text)).toEqual(['a', 'b', 'c']);
    expect(engine.requests.map((r) => r.response_format)).toEqual([
      { type: 'grammar', grammar },
      undefined,
      { type: 'grammar', grammar },
    ]);
    expect(engine.maxActive).toBe(1);
  });
});
