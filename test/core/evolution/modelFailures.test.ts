/**
 * A model that fails mid-run: it is not loaded, its GPU is lost, a request
 * fails now and then, it hangs, or its replies hold no code (empty, cut at
 * the token limit, prose). The run pauses or records the failure with a
 * message that says what happened and what to do, resumes once the user
 * acts, and loses no candidate: it ends with exactly the records of a run
 * that never failed.
 */
import { describe, expect, it } from 'vitest';
import { EvolutionRun, type RunOptions } from '../../../src/core/evolution/loop.ts';
import type { RunEvent } from '../../../src/core/evolution/events.ts';
import type { GenerateResult, ModelPort } from '../../../src/core/evolution/ports.ts';
import { GenerationError, ModelUnavailableError } from '../../../src/llm/backend.ts';
import { describeWebLlmError } from '../../../src/llm/webllmErrors.ts';
import {
  MemoryStore,
  abortError,
  fakeEvaluator,
  fakeModel,
  instance,
  meta,
  replies,
  reply,
  result,
  scrambled,
  scriptedModel,
  without,
} from './runFakes.ts';

const budget = 20;

/** A reply cut mid-expression, as the token limit cuts it: closing the function does not make it parse. */
const cutReply = reply(0.3).slice(0, reply(0.3).indexOf('>=') + 3);

/** Returns a run of `budget` candidates on a fresh store, its events, and the store. */
function setUp(model: ModelPort, options: Partial<RunOptions> = {}) {
  const store = new MemoryStore();
  store.meta = options.meta ?? meta({ candidates: budget });
  const events: RunEvent[] = [];
  const run = new EvolutionRun({
    meta: store.meta,
    instance,
    model,
    evaluator: fakeEvaluator(scrambled(11)),
    store,
    listener: (e) => events.push(e),
    retryDelaysMs: [0, 0],
    ...options,
  });
  const messages = (paused?: boolean) =>
    events.flatMap((e) =>
      e.type === 'error' && (paused === undefined || e.paused === paused) ? [e.message] : [],
    );
  return { run, store, events, messages };
}

/** The records of the same run with a model that never fails. */
async function uninterrupted(texts: readonly string[] = replies) {
  const { run, store } = setUp(fakeModel(texts));
  expect(await run.run()).toBe('finished');
  return without(store.candidates);
}

describe('a model that cannot be used pauses the run, which resumes once the user acts', () => {
  it('the model is not loaded: pauses after the seed, says what to do, and resumes with the model loaded', async () => {
    const notLoaded = scriptedModel(() => {
      throw new ModelUnavailableError(
        'the model Qwen2.5-Coder-0.5B is not loaded; load it in the model panel (New run) to resume this run',
      );
    });
    const { run, store, messages } = setUp(notLoaded);
    expect(await run.run()).toBe('paused');
    expect(store.candidates.map((c) => c.id)).toEqual(['c0000']);
    expect(store.progress?.status).toBe('paused');
    expect(messages(true)).toEqual([
      'The model failed: the model Qwen2.5-Coder-0.5B is not loaded; load it in the model panel (New run) to ' +
        'resume this run. The run is paused and its 1 recorded candidate is kept; resume it once the model works again.',
    ]);
    // Asked again without a model, it pauses again and records nothing more.
    expect(await run.run()).toBe('paused');
    expect(store.candidates).toHaveLength(1);

    run.useModel(fakeModel(replies));
    expect(await run.run()).toBe('finished');
    expect(without(store.candidates)).toEqual(await uninterrupted());
  });

  it('the GPU is lost mid-run: every candidate made before is recorded, and a new page resumes from the store', async () => {
    // What the WebLLM backend throws when its device is lost (src/llm/webllm.ts).
    const lost = new ModelUnavailableError(
      describeWebLlmError({ name: 'Error', message: 'DeviceLostError: Device was lost (reason: unknown)' })
        .message,
    );
    const model = scriptedModel((call) => {
      if (call === 7) throw lost;
      return replies[call];
    });
    // Slow evaluations, so several are still running when the model fails.
    const { run, store, messages } = setUp(model, { evaluator: fakeEvaluator(() => 25) });
    expect(await run.run()).toBe('paused');
    expect(store.candidates.map((c) => c.id)).toEqual(Array.from({ length: 8 }, (_, i) => `c000${i}`));
    expect(store.progress).toMatchObject({ status: 'paused', iteration: 8 });
    const [message] = messages(true);
    expect(message).toMatch(/^The model failed: The GPU was lost, most often because it ran out of memory: /);
    expect(message).toMatch(
      /load a smaller model\. The run is paused and its 8 recorded candidates are kept; resume/,
    );

    const saved = (await store.loadRun())!;
    const reopened = new EvolutionRun({
      meta: meta({ candidates: budget }),
      instance,
      model: fakeModel(replies.slice(saved.candidates.length - 1)),
      evaluator: fakeEvaluator(scrambled(2)),
      store,
      resume: { progress: saved.progress, candidates: saved.candidates },
    });
    expect(await reopened.run()).toBe('finished');
    expect(without(store.candidates)).toEqual(await uninterrupted());
  });

  it('any other error (a bug in a backend) pauses the run with its message', async () => {
    const { run, messages } = setUp(
      scriptedModel(() => {
        throw new TypeError("Cannot read properties of undefined (reading 'logits')");
      }),
    );
    expect(await run.run()).toBe('paused');
    expect(messages(true)[0]).toMatch(
      /^The model failed: Cannot read properties of undefined \(reading 'logits'\)\. The run is paused/,
    );
  });
});

