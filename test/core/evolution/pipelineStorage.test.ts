/**
 * A store that fails mid-run (storage full, a write cut off by a closing
 * tab): the run goes on in memory and says so, an export holds every
 * candidate, the store catches up in order once it takes writes again, and
 * a run reopened from whatever the store holds resumes to exactly the
 * records of a run that never failed.
 */
import { describe, expect, it } from 'vitest';
import { EvolutionRun } from '../../../src/core/evolution/loop.ts';
import type { RunEvent } from '../../../src/core/evolution/events.ts';
import { emptyRun, parseRunFile, serialiseRun } from '../../../src/core/evolution/runFile.ts';
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

const budget = 24;

function quotaError(): Error {
  return new (class extends Error {
    override name = 'StorageFullError';
  })("Browser storage is full, so candidate c0005 of run 'test' was not saved.");
}

/** A run of `budget` candidates on `store`, from the store's records if it holds any. */
async function runOn(store: MemoryStore, events: RunEvent[] = []) {
  const saved = await store.loadRun();
  const run = new EvolutionRun({
    meta: store.meta!,
    instance,
    model: fakeModel(replies.slice(Math.max(0, (saved?.candidates.length ?? 0) - 1))),
    evaluator: fakeEvaluator(scrambled(5)),
    store,
    listener: (e) => events.push(e),
    resume: saved && saved.candidates.length > 0 ? saved : undefined,
  });
  return run;
}

function newStore(): MemoryStore {
  const store = new MemoryStore();
  store.meta = meta({ candidates: budget });
  return store;
}

async function uninterrupted() {
  const store = newStore();
  expect(await (await runOn(store)).run()).toBe('finished');
  return without(store.candidates);
}

/** Returns the storage events as [saved, unsaved] pairs. */
function storageEvents(events: readonly RunEvent[]) {
  return events.flatMap((e) => (e.type === 'storage' ? [[e.saved, e.unsaved] as const] : []));
}

describe('storage full mid-run', () => {
  it('goes on in memory, says so, then saves what it held, in order, once writes work again', async () => {
    const store = newStore();
    const events: RunEvent[] = [];
    let recorded = 0;
    // Candidate writes 5 … 9 fail; the run must not stop or lose one.
    store.failing = (write) =>
      write === 'candidate' && recorded >= 5 && recorded < 10 ? quotaError() : null;
    const run = await runOn(store, events);
    const listener = events.push.bind(events);
    events.push = (...pushed) => {
      for (const e of pushed) if (e.type === 'candidate') recorded += 1;
      return listener(...pushed);
    };
    expect(await run.run()).toBe('finished');
    expect(storageEvents(events)).toEqual([
      [false, 1],
      [false, 2],
      [false, 3],
      [false, 4],
      [false, 5],
      [true, 0],
    ]);
    const first = events.find((e) => e.type === 'storage');
    expect(first).toMatchObject({
      message:
        "Browser storage is full, so candidate c0005 of run 'test' was not saved. The run goes on in memory " +
        'with 1 candidate not saved: export it now to keep it; saving starts again by itself once the browser ' +
        'takes writes again.',
    });
    expect(events.find((e) => e.type === 'storage' && e.saved)).toMatchObject({
      message: 'Saving works again: every candidate of this run is stored in the browser.',
    });
    // Every candidate reached the listener in order, and the store has them all, with no gap.
    const shown = events.flatMap((e) => (e.type === 'candidate' ? [e.candidate.id] : []));
    expect(shown).toEqual(store.candidates.map((c) => c.id));
    expect(without(store.candidates)).toEqual(await uninterrupted());
    expect(store.progress?.status).toBe('finished');
  });

  it('an export made while storage is full holds the candidates only in memory', async () => {
    const store = newStore();
    store.failing = () => (store.candidates.length >= 4 ? quotaError() : null);
    const run = await runOn(store);
    expect(await run.run()).toBe('finished');
    expect(store.candidates).toHaveLength(4);
    expect(run.unsaved).toBe(budget + 1 - 4);
    const file = parseRunFile(serialiseRun(run.snapshot(), 0));
    expect(file.candidates).toHaveLength(budget + 1);
    expect(file.progress.status).toBe('finished');
    expect(without(file.candidates)).toEqual(await uninterrupted());
  });

  it('what the store holds after failing to the end is a consistent run that resumes to the same records', async () => {
    const store = newStore();
    store.failing = (write) =>
      store.candidates.length >= 9 || (write === 'progress' && store.candidates.length > 0)
        ? quotaError()
        : null;
    expect(await (await runOn(store)).run()).toBe('finished');
    // The stored progress belongs to the stored candidates: it may lag them, never run ahead.
    const saved = (await store.loadRun())!;
    expect(saved.candidates).toHaveLength(9);
    expect(saved.progress.applied).toBeLessThanOrEqual(9);
    const ids = new Set(saved.candidates.map((c) => c.id));
    for (const island of saved.progress.database.islands)
      for (const cluster of island.clusters)
        for (const p of cluster.programs) expect(ids.has(p.id)).toBe(true);
    expect(Object.values(saved.progress.database.codes).every((id) => ids.has(id))).toBe(true);
    expect(parseRunFile(serialiseRun(saved, 0)).candidates).toHaveLength(9);

    // A new page: the store works again.
    store.failing = () => null;
    const reopened = await runOn(store);
    expect(reopened.status).toBe('paused');
    expect(await reopened.run()).toBe('finished');
    expect(without(store.candidates)).toEqual(await uninterrupted());
  });

  it('a seed that could not be saved is saved with the next candidate', async () => {
    const store = newStore();
    store.failing = (write) => (write === 'candidate' && store.writes === 1 ? quotaError() : null);
    expect(await (await runOn(store)).run()).toBe('finished');
    expect(without(store.candidates)).toEqual(await uninterrupted());
  });

  it('a run stored with only its seed and the progress from before it resumes to the same records', async () => {
    const store = newStore();
    expect(await (await runOn(store)).run()).toBe('finished');
    store.candidates = store.candidates.slice(0, 1);
    store.progress = { ...emptyRun(store.meta!).progress, status: 'running' };
    expect(await (await runOn(store)).run()).toBe('finished');
    expect(without(store.candidates)).toEqual(await uninterrupted());
  });
});

