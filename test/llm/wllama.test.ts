import type { AssetsPathConfig, ChatCompletionChunk, LoadModelParams } from '@wllama/wllama';
import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../../src/core/evolution/ports.ts';
import {
  completionParameters,
  createWllamaBackend,
  loadParameters,
  type WllamaBackendOptions,
  type WllamaConstructor,
} from '../../src/llm/wllama.ts';

const wasmPaths = { default: '/wllama.wasm' };

/** What the stand-in engine was asked, and how it answers a completion. */
interface Script {
  calls: { method: string; args: unknown }[];
  load?: () => Promise<void>;
  complete?: (options: {
    onData: (chunk: ChatCompletionChunk) => void;
    abortSignal?: AbortSignal;
  }) => Promise<void>;
}

/** Returns a Wllama stand-in class that records its calls (it produces no text of its own). */
function engine(script: Script): WllamaConstructor {
  return class {
    constructor(paths: AssetsPathConfig) {
      script.calls.push({ method: 'constructor', args: paths });
    }
    async loadModelFromUrl(url: string, params: LoadModelParams) {
      script.calls.push({ method: 'loadModelFromUrl', args: { url, params } });
      await script.load?.();
    }
    async loadModel(blobs: Blob[], params: LoadModelParams) {
      script.calls.push({ method: 'loadModel', args: { blobs, params } });
      await script.load?.();
    }
    async createChatCompletion(options: Parameters<NonNullable<Script['complete']>>[0]) {
      script.calls.push({ method: 'createChatCompletion', args: options });
      await script.complete?.(options);
    }
    async exit() {
      script.calls.push({ method: 'exit', args: null });
    }
  };
}

/** Returns a streamed chunk carrying `content` (and the final fields, if given). */
function chunk(content: string, last?: Partial<ChatCompletionChunk> & { finish?: 'stop' | 'length' }) {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: last?.finish ?? null, logprobs: null }],
    ...(last?.usage ? { usage: last.usage } : {}),
    ...(last?.timings ? { timings: last.timings } : {}),
  } as ChatCompletionChunk;
}

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'write priority' }],
  temperature: 0.7,
  topP: 0.9,
  maxTokens: 50,
  seed: 42,
};

function options(script: Script, extra: Partial<WllamaBackendOptions> = {}): WllamaBackendOptions {
  return {
    modelUrl: 'https://x.test/models/tiny.gguf?download=1',
    wasmPaths,
    wllama: engine(script),
    ...extra,
  };
}

describe('loadParameters', () => {
  it('runs single-threaded unless the page is cross-origin isolated', () => {
    expect(loadParameters({ wasmPaths, threads: 8, crossOriginIsolated: false }).n_threads).toBe(1);
    expect(loadParameters({ wasmPaths, threads: 8, crossOriginIsolated: true }).n_threads).toBe(8);
    expect(loadParameters({ wasmPaths, crossOriginIsolated: true }).n_threads).toBeGreaterThanOrEqual(1);
  });

  it('asks for a context of 4096 tokens unless told otherwise', () => {
    expect(loadParameters({ wasmPaths }).n_ctx).toBe(4096);
    expect(loadParameters({ wasmPaths, contextSize: 1024 }).n_ctx).toBe(1024);
  });
});

describe('completionParameters', () => {
  it("maps the request's sampling settings, seed, limit and grammar to wllama's names", () => {
    const signal = new AbortController().signal;
    const onData = () => {};
    expect(completionParameters({ ...request, signal }, 'root ::= "x"', onData)).toEqual({
      messages: [{ role: 'user', content: 'write priority' }],
      temperature: 0.7,
      top_p: 0.9,
      max_tokens: 50,
      seed: 42,
      grammar: 'root ::= "x"',
      abortSignal: signal,
      stream: true,
      onData,
    });
    expect(completionParameters(request, undefined, onData)).not.toHaveProperty('grammar');
  });
});