describe('a request that fails now and then is asked again', () => {
  it('retries a GenerationError, says so, and makes the same run as a model that never failed', async () => {
    // Before the answers numbered 3 and 9, the server fails twice and once.
    const failures = new Map([
      [3, 2],
      [9, 1],
    ]);
    let answered = 0;
    const model = scriptedModel(() => {
      const left = failures.get(answered) ?? 0;
      if (left > 0) {
        failures.set(answered, left - 1);
        throw new GenerationError('the server answered HTTP 502 (Bad Gateway)');
      }
      return replies[answered++];
    });
    const { run, store, messages } = setUp(model);
    expect(await run.run()).toBe('finished');
    expect(answered).toBe(budget);
    expect(messages(true)).toEqual([]);
    expect(messages(false)).toEqual([
      'The model failed to answer (the server answered HTTP 502 (Bad Gateway)); asking again in 0 ms (attempt 2 of 3).',
      'The model failed to answer (the server answered HTTP 502 (Bad Gateway)); asking again in 0 ms (attempt 3 of 3).',
      'The model failed to answer (the server answered HTTP 502 (Bad Gateway)); asking again in 0 ms (attempt 2 of 3).',
    ]);
    expect(without(store.candidates)).toEqual(await uninterrupted());
  });

  it('pauses after the last retry fails, and goes on when resumed', async () => {
    let down = true;
    let answered = 0;
    const model = scriptedModel(() => {
      if (down && answered === 4) throw new GenerationError('the stream broke off (network error)');
      return replies[answered++];
    });
    const { run, store, messages } = setUp(model);
    expect(await run.run()).toBe('paused');
    expect(model.calls).toBe(4 + 3);
    expect(messages(false)).toHaveLength(2);
    expect(messages(true)).toEqual([
      'The model failed: the stream broke off (network error). The run is paused and its 5 recorded ' +
        'candidates are kept; resume it once the model works again.',
    ]);
    expect(store.candidates).toHaveLength(5);
    down = false;
    expect(await run.run()).toBe('finished');
    expect(without(store.candidates)).toEqual(await uninterrupted());
  });

  it('pause() ends the wait before a retry at once', async () => {
    const model = scriptedModel((call) => {
      if (call === 2) throw new GenerationError('the server answered HTTP 503');
      return replies[call];
    });
    const { run, store, events } = setUp(model, { retryDelaysMs: [600_000] });
    const paused = new Promise<void>(
      (resolve) =>
        (events.push = (...pushed: RunEvent[]) => {
          for (const e of pushed)
            if (e.type === 'error' && /asking again in 10 min/.test(e.message)) resolve();
          return Array.prototype.push.apply(events, pushed);
        }),
    );
    const done = run.run();
    await paused;
    run.pause();
    expect(await done).toBe('paused');
    expect(store.candidates).toHaveLength(3);
    expect(store.progress?.status).toBe('paused');
  });

  it('a reply without text from a broken backend is asked again, then pauses the run, and records nothing broken', async () => {
    const broken = scriptedModel(() => ({ usage: null, finishReason: 'stop' }) as unknown as GenerateResult);
    const { run, store, messages } = setUp(broken);
    expect(await run.run()).toBe('paused');
    expect(broken.calls).toBe(3);
    expect(messages(true)[0]).toMatch(/^The model failed: the model backend returned a reply without text\./);
    expect(store.candidates).toHaveLength(1);
  });

  it('keeps a reply whose usage figures are broken, with those figures as 0', async () => {
    const odd = {
      text: reply(0.45),
      usage: {
        promptTokens: 12.6,
        completionTokens: -3,
        tokensPerSecond: NaN,
        prefillTokensPerSecond: Infinity,
      },
      finishReason: 'eos',
    } as unknown as GenerateResult;
    const { run, store } = setUp(
      scriptedModel(() => odd),
      { meta: meta({ candidates: 1 }) },
    );
    expect(await run.run()).toBe('finished');
    expect(store.candidates[1]).toMatchObject({
      status: 'ok',
      usage: { promptTokens: 13, completionTokens: 0, tokensPerSecond: 0, prefillTokensPerSecond: 0 },
    });
  });
});

