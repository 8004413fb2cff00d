import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../../src/core/evolution/ports.ts';
import { ScriptExhaustedError } from '../../src/llm/backend.ts';
import { createScriptedBackend } from '../../src/llm/scripted.ts';

const messages = [
  { role: 'system', content: 'You write JavaScript.' },
  { role: 'user', content: 'Write priority(bid, bidder, n).' },
] as const;

function request(extra: Partial<GenerateRequest> = {}): GenerateRequest {
  return { messages, temperature: 0.8, topP: 0.95, maxTokens: 512, seed: 7, ...extra };
}

const replies = ['first reply', 'the second reply, a little longer', 'third'];

describe('createScriptedBackend', () => {
  it("names itself backend 'scripted', model 'scripted:<label>'", () => {
    const model = createScriptedBackend({ replies, label: 'demo' });
    expect([model.backend, model.model]).toEqual(['scripted', 'scripted:demo']);
    expect(createScriptedBackend({ replies }).model).toBe('scripted:replies');
  });

  it('replays the replies in order, one per call, whatever the seed and sampling settings', async () => {
    const model = createScriptedBackend({ replies });
    const texts = [];
    for (let i = 0; i < replies.length; i++)
      texts.push((await model.generate(request({ seed: i * 1000, temperature: i }))).text);
    expect(texts).toEqual(replies);
  });

  it('streams each reply through onText in pieces of chunkSize characters', async () => {
    const model = createScriptedBackend({ replies, chunkSize: 5 });
    const pieces: string[] = [];
    await model.generate(request());
    const result = await model.generate(request({ onText: (delta) => pieces.push(delta) }));
    expect(pieces.join('')).toBe(replies[1]);
    expect(pieces).toHaveLength(Math.ceil(replies[1].length / 5));
    expect(pieces.every((piece) => piece.length > 0 && piece.length <= 5)).toBe(true);
    expect(result.text).toBe(replies[1]);
  });

  it("reports finish reason 'stop' and usage estimated as ceil(characters / 4)", async () => {
    const result = await createScriptedBackend({ replies }).generate(request());
    const promptChars = messages.map((m) => Math.ceil(m.content.length / 4));
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({
      promptTokens: promptChars[0] + promptChars[1],
      completionTokens: Math.ceil(replies[0].length / 4),
      tokensPerSecond: 0,
    });
  });

  it('measures a speed when it pauses between pieces', async () => {
    const model = createScriptedBackend({ replies: ['x'.repeat(40)], chunkSize: 10, delayMs: 2 });
    const { usage } = await model.generate(request());
    expect(usage.tokensPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(usage.tokensPerSecond)).toBe(true);
  });

  it('rejects with a ScriptExhaustedError that says how many replies there were, once all are used', async () => {
    const model = createScriptedBackend({ replies: replies.slice(0, 2) });
    await model.generate(request());
    await model.generate(request());
    const error = await model.generate(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptExhaustedError);
    expect(error).toMatchObject({
      name: 'ScriptExhaustedError',
      message: expect.stringContaining('the scripted backend has no more replies (2 were given)'),
    });
    await expect(model.generate(request())).rejects.toMatchObject({ name: 'ScriptExhaustedError' });
  });

  it('rejects at once with an AbortError when the signal is already aborted, streaming nothing', async () => {
    const pieces: string[] = [];
    const controller = new AbortController();
    controller.abort();
    const model = createScriptedBackend({ replies });
    await expect(
      model.generate(request({ signal: controller.signal, onText: (d) => pieces.push(d) })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(pieces).toEqual([]);
  });

  it('stops streaming and rejects with an AbortError promptly when aborted during a pause', async () => {
    // 100 pieces an hour apart: only a prompt abort lets this test finish.
    const model = createScriptedBackend({ replies: ['y'.repeat(100)], chunkSize: 1, delayMs: 3_600_000 });
    const controller = new AbortController();
    const pieces: string[] = [];
    const pending = model.generate(
      request({
        signal: controller.signal,
        onText: (delta) => {
          pieces.push(delta);
          if (pieces.length === 1) setTimeout(() => controller.abort('pause'), 5);
        },
      }),
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(pieces).toEqual(['y']);
  });

  it('honours an abort raised from onText even without pauses', async () => {
    const model = createScriptedBackend({ replies, chunkSize: 3 });
    const controller = new AbortController();
    const pieces: string[] = [];
    const onText = (delta: string) => {
      pieces.push(delta);
      controller.abort();
    };
    await expect(model.generate(request({ signal: controller.signal, onText }))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(pieces).toHaveLength(1);
  });

  it('does not use up the reply of an aborted call: the next call gets it again', async () => {
    const model = createScriptedBackend({ replies, chunkSize: 2 });
    const controller = new AbortController();
    await model
      .generate(request({ signal: controller.signal, onText: () => controller.abort() }))
      .catch(() => undefined);
    expect((await model.generate(request())).text).toBe(replies[0]);
    expect((await model.generate(request())).text).toBe(replies[1]);
  });

  it('refuses a second request while one is streaming, with a GenerationError', async () => {
    const model = createScriptedBackend({ replies, chunkSize: 1, delayMs: 1 });
    const first = model.generate(request());
    await expect(model.generate(request())).rejects.toMatchObject({ name: 'GenerationError' });
    expect((await first).text).toBe(replies[0]);
    expect((await model.generate(request())).text).toBe(replies[1]);
  });
});