describe('a write cut off by a closing tab', () => {
  it('loses only what was not committed, and the reopened run ends with the records of an uninterrupted run', async () => {
    for (const cut of [1, 2, 7, 15]) {
      const store = newStore();
      // The tab closes during the write of candidate `cut`: that write and everything after never land.
      store.failing = () =>
        store.candidates.length >= cut ? new Error('the transaction was aborted') : null;
      expect(await (await runOn(store)).run()).toBe('finished');
      expect(store.candidates).toHaveLength(cut);
      store.failing = () => null;
      const reopened = await runOn(store);
      expect(await reopened.run()).toBe('finished');
      expect(without(store.candidates), `cut at ${cut}`).toEqual(await uninterrupted());
    }
  });
});

describe('the progress saved with each candidate', () => {
  const long = 300;
  // 150 codes, each written twice: the second time a textual duplicate of the first.
  const longReplies = Array.from({ length: long }, (_, i) => reply(((i * 37) % 150) / 1000));

  /** A store that notes, for each candidate write, how many candidates its progress covers. */
  class NotingStore extends MemoryStore {
    covered: number[] = [];
    override async recordCandidate(...args: Parameters<MemoryStore['recordCandidate']>) {
      await super.recordCandidate(...args);
      this.covered.push(args[2].iteration);
    }
  }

  async function longRun(
    store: MemoryStore,
    resumeFrom?: Awaited<ReturnType<MemoryStore['loadRun']>>,
    texts: readonly string[] = longReplies,
  ) {
    const used = resumeFrom ? resumeFrom.candidates.length - 1 : 0;
    return new EvolutionRun({
      meta: store.meta!,
      instance,
      model: fakeModel(texts.slice(used)),
      evaluator: fakeEvaluator(() => 0),
      store,
      resume: resumeFrom ?? undefined,
    });
  }

  it('is made afresh for the first 100 candidates, then after every 1% more, and never runs ahead', async () => {
    const store = new NotingStore();
    store.meta = meta({ candidates: long });
    expect(await (await longRun(store)).run()).toBe('finished');
    const { covered } = store;
    expect(covered).toHaveLength(long + 1);
    // Candidate k (from 0) is saved with a progress covering k + 1 candidates while fresh, fewer after.
    expect(covered.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, k) => k + 1));
    covered.forEach((n, k) => {
      expect(n).toBeLessThanOrEqual(k + 1);
      expect(k + 1 - n).toBeLessThan(Math.max(1, Math.floor((k + 1) / 100)));
    });
    expect(new Set(covered.slice(100)).size).toBeLessThan(long - 100);
    expect(store.progress).toMatchObject({ status: 'finished', iteration: long + 1 });
  });

  it('a run reopened from a progress that lags its candidates ends with the same records', async () => {
    const whole = new MemoryStore();
    whole.meta = meta({ candidates: long });
    await (await longRun(whole)).run();

    const store = new MemoryStore();
    store.meta = meta({ candidates: long });
    // The tab closes after candidate 251: the progress stored with it is older (fresh at 201, 203, … 251).
    store.failing = () => (store.candidates.length >= 252 ? new Error('the tab closed') : null);
    await (await longRun(store)).run();
    const saved = (await store.loadRun())!;
    expect(saved.candidates).toHaveLength(252);
    expect(saved.progress.iteration).toBe(251);
    store.failing = () => null;
    const reopened = await longRun(store, saved);
    expect(await reopened.run()).toBe('finished');
    expect(without(store.candidates)).toEqual(without(whole.candidates));
    // Codes first seen before the tab closed are still known as such after it reopened.
    const late = store.candidates.slice(252).filter((c) => c.error?.message.startsWith('the same code as'));
    expect(late.length).toBeGreaterThan(40);
  });

  it('a reopened run still knows the code of a candidate recorded but not registered when the tab closed', async () => {
    // Candidate c0251 writes new code, c0271 writes it again.
    const texts = longReplies.map((t, i) => (i === 250 || i === 270 ? reply(0.9991) : t));
    const whole = new MemoryStore();
    whole.meta = meta({ candidates: long });
    await (await longRun(whole, undefined, texts)).run();
    expect(whole.candidates[271].error?.message).toMatch(/^the same code as c0251 /);

    const store = new MemoryStore();
    store.meta = meta({ candidates: long });
    store.failing = () => (store.candidates.length >= 252 ? new Error('the tab closed') : null);
    await (await longRun(store, undefined, texts)).run();
    const saved = (await store.loadRun())!;
    expect(saved.progress.applied).toBeLessThan(252);
    store.failing = () => null;
    await (await longRun(store, saved, texts)).run();
    expect(without(store.candidates)).toEqual(without(whole.candidates));
  });
});