describe('a model that hangs is stopped and the run pauses', () => {
  it('a call that writes nothing for stallMs is aborted, even when the backend ignores the abort', async () => {
    let signalled = false;
    const hung: ModelPort = {
      backend: 'scripted',
      model: 'hung',
      generate: (request) => {
        request.signal?.addEventListener('abort', () => (signalled = true));
        return new Promise(() => {});
      },
    };
    const { run, store, messages } = setUp(hung, { stallMs: 30 });
    expect(await run.run()).toBe('paused');
    expect(signalled).toBe(true);
    expect(messages(true)).toEqual([
      'The model failed: it wrote nothing for 30 ms, so it may have hung or lost its GPU; reload the model in ' +
        'the model panel. The run is paused and its 1 recorded candidate is kept; resume it once the model works again.',
    ]);
    expect(store.progress?.status).toBe('paused');
  });

  it('a slow model that keeps writing is not taken as hung', async () => {
    const slow: ModelPort = {
      backend: 'scripted',
      model: 'slow',
      async generate(request) {
        const text = reply(0.5);
        for (let i = 0; i < 6; i++) {
          await new Promise((resolve) => setTimeout(resolve, 15));
          if (request.signal?.aborted) throw abortError();
          request.onText?.(i === 5 ? text : '');
        }
        return result(text);
      },
    };
    const { run, store } = setUp(slow, { stallMs: 40, meta: meta({ candidates: 2 }) });
    expect(await run.run()).toBe('finished');
    expect(store.candidates.map((c) => c.status)).toEqual(['ok', 'ok', 'duplicate']);
  });
});

describe('replies with no code are recorded, and a streak of them pauses the run', () => {
  it('a reply cut at the token limit says so in its record', async () => {
    const { run, store } = setUp(
      scriptedModel((call) => (call === 0 ? result(cutReply, 'length') : replies[call])),
      { meta: meta({ candidates: 3 }, 1, 256) },
    );
    expect(await run.run()).toBe('finished');
    const record = store.candidates[1];
    expect(record).toMatchObject({ status: 'parse-error', reply: cutReply, code: null });
    expect(record.error?.message).toMatch(
      /^The reply stopped at the token limit \(256 tokens\) before the code was complete\. The function `priority` is cut off/,
    );
  });

  it('six replies in a row cut at the token limit pause the run with what to change', async () => {
    const cut = result(cutReply, 'length');
    let fixed = false;
    const model = scriptedModel((call) => (fixed ? replies[call - 8] : call < 2 ? replies[call] : cut));
    const { run, store, messages } = setUp(model);
    expect(await run.run()).toBe('paused');
    expect(store.candidates).toHaveLength(9);
    for (const record of store.candidates.slice(3)) {
      expect(record.status).toBe('parse-error');
      expect(record.error?.message).toMatch(/^The reply stopped at the token limit \(512 tokens\)/);
    }
    expect(messages(true)).toEqual([
      "The model's last 6 replies held no code (6 cut at the token limit), so the run is paused: the replies " +
        'need more than 512 tokens: start a new run with the same settings and a higher "Max tokens". Resume to ' +
        'keep trying with this model.',
    ]);
    fixed = true;
    expect(await run.run()).toBe('finished');
    expect(store.candidates).toHaveLength(budget + 1);
  });

  it('empty and prose replies in a row pause the run with advice for each', async () => {
    const texts = ['', ' \n ', 'Sure! Here is my idea: raise the reserve price.', 'I think so.', '', '\n'];
    const { run, messages } = setUp(scriptedModel((call) => texts[call] ?? replies[call]));
    expect(await run.run()).toBe('paused');
    expect(messages(true)).toEqual([
      "The model's last 6 replies held no code (4 empty, 2 prose only), so the run is paused: the model " +
        'returns nothing: reload it, or load another model; the model answers in prose: load a coding or ' +
        'instruction-tuned model. Resume to keep trying with this model.',
    ]);
  });

  it('a reply with code ends the streak, and broken code never pauses the run', async () => {
    const prose = 'Let me think about the reserve price.';
    const broken = '```javascript\nfunction priority(bid, bidder, n) {\n  return bid >= ;\n}\n```';
    const texts = [...Array(5).fill(prose), reply(0.4), ...Array(5).fill(prose), ...Array(9).fill(broken)];
    const { run, store, messages } = setUp(scriptedModel((call) => texts[call]));
    expect(await run.run()).toBe('finished');
    expect(messages()).toEqual([]);
    expect(store.candidates.filter((c) => c.status === 'parse-error')).toHaveLength(19);
  });
});
