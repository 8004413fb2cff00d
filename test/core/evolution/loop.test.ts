/**
 * The run loop with fakes at its three seams (runFakes.ts): a model that
 * replays replies, an evaluator that scores code by a rule of its own (with
 * random delays, so evaluations finish out of order), and a store in memory.
 */
import { describe, expect, it } from 'vitest';
import { EvolutionRun } from '../../../src/core/evolution/loop.ts';
import type { ModelPort } from '../../../src/core/evolution/ports.ts';
import type { RunEvent } from '../../../src/core/evolution/events.ts';
import {
  MemoryStore,
  fakeEvaluator,
  fakeModel,
  instance,
  meta,
  replies,
  reply,
  scrambled,
  without,
} from './runFakes.ts';

describe('EvolutionRun', () => {
  it('records the seed and one candidate per reply, in iteration order, with lineage and statuses', async () => {
    const store = new MemoryStore();
    const events: RunEvent[] = [];
    const run = new EvolutionRun({
      meta: meta({ candidates: 25 }),
      instance,
      model: fakeModel(replies),
      evaluator: fakeEvaluator(scrambled(1)),
      store,
      listener: (e) => events.push(e),
    });
    expect(await run.run()).toBe('finished');
    expect(store.candidates.map((c) => c.id)).toEqual(
      Array.from({ length: 26 }, (_, i) => `c${String(i).padStart(4, '0')}`),
    );
    expect(store.candidates[0].operator).toBe('seed');
    expect(store.candidates[4].status).toBe('parse-error'); // replies[3], the first in prose only
    expect(store.candidates.some((c) => c.status === 'runtime-error')).toBe(true);
    for (const c of store.candidates.slice(1)) {
      for (const parent of c.parentIds) expect(parent < c.id).toBe(true);
    }
    expect(store.progress?.status).toBe('finished');
    expect(events.filter((e) => e.type === 'candidate')).toHaveLength(26);
    const bests = events
      .filter((e) => e.type === 'new-best')
      .map((e) => (e.type === 'new-best' ? e.candidate.score : 0));
    expect(bests).toEqual([...bests].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it('makes the same run whatever order evaluations finish in', async () => {
    const runWith = async (delays: () => number) => {
      const store = new MemoryStore();
      await new EvolutionRun({
        meta: meta({ candidates: 30 }),
        instance,
        model: fakeModel(replies),
        evaluator: fakeEvaluator(delays),
        store,
      }).run();
      return without(store.candidates);
    };
    const first = await runWith(scrambled(1));
    const second = await runWith(scrambled(99));
    const third = await runWith(() => 0);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it('marks a textual duplicate without evaluating it, and a behavioural one after', async () => {
    const store = new MemoryStore();
    const same = [reply(0.4), reply(0.4, ' // a comment'), reply(0.6)];
    await new EvolutionRun({
      meta: meta({ candidates: 3 }),
      instance,
      model: fakeModel(same),
      evaluator: fakeEvaluator(() => 0),
      store,
    }).run();
    expect(store.candidates.map((c) => c.status)).toEqual(['ok', 'ok', 'duplicate', 'duplicate']);
    expect(store.candidates[2].error?.message).toMatch(/^the same code as c0001/);
    expect(store.candidates[2].evaluationMilliseconds).toBeNull();
    expect(store.candidates[3].error?.message).toMatch(/^behaves exactly like c0001/);
  });

  it('pauses mid-run, resumes from the stored records, and ends with the same records as an uninterrupted run', async () => {
    const whole = new MemoryStore();
    await new EvolutionRun({
      meta: meta({ candidates: 30 }),
      instance,
      model: fakeModel(replies),
      evaluator: fakeEvaluator(scrambled(3)),
      store: whole,
    }).run();

    const store = new MemoryStore();
    await store.createRun(meta({ candidates: 30 }));
    let run: EvolutionRun;
    let seen = 0;
    run = new EvolutionRun({
      meta: meta({ candidates: 30 }),
      instance,
      model: fakeModel(replies),
      evaluator: fakeEvaluator(scrambled(4)),
      store,
      listener: (e) => {
        if (e.type === 'candidate' && ++seen === 12) run.pause();
      },
    });
    expect(await run.run()).toBe('paused');
    const saved = await store.loadRun();
    expect(saved?.progress.status).toBe('paused');
    const recorded = saved!.candidates.length;
    expect(recorded).toBeGreaterThanOrEqual(12);
    expect(recorded).toBeLessThan(31);

    // A new page: a fresh run object from the stored records, a model that replays from where the records end.
    run = new EvolutionRun({
      meta: meta({ candidates: 30 }),
      instance,
      model: fakeModel(replies.slice(recorded - 1)),
      evaluator: fakeEvaluator(scrambled(5)),
      store,
      resume: { progress: saved!.progress, candidates: saved!.candidates },
    });
    expect(run.status).toBe('paused');
    expect(await run.run()).toBe('finished');
    expect(without(store.candidates)).toEqual(without(whole.candidates));
  });

  it('pauses with a readable message when the model fails, and goes on when resumed', async () => {
    const store = new MemoryStore();
    const events: RunEvent[] = [];
    let calls = 0;
    const flaky: ModelPort = {
      ...fakeModel(replies),
      async generate() {
        calls += 1;
        if (calls === 3) throw new Error('device lost');
        return {
          text: replies[calls],
          usage: { promptTokens: 1, completionTokens: 1, tokensPerSecond: 1 },
          finishReason: 'stop',
        };
      },
    };
    const run = new EvolutionRun({
      meta: meta({ candidates: 5 }),
      instance,
      model: flaky,
      evaluator: fakeEvaluator(() => 0),
      store,
      listener: (e) => events.push(e),
    });
    expect(await run.run()).toBe('paused');
    expect(events.find((e) => e.type === 'error')).toMatchObject({
      paused: true,
      message: expect.stringMatching(/device lost.*resume/),
    });
    expect(await run.run()).toBe('finished');
    expect(store.candidates).toHaveLength(6);
  });

  it('stop interrupts the model call in flight and cannot be resumed', async () => {
    const store = new MemoryStore();
    let release: () => void = () => {};
    const hanging: ModelPort = {
      backend: 'test',
      model: 'hang',
      generate: (request) =>
        new Promise((_, reject) => {
          release = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          request.signal?.addEventListener('abort', () => release());
        }),
    };
    const run = new EvolutionRun({
      meta: meta({ candidates: 5 }),
      instance,
      model: hanging,
      evaluator: fakeEvaluator(() => 0),
      store,
    });
    const done = run.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    run.stop();
    expect(await done).toBe('stopped');
    expect(store.candidates).toHaveLength(1);
    await expect(run.run()).rejects.toThrow('a stopped run cannot be started');
  });
  it('counts running time only while the run runs: a finished run exported later has the elapsed time it ended with', async () => {
    let now = 1_000_000;
    const replay = fakeModel(replies);
    const model: ModelPort = {
      ...replay,
      generate: async (request) => {
        now += 2_000; // every reply takes two seconds of the run's clock
        return replay.generate(request);
      },
    };
    const store = new MemoryStore();
    const run = new EvolutionRun({
      meta: meta({ candidates: 3 }),
      instance,
      model,
      evaluator: fakeEvaluator(() => 0.5),
      store,
      clock: () => now,
    });
    expect(await run.run()).toBe('finished');
    const ended = store.progress!.elapsedSeconds;
    expect(ended).toBeGreaterThanOrEqual(6);
    now += 60_000; // a minute later, the user exports the run
    expect(run.snapshot().progress.elapsedSeconds).toBe(ended);
  });
});
