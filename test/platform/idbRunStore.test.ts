import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/core/evolution/ports.ts';
import type { Candidate } from '../../src/core/evolution/record.ts';
import { RunFileError, serialiseRun } from '../../src/core/evolution/runFile.ts';
import { IdbRunStore } from '../../src/platform/idbRunStore.ts';
import { RunStoreError, StorageFullError } from '../../src/platform/storageErrors.ts';
import { sampleMeta, sampleRun } from '../core/evolution/sampleRun.ts';
import { EvolutionRun } from '../../src/core/evolution/loop.ts';
import {
  MemoryStore,
  fakeEvaluator,
  fakeModel,
  instance,
  meta,
  replies,
  scrambled,
  without,
} from '../core/evolution/runFakes.ts';

const clock = 1_800_000_000_000;
let databases = 0;
const open: IdbRunStore[] = [];

/** Returns a store on a database of its own, with a fixed clock and predictable new ids. */
function freshStore(databaseName = `mechlab-test-${++databases}`) {
  let ids = 0;
  const store = new IdbRunStore({ databaseName, now: () => clock, newId: () => `new-${++ids}` });
  open.push(store);
  return { store, databaseName };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Creates the sample run in `store` and records its candidates one by one. */
async function recordSample(store: IdbRunStore, count: number, id = 'run-1') {
  const run = sampleRun(count, id);
  await store.createRun(run.meta);
  for (const { candidate, progress } of run.steps) await store.recordCandidate(id, candidate, progress);
  return { ...run.stored, meta: { ...run.meta, updatedAt: clock } };
}

describe('IdbRunStore as the RunStore of the search', () => {
  it('loads exactly what was recorded: 100 candidates in order and the last progress', async () => {
    const { store } = freshStore();
    const expected = await recordSample(store, 100);
    expect(await store.loadRun('run-1')).toStrictEqual(expected);
  });

  it('a new store on the same database (a reload) sees the same run', async () => {
    const { store, databaseName } = freshStore();
    const expected = await recordSample(store, 30);
    await store.close();
    const reloaded = freshStore(databaseName).store;
    expect(await reloaded.loadRun('run-1')).toStrictEqual(expected);
  });

  it('a new run starts idle with no candidates and an empty database', async () => {
    const { store } = freshStore();
    const { meta } = sampleRun(0);
    await store.createRun(meta);
    const run = await store.loadRun(meta.id);
    expect(run?.meta).toStrictEqual(meta);
    expect(run?.candidates).toEqual([]);
    expect(run?.progress).toMatchObject({ status: 'idle', iteration: 0, modelCalls: 0, applied: 0 });
    expect(run?.progress.database.islands).toHaveLength(meta.settings.search.database.islands);
  });

  it('returns candidates in the order recorded, not in the text order of their ids', async () => {
    const { store } = freshStore();
    const run = sampleRun(4);
    await store.createRun(run.meta);
    const ids = ['c9999', 'c10000', 'c2', 'c100000'];
    const renamed = run.steps.map((s, i) => ({ ...s.candidate, id: ids[i], parentIds: [] }));
    for (const c of renamed) await store.recordCandidate('run-1', c, run.initial);
    expect((await store.loadRun('run-1'))?.candidates.map((c) => c.id)).toEqual(ids);
  });

  it('saveProgress replaces the progress and keeps the candidates', async () => {
    const { store } = freshStore();
    const expected = await recordSample(store, 3);
    const paused: RunProgress = { ...expected.progress, status: 'paused', elapsedSeconds: 99 };
    await store.saveProgress('run-1', paused);
    expect(await store.loadRun('run-1')).toStrictEqual({ ...expected, progress: paused });
  });

  it('returns null for a run that does not exist, and refuses to record into one', async () => {
    const { store } = freshStore();
    const { steps } = sampleRun(1);
    expect(await store.loadRun('nope')).toBeNull();
    await expect(store.recordCandidate('nope', steps[0].candidate, steps[0].progress)).rejects.toThrow(
      new RunStoreError("There is no run with id 'nope' in this browser."),
    );
    await expect(store.saveProgress('nope', steps[0].progress)).rejects.toThrow(RunStoreError);
  });

  it('refuses to create a run whose id is taken, and leaves the first one as it was', async () => {
    const { store } = freshStore();
    const expected = await recordSample(store, 2);
    await expect(store.createRun(sampleMeta('run-1', 'Other'))).rejects.toThrow(
      new RunStoreError("A run with id 'run-1' already exists."),
    );
    expect(await store.loadRun('run-1')).toStrictEqual(expected);
  });
});

describe('IdbRunStore: a change is one transaction', () => {
  it('stores neither the candidate nor the progress when the progress write fails after the candidate was put', async () => {
    const { store } = freshStore();
    const before = await recordSample(store, 3);
    const { candidate, progress } = sampleRun(4).steps[3];
    // A function cannot be stored: the progress put throws after the candidate put succeeded.
    const unstorable = { ...progress, database: { ...progress.database, hook: () => 1 } } as RunProgress;
    await expect(store.recordCandidate('run-1', candidate, unstorable)).rejects.toThrow(RunStoreError);
    expect(await store.loadRun('run-1')).toStrictEqual(before);
    await store.recordCandidate('run-1', candidate, progress);
    expect((await store.loadRun('run-1'))?.candidates.map((c) => c.id)).toEqual([
      'c0000',
      'c0001',
      'c0002',
      'c0003',
    ]);
  });

  it('rejects a candidate id recorded twice, and keeps the progress from before', async () => {
    const { store } = freshStore();
    const before = await recordSample(store, 2);
    const again: Candidate = { ...before.candidates[1], reply: 'changed' };
    await expect(
      store.recordCandidate('run-1', again, { ...before.progress, iteration: 77 }),
    ).rejects.toThrow(/could not store candidate c0001 of run 'run-1' \(ConstraintError/);
    expect(await store.loadRun('run-1')).toStrictEqual(before);
  });

  it('turns a QuotaExceededError into a StorageFullError that says the run can still be exported', async () => {
    const { store } = freshStore();
    const before = await recordSample(store, 2);
    const { candidate, progress } = sampleRun(3).steps[2];
    const full = Object.defineProperty({ ...progress }, 'status', {
      enumerable: true,
      get: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    });
    const error = await store.recordCandidate('run-1', candidate, full).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error).toMatchObject({ name: 'StorageFullError' });
    expect((error as Error).message).toBe(
      "Browser storage is full, so candidate c0002 of run 'run-1' was not saved. The run can still be " +
        'exported to a file; then delete old runs, or allow this site more storage, to free space.',
    );
    expect(await store.loadRun('run-1')).toStrictEqual(before);
  });
});

describe('IdbRunStore: the run library', () => {
  it('lists each run with its problem, status, candidate count and best score, latest change first', async () => {
    let now = 1_000;
    const store = new IdbRunStore({ databaseName: `mechlab-test-${++databases}`, now: () => now });
    open.push(store);
    const a = sampleRun(12, 'a');
    await store.createRun(a.meta);
    for (const { candidate, progress } of a.steps) await store.recordCandidate('a', candidate, progress);
    now = 2_000;
    await store.createRun(sampleMeta('b', 'Empty'));
    await store.saveProgress('b', { ...sampleRun(0).initial, status: 'paused' });
    const best = Math.max(
      ...a.steps
        .map((s) => s.candidate)
        .filter((c) => c.status === 'ok')
        .map((c) => c.score ?? -Infinity),
    );
    expect(await store.listRuns()).toStrictEqual([
      {
        id: 'b',
        name: 'Empty',
        problem: 'vcg-redistribution',
        status: 'paused',
        candidates: 0,
        bestScore: null,
        updatedAt: 2_000,
      },
      {
        id: 'a',
        name: 'Run a',
        problem: 'vcg-redistribution',
        status: 'finished',
        candidates: 12,
        bestScore: best,
        updatedAt: 1_000,
      },
    ]);
  });

  it('renames a run, and names the missing run it cannot rename', async () => {
    const { store } = freshStore();
    const expected = await recordSample(store, 2);
    await store.renameRun('run-1', 'Water-filling, 5 agents');
    expect(await store.loadRun('run-1')).toStrictEqual({
      ...expected,
      meta: { ...expected.meta, name: 'Water-filling, 5 agents' },
    });
    await expect(store.renameRun('gone', 'x')).rejects.toThrow(
      "There is no run with id 'gone' in this browser.",
    );
  });

  it('deletes a run with all its candidates, and no other run, even one whose id starts the same', async () => {
    const { store } = freshStore();
    await recordSample(store, 5, 'a');
    const kept = await recordSample(store, 4, 'ab');
    await store.deleteRun('a');
    expect(await store.loadRun('a')).toBeNull();
    expect(await store.loadRun('ab')).toStrictEqual(kept);
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['ab']);
    await recordSample(store, 2, 'a');
    expect((await store.loadRun('a'))?.candidates).toHaveLength(2);
    await expect(store.deleteRun('never-was')).resolves.toBeUndefined();
  });

  it('duplicates the settings and model of a run into a new idle run with no candidates', async () => {
    const { store } = freshStore();
    const source = await recordSample(store, 6);
    const meta = await store.duplicateSettings('run-1', 'run-2', 'Again, longer');
    expect(meta).toStrictEqual({
      ...source.meta,
      id: 'run-2',
      name: 'Again, longer',
      createdAt: clock,
      updatedAt: clock,
    });
    const copy = await store.loadRun('run-2');
    expect(copy?.meta).toStrictEqual(meta);
    expect(copy?.candidates).toEqual([]);
    expect(copy?.progress).toMatchObject({ status: 'idle', iteration: 0, applied: 0 });
    expect(await store.loadRun('run-1')).toStrictEqual(source);
    await expect(store.duplicateSettings('run-1', 'run-2', 'twice')).rejects.toThrow(
      "A run with id 'run-2' already exists.",
    );
    await expect(store.duplicateSettings('gone', 'run-3', 'x')).rejects.toThrow(RunStoreError);
  });
});