describe('createWllamaBackend', () => {
  it('loads from the URL with the wasm paths and reports download progress', async () => {
    const script: Script = { calls: [] };
    const progress: [number, number][] = [];
    const backend = await createWllamaBackend(
      options(script, { onProgress: (loaded, total) => progress.push([loaded, total]) }),
    );
    expect(backend).toMatchObject({ backend: 'wllama', model: 'tiny.gguf' });
    expect(script.calls[0]).toEqual({ method: 'constructor', args: wasmPaths });
    const load = script.calls[1].args as { params: { progressCallback: (p: object) => void } };
    load.params.progressCallback({ loaded: 5, total: 10 });
    expect(progress).toEqual([[5, 10]]);
  });

  it('loads a Blob with loadModel when given a file', async () => {
    const script: Script = { calls: [] };
    const file = new Blob([new Uint8Array(4)]);
    await createWllamaBackend({ modelFile: file, wasmPaths, wllama: engine(script), model: 'mine' });
    expect(script.calls[1]).toMatchObject({ method: 'loadModel', args: { blobs: [file] } });
  });

  it('rejects with ModelUnavailableError when the model cannot be loaded', async () => {
    const script: Script = { calls: [], load: () => Promise.reject(new Error('bad magic')) };
    await expect(createWllamaBackend(options(script))).rejects.toMatchObject({
      name: 'ModelUnavailableError',
      message: expect.stringMatching(/tiny\.gguf.*bad magic/),
    });
    await expect(createWllamaBackend({ wasmPaths, wllama: engine(script) })).rejects.toMatchObject({
      name: 'ModelUnavailableError',
    });
  });

  it('streams the text, and reports usage from the final chunk', async () => {
    const script: Script = {
      calls: [],
      complete: async ({ onData }) => {
        onData(chunk('{an idea}'));
        onData(chunk('\nfunction'));
        onData(
          chunk('', {
            finish: 'stop',
            usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
          }),
        );
      },
    };
    const backend = await createWllamaBackend(options(script));
    const deltas: string[] = [];
    const result = await backend.generate({ ...request, onText: (d) => deltas.push(d) });
    expect(deltas).toEqual(['{an idea}', '\nfunction']);
    expect(result).toMatchObject({
      text: '{an idea}\nfunction',
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 3 },
    });
    expect(result.usage.tokensPerSecond).toBeGreaterThanOrEqual(0);
  });

  it("reports finishReason 'length' when the token limit was reached", async () => {
    const script: Script = {
      calls: [],
      complete: async ({ onData }) => onData(chunk('x', { finish: 'length' })),
    };
    const backend = await createWllamaBackend(options(script));
    expect((await backend.generate(request)).finishReason).toBe('length');
  });

  it('rejects with an AbortError when the signal aborts, whatever wllama throws', async () => {
    const controller = new AbortController();
    const script: Script = {
      calls: [],
      complete: async () => {
        controller.abort('stop');
        throw new Error('Operation aborted');
      },
    };
    const backend = await createWllamaBackend(options(script));
    await expect(backend.generate({ ...request, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(backend.generate({ ...request, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('maps a full context to a GenerationError that says how to fix it', async () => {
    const failure = Object.assign(new Error('kv cache full'), { type: 'kv_cache_full' });
    const script: Script = { calls: [], complete: () => Promise.reject(failure) };
    const backend = await createWllamaBackend(options(script, { contextSize: 512 }));
    await expect(backend.generate(request)).rejects.toMatchObject({
      name: 'GenerationError',
      message: expect.stringMatching(/512 tokens.*contextSize/),
    });
  });

  it('runs requests one at a time, in order, and unloads the model', async () => {
    const order: string[] = [];
    let release = () => {};
    const script: Script = {
      calls: [],
      complete: async ({ onData }) => {
        order.push('start');
        if (order.length === 1) await new Promise<void>((resolve) => (release = resolve));
        onData(chunk('x'));
        order.push('end');
      },
    };
    const backend = await createWllamaBackend(options(script));
    const a = backend.generate(request);
    const b = backend.generate(request);
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(['start', 'end', 'start', 'end']);
    await backend.unload();
    expect(script.calls.at(-1)?.method).toBe('exit');
  });

  it('constrains a port’s replies with its grammar, sharing the engine and the queue', async () => {
    const script: Script = {
      calls: [],
      complete: async ({ onData }) => onData(chunk('x', { finish: 'stop' })),
    };
    const backend = await createWllamaBackend(options(script, { grammar: 'root ::= "plain"' }));
    const constrained = backend.constrained('root ::= "x"');
    expect(constrained.model).toBe('tiny.gguf');
    await backend.generate(request);
    await constrained.generate(request);
    const grammars = script.calls
      .filter((c) => c.method === 'createChatCompletion')
      .map((c) => (c.args as { grammar?: string }).grammar);
    expect(grammars).toEqual(['root ::= "plain"', 'root ::= "x"']);
    expect(script.calls.filter((c) => c.method === 'constructor')).toHaveLength(1);
  });

  it('stops a load when aborted: rejects with an AbortError and tells the engine to exit', async () => {
    let finish = () => {};
    const script: Script = { calls: [], load: () => new Promise<void>((resolve) => (finish = resolve)) };
    const abort = new AbortController();
    const loading = createWllamaBackend(
      options(script, { modelFile: new Blob(['GGUF']), signal: abort.signal }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    abort.abort();
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
    expect(script.calls.map((c) => c.method)).toEqual(['constructor', 'loadModel', 'exit']);
    finish();
  });

  it('does not create an engine when aborted before loading', async () => {
    const script: Script = { calls: [] };
    const abort = new AbortController();
    abort.abort();
    await expect(createWllamaBackend(options(script, { signal: abort.signal }))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(script.calls).toEqual([]);
  });
});
