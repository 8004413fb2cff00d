import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerateRequest } from '../../src/core/evolution/ports.ts';
import { GenerationError, ModelUnavailableError } from '../../src/llm/backend.ts';
import { createOpenAiBackend, listOpenAiModels, openAiApiRoot } from '../../src/llm/openai.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeResponse } from './fakeOpenAiServer.ts';

const messages = [
  { role: 'system', content: 'You write JavaScript.' },
  { role: 'user', content: 'Write allocate(bids).' },
] as const;

function request(extra: Partial<GenerateRequest> = {}): GenerateRequest {
  return { messages, temperature: 0.7, topP: 0.9, maxTokens: 256, seed: 42, ...extra };
}

let server: FakeOpenAiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(respond: () => FakeResponse): Promise<FakeOpenAiServer> {
  server = await startFakeOpenAiServer({ respond, models: ['qwen2.5-coder:1.5b', 'llama3.2:1b'] });
  return server;
}

/** Returns a port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const pieces = [
  '{Reserve',
  ' at 0.3}\n```javascript\n',
  'function allocate(bids) {\n',
  '  return -1;\n}\n```',
  ' é🙂 data: x\n\n',
];

describe('openAiApiRoot', () => {
  it('appends /v1 to an address without a path and keeps any path as it is', () => {
    expect(openAiApiRoot('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/v1');
    expect(openAiApiRoot('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/v1');
    expect(openAiApiRoot('http://127.0.0.1:8080/v1')).toBe('http://127.0.0.1:8080/v1');
    expect(openAiApiRoot(' http://localhost:11434/v1/ ')).toBe('http://localhost:11434/v1');
    expect(openAiApiRoot('https://example.com/v1beta/openai')).toBe('https://example.com/v1beta/openai');
  });

  it('rejects what is not an http(s) address with a ModelUnavailableError that shows the expected form', () => {
    for (const bad of ['localhost:8080', '127.0.0.1', 'ftp://host/v1', ''])
      expect(() => openAiApiRoot(bad)).toThrow(
        expect.objectContaining({
          name: 'ModelUnavailableError',
          message: expect.stringContaining('http://127.0.0.1:8080/v1'),
        }),
      );
  });
});

describe('createOpenAiBackend against an OpenAI-compatible server', () => {
  it("names itself backend 'openai' with the model id it was given", () => {
    const model = createOpenAiBackend({ baseUrl: 'http://127.0.0.1:1', model: 'm' });
    expect([model.backend, model.model]).toEqual(['openai', 'm']);
  });

  it('posts the messages, sampling settings and seed as a streamed chat completion request', async () => {
    const { baseUrl, requests } = await serve(() => ({ kind: 'completion', pieces: ['ok'] }));
    await createOpenAiBackend({ baseUrl, model: 'qwen2.5-coder:1.5b', apiKey: 'sk-test' }).generate(
      request(),
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(requests[0].headers.authorization).toBe('Bearer sk-test');
    expect(requests[0].body).toEqual({
      model: 'qwen2.5-coder:1.5b',
      messages,
      temperature: 0.7,
      top_p: 0.9,
      max_tokens: 256,
      seed: 42,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends no Authorization header without an API key, and finds the API from the bare address', async () => {
    const { origin, requests } = await serve(() => ({ kind: 'completion', pieces: ['ok'] }));
    const result = await createOpenAiBackend({ baseUrl: origin, model: 'x' }).generate(request());
    expect(result.text).toBe('ok');
    expect(requests[0].path).toBe('/v1/chat/completions');
    expect(requests[0].headers.authorization).toBeUndefined();
  });

  it('streams every piece through onText and assembles the text exactly', async () => {
    const { baseUrl } = await serve(() => ({
      kind: 'completion',
      pieces,
      usage: { prompt_tokens: 31, completion_tokens: 17 },
    }));
    const seen: string[] = [];
    const result = await createOpenAiBackend({ baseUrl, model: 'x' }).generate(
      request({ onText: (delta) => seen.push(delta) }),
    );
    expect(seen).toEqual(pieces);
    expect(result.text).toBe(pieces.join(''));
    expect(result.finishReason).toBe('stop');
  });

  it("reads the usage the server reports, with a finite measured speed and llama-server's prefill speed", async () => {
    const { baseUrl } = await serve(() => ({
      kind: 'completion',
      pieces,
      usage: { prompt_tokens: 31, completion_tokens: 17 },
      extra: { timings: { prompt_per_second: 812.5, predicted_per_second: 40 } },
    }));
    const { usage } = await createOpenAiBackend({ baseUrl, model: 'x' }).generate(request());
    expect(usage).toMatchObject({ promptTokens: 31, completionTokens: 17, prefillTokensPerSecond: 812.5 });
    expect(usage.tokensPerSecond).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(usage.tokensPerSecond)).toBe(true);
  });

  it('estimates the usage when the server sends none: one token per piece, the prompt at 4 characters a token', async () => {
    const { baseUrl } = await serve(() => ({ kind: 'completion', pieces, usage: null }));
    const { usage } = await createOpenAiBackend({ baseUrl, model: 'x' }).generate(request());
    expect(usage.completionTokens).toBe(pieces.length);
    expect(usage.promptTokens).toBe(
      messages.reduce((sum, message) => sum + Math.ceil(message.content.length / 4), 0),
    );
    expect(usage.prefillTokensPerSecond).toBeUndefined();
  });

  it("reports finish reason 'length' when the token limit cut the reply", async () => {
    const { baseUrl } = await serve(() => ({
      kind: 'completion',
      pieces: ['function allocate('],
      finishReason: 'length',
    }));
    const result = await createOpenAiBackend({ baseUrl, model: 'x' }).generate(request());
    expect(result).toMatchObject({ text: 'function allocate(', finishReason: 'length' });
  });

  it('reads a whole completion from a server that ignores stream: true', async () => {
    const { baseUrl } = await serve(() => ({
      kind: 'completion',
      pieces,
      whole: true,
      finishReason: 'length',
      usage: { prompt_tokens: 5, completion_tokens: 9 },
    }));
    const seen: string[] = [];
    const result = await createOpenAiBackend({ baseUrl, model: 'x' }).generate(
      request({ onText: (delta) => seen.push(delta) }),
    );
    expect(result).toMatchObject({ text: pieces.join(''), finishReason: 'length' });
    expect(result.usage).toMatchObject({ promptTokens: 5, completionTokens: 9 });
    expect(seen).toEqual([pieces.join('')]);
  });

  it('rejects with an AbortError when aborted mid-stream, and the server sees the connection close', async () => {
    const { baseUrl, requests } = await serve(() => ({
      kind: 'completion',
      pieces: ['one', 'two'],
      ending: 'hold',
    }));
    const controller = new AbortController();
    const seen: string[] = [];
    const pending = createOpenAiBackend({ baseUrl, model: 'x' }).generate(
      request({
        signal: controller.signal,
        onText: (delta) => {
          seen.push(delta);
          if (seen.length === 2) controller.abort('the user paused the run');
        },
      }),
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual(['one', 'two']);
    expect(await requests[0].closed).toEqual({ early: true });
  });

  it('rejects with an AbortError and sends nothing when the signal is already aborted', async () => {
    const { baseUrl, requests } = await serve(() => ({ kind: 'completion', pieces: ['x'] }));
    const controller = new AbortController();
    controller.abort();
    await expect(
      createOpenAiBackend({ baseUrl, model: 'x' }).generate(request({ signal: controller.signal })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(0);
  });

  it("turns HTTP 500 with a JSON error body into a GenerationError with the status and the server's message", async () => {
    const { baseUrl } = await serve(() => ({
      kind: 'failure',
      status: 500,
      body: JSON.stringify({ error: { message: 'CUDA out of memory', type: 'server_error' } }),
    }));
    const error = await createOpenAiBackend({ baseUrl, model: 'x' })
      .generate(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as Error).message).toBe(
      `the server at ${baseUrl}/chat/completions answered 500 Internal Server Error: CUDA out of memory; ` +
        'the server failed; check its log, then try again',
    );
  });

  it('shows a plain-text error body as it is, and advises on the API key for 401', async () => {
    const { baseUrl } = await serve(() => ({
      kind: 'failure',
      status: 401,
      body: 'Invalid API Key',
      contentType: 'text/plain',
    }));
    await expect(createOpenAiBackend({ baseUrl, model: 'x' }).generate(request())).rejects.toMatchObject({
      name: 'GenerationError',
      message: expect.stringMatching(/answered 401 Unauthorized: Invalid API Key; check the API key$/),
    });
  });

  it('turns a 404 about the model into a ModelUnavailableError that names the model', async () => {
    const { baseUrl } = await serve(() => ({
      kind: 'failure',
      status: 404,
      body: JSON.stringify({ error: { message: 'model "qwen9" not found, try pulling it first' } }),
    }));
    const error = await createOpenAiBackend({ baseUrl, model: 'qwen9' })
      .generate(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain('has no model "qwen9"');
    expect((error as Error).message).toContain('try pulling it first');
  });

  it('says "is the server running" when nothing listens at the address', async () => {
    const port = await unusedPort();
    const error = await createOpenAiBackend({ baseUrl: `http://127.0.0.1:${port}`, model: 'x' })
      .generate(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as Error).message).toContain(
      `could not reach http://127.0.0.1:${port}/v1/chat/completions: is the server running? (llama.cpp server, Ollama, LM Studio)`,
    );
  });

  it('rejects a stream that ends without [DONE], after streaming what came', async () => {
    const { baseUrl } = await serve(() => ({ kind: 'completion', pieces: ['half a rep'], ending: 'cut' }));
    const seen: string[] = [];
    await expect(
      createOpenAiBackend({ baseUrl, model: 'x' }).generate(request({ onText: (d) => seen.push(d) })),
    ).rejects.toMatchObject({
      name: 'GenerationError',
      message: expect.stringContaining('ended before [DONE] after 10 characters'),
    });
    expect(seen).toEqual(['half a rep']);
  });

  it('rejects with the server’s message when it streams an error event', async () => {
    const body = new TextEncoder().encode(
      'data: {"choices":[{"delta":{"content":"fun"}}]}\n\ndata: {"error":{"message":"context overflow"}}\n\n',
    );
    const fetch: typeof globalThis.fetch = async () =>
      new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    await expect(
      createOpenAiBackend({ baseUrl: 'http://model.test', model: 'x', fetch }).generate(request()),
    ).rejects.toMatchObject({
      name: 'GenerationError',
      message: expect.stringContaining('context overflow'),
    });
  });

  it('uses the fetch it is given, with the API root of the base URL', async () => {
    const urls: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      urls.push(String(input));
      return new Response('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n', {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    };
    const result = await createOpenAiBackend({ baseUrl: 'http://model.test:9/', model: 'x', fetch }).generate(
      request(),
    );
    expect(result.text).toBe('hi');
    expect(urls).toEqual(['http://model.test:9/v1/chat/completions']);
  });
});

describe('listOpenAiModels', () => {
  it('returns the ids the server lists at /v1/models', async () => {
    const { origin } = await serve(() => ({ kind: 'completion', pieces: [] }));
    expect(await listOpenAiModels({ baseUrl: origin })).toEqual(['qwen2.5-coder:1.5b', 'llama3.2:1b']);
  });

  it('says "is the server running" when nothing listens', async () => {
    const port = await unusedPort();
    await expect(listOpenAiModels({ baseUrl: `http://127.0.0.1:${port}/v1` })).rejects.toMatchObject({
      name: 'GenerationError',
      message: expect.stringContaining('is the server running?'),
    });
  });
});