describe('IdbRunStore: export and import of run files', () => {
  it('exports the run file of a run', async () => {
    const { store } = freshStore();
    const run = await recordSample(store, 5);
    expect(await store.exportRun('run-1')).toBe(serialiseRun(run, clock));
    await expect(store.exportRun('gone')).rejects.toThrow(RunStoreError);
  });

  it('imports an exported run into another browser exactly', async () => {
    const from = freshStore().store;
    const run = await recordSample(from, 40);
    const text = await from.exportRun('run-1');
    const to = freshStore().store;
    expect(await to.importRun(text)).toStrictEqual(run.meta);
    expect(await to.loadRun('run-1')).toStrictEqual(run);
    expect(await to.exportRun('run-1')).toBe(text);
    expect((await to.listRuns())[0]).toMatchObject({ id: 'run-1', candidates: 40 });
  });

  it('gives an imported run whose id is taken a new id and " (imported)" after its name, and changes nothing else', async () => {
    const { store } = freshStore();
    const run = await recordSample(store, 10);
    const meta = await store.importRun(await store.exportRun('run-1'));
    expect(meta).toStrictEqual({ ...run.meta, id: 'new-1', name: 'Run run-1 (imported)' });
    expect(await store.loadRun('new-1')).toStrictEqual({ ...run, meta });
    expect(await store.loadRun('run-1')).toStrictEqual(run);
    expect((await store.listRuns()).map((r) => r.id).sort()).toEqual(['new-1', 'run-1']);
  });

  it.each([
    ['text that is not JSON', () => 'mechlab run, trust me', 'it is not valid JSON'],
    ['JSON of another shape', () => '{"runs": []}', 'this is not a MechLab run file (no format field)'],
    [
      'a future version',
      (t: string) => t.replace('"version": 1,', '"version": 7,'),
      'run file version 7 is newer than this MechLab (1); update MechLab',
    ],
    [
      'a candidate with a bad status',
      (t: string) => t.replace('"status": "runtime-error"', '"status": "weird"'),
      "candidates[5].status is 'weird'; expected one of ok, parse-error, forbidden",
    ],
    [
      'a "__proto__" key',
      (t: string) => t.replace('"reply":', '"__proto__": {"isAdmin": true}, "reply":'),
      'candidates[0].__proto__ is not allowed',
    ],
    [
      'a "constructor" key',
      (t: string) => t.replace('"parameters": {', '"parameters": {"constructor": {"prototype": {"x": 1}},'),
      'meta.settings.parameters.constructor is not allowed',
    ],
  ])('rejects %s with its message, and stores nothing', async (_, edit, message) => {
    const { store } = freshStore();
    const text = edit(serialiseRun(sampleRun(8, 'other').stored, clock));
    const error = await store.importRun(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFileError);
    expect((error as Error).message).toContain(message);
    expect(await store.listRuns()).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('IdbRunStore: what another tab reads', () => {
  it('loadRunFrom returns the progress and the candidates from a position on, in order', async () => {
    const { store } = freshStore();
    const run = await recordSample(store, 12);
    expect(await store.loadRunFrom('run-1', 9)).toStrictEqual({
      ...run,
      candidates: run.candidates.slice(9),
    });
    expect(await store.loadRunFrom('run-1', 12)).toStrictEqual({ ...run, candidates: [] });
    expect(await store.loadRunFrom('run-1', 0)).toStrictEqual(run);
    expect(await store.loadRunFrom('gone', 0)).toBeNull();
  });
});

describe('IdbRunStore under a run whose writes are cut off (a tab closing mid-write)', () => {
  /** Makes every put into the store `name` throw while `cut.on`, after the candidate's add in the same transaction. */
  function cutWrites(name: string) {
    const cut = { on: false };
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (cut.on && this.name === name) throw new DOMException('The transaction was aborted.', 'AbortError');
      return put.apply(this, args);
    };
    return { cut, restore: () => (IDBObjectStore.prototype.put = put) };
  }

  it('keeps no half-written candidate, reopens consistent, and resumes to the records of an uninterrupted run', async () => {
    const whole = new MemoryStore();
    whole.meta = meta({ candidates: 20 });
    await new EvolutionRun({
      meta: whole.meta,
      instance,
      model: fakeModel(replies),
      evaluator: fakeEvaluator(scrambled(1)),
      store: whole,
    }).run();

    const { store, databaseName } = freshStore();
    const runMeta = meta({ candidates: 20 });
    await store.createRun(runMeta);
    const { cut, restore } = cutWrites('runs');
    try {
      let seen = 0;
      const run = new EvolutionRun({
        meta: runMeta,
        instance,
        model: fakeModel(replies),
        evaluator: fakeEvaluator(scrambled(2)),
        store,
        listener: (event) => {
          if (event.type === 'candidate' && ++seen === 7) cut.on = true;
        },
      });
      // The run goes on in memory; the page then closes.
      expect(await run.run()).toBe('finished');
      expect(run.unsaved).toBe(21 - 7);
    } finally {
      restore();
    }
    await store.close();

    const reopened = freshStore(databaseName).store;
    const saved = (await reopened.loadRun('run-1'))!;
    // The candidate whose transaction was aborted was added, then rolled back with it.
    expect(saved.candidates.map((c) => c.id)).toEqual(whole.candidates.slice(0, 7).map((c) => c.id));
    expect(saved.progress.applied).toBeLessThanOrEqual(7);
    expect((await reopened.listRuns())[0]).toMatchObject({ candidates: 7, status: 'running' });
    const resumed = new EvolutionRun({
      meta: runMeta,
      instance,
      model: fakeModel(replies.slice(6)),
      evaluator: fakeEvaluator(scrambled(3)),
      store: reopened,
      resume: { progress: { ...saved.progress, status: 'paused' }, candidates: saved.candidates },
    });
    expect(await resumed.run()).toBe('finished');
    const final = (await reopened.loadRun('run-1'))!;
    expect(without(final.candidates)).toEqual(without(whole.candidates));
    expect(final.progress.status).toBe('finished');
  });
});
