import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunFile } from '../../src/core/evolution/runFile.ts';
import type { Candidate } from '../../src/core/evolution/record.ts';
import { CliError } from '../../src/cli/errors.ts';
import { FileRunStore, journalPath, replayJournal, writeFileAtomically } from '../../src/cli/fileRunStore.ts';
import { sampleRun } from '../core/evolution/sampleRun.ts';

const clock = 1_800_000_000_000;
let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mechlab-file-store-'));
  path = join(dir, 'run.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const store = (minimumFoldBytes?: number) => new FileRunStore(path, { now: () => clock, minimumFoldBytes });
const onDisk = async () => parseRunFile(await readFile(path, 'utf8'));
/** Returns the journal's text, or '' when there is none. */
const journalText = () => readFile(journalPath(path), 'utf8').catch(() => '');
/** Returns what a store would load: the run file with its journal replayed (without folding it). */
const recorded = async () => replayJournal(await onDisk(), await journalText());

describe('FileRunStore', () => {
  it('makes every candidate durable when its call resolves, and loads what was recorded', async () => {
    const run = sampleRun(25);
    const s = store();
    await s.createRun(run.meta);
    expect((await onDisk()).candidates).toEqual([]);
    for (const [i, { candidate, progress }] of run.steps.entries()) {
      await s.recordCandidate('run-1', candidate, progress);
      const file = await recorded();
      expect(file.candidates).toHaveLength(i + 1);
      expect(file.candidates[i]).toStrictEqual(candidate);
      expect(file.progress).toStrictEqual(progress);
    }
    // Below the fold size the run file still holds the empty run; the journal, one line per candidate.
    expect((await onDisk()).candidates).toEqual([]);
    expect((await journalText()).split('\n')).toHaveLength(26);
    const expected = { ...run.stored, meta: { ...run.meta, updatedAt: clock } };
    expect(await s.loadRun('run-1')).toStrictEqual(expected);
    // A run that ends leaves one complete run file.
    const finished = { ...run.stored.progress, status: 'finished' as const };
    await s.saveProgress('run-1', finished);
    expect(await onDisk()).toStrictEqual({
      format: 'mechlab-run',
      version: 1,
      exportedAt: clock,
      ...expected,
      progress: finished,
    });
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('writes each candidate once to the journal and folds it only when it reaches the file’s size', async () => {
    const run = sampleRun(60);
    const s = store(0);
    await s.createRun(run.meta);
    let folds = 0;
    let inode = (await stat(path)).ino;
    for (const { candidate, progress } of run.steps) {
      const before = (await journalText()).length;
      const fileSize = (await stat(path)).size;
      await s.recordCandidate('run-1', candidate, progress);
      const now = (await stat(path)).ino;
      if (now !== inode) {
        folds++;
        inode = now;
        expect(await journalText()).toBe('');
        // Not folded before it had to be: the journal was still smaller than the file.
        expect(before).toBeLessThan(fileSize);
      } else {
        // One line: the candidate (and its progress when new), never the whole run.
        const line = (await journalText()).slice(before);
        expect(line.endsWith('\n')).toBe(true);
        expect(before + line.length).toBeLessThan(fileSize);
        expect(line.length).toBeLessThan(
          JSON.stringify(candidate).length + JSON.stringify(progress).length + 200,
        );
      }
    }
    // The file doubles, or so, between folds: a handful of rewrites, not one per candidate.
    expect(folds).toBeGreaterThan(1);
    expect(folds).toBeLessThan(12);
    expect((await recorded()).candidates).toStrictEqual(run.stored.candidates);
  });

  it('a new store on the same path loads the run from its file and journal, to resume it', async () => {
    const run = sampleRun(10);
    const first = store();
    await first.createRun(run.meta);
    for (const { candidate, progress } of run.steps.slice(0, 6))
      await first.recordCandidate('run-1', candidate, progress);
    const second = store();
    expect((await second.loadRun('run-1'))?.candidates).toStrictEqual(run.stored.candidates.slice(0, 6));
    // Loading folded the journal: the run file alone holds the six.
    expect((await onDisk()).candidates).toStrictEqual(run.stored.candidates.slice(0, 6));
    expect(await readdir(dir)).toEqual(['run.json']);
    for (const { candidate, progress } of run.steps.slice(6))
      await second.recordCandidate('run-1', candidate, progress);
    expect((await recorded()).candidates).toStrictEqual(run.stored.candidates);
    expect(await second.loadRun('another')).toBeNull();
    expect(await new FileRunStore(join(dir, 'missing.json')).loadRun('run-1')).toBeNull();
  });

  it('after a crash: ignores a last line cut short, and a journal already folded into the file', async () => {
    const run = sampleRun(4);
    const s = store();
    await s.createRun(run.meta);
    for (const { candidate, progress } of run.steps.slice(0, 3))
      await s.recordCandidate('run-1', candidate, progress);
    const journal = await journalText();
    // A write cut short by the crash: its call never resolved, so nothing was promised.
    await appendFile(
      journalPath(path),
      JSON.stringify({ before: 3, candidate: run.steps[3].candidate }).slice(0, 80),
    );
    const loaded = await store().loadRun('run-1');
    expect(loaded?.candidates).toStrictEqual(run.stored.candidates.slice(0, 3));
    expect(loaded?.progress).toStrictEqual(run.steps[2].progress);
    // The crash came after a fold wrote the file but before it deleted the journal.
    await writeFile(journalPath(path), journal);
    const again = await store().loadRun('run-1');
    expect(again).toStrictEqual(loaded);
    expect((await onDisk()).candidates).toHaveLength(3);
  });

  it('folds the journal when the process exits without a final save', async () => {
    // A process of its own that records three candidates and exits mid-run.
    const script = `
      import { FileRunStore } from './src/cli/fileRunStore.ts';
      import { sampleRun } from './test/core/evolution/sampleRun.ts';
      const run = sampleRun(3);
      const store = new FileRunStore(${JSON.stringify(path)});
      await store.createRun(run.meta);
      for (const { candidate, progress } of run.steps) await store.recordCandidate('run-1', candidate, progress);
      process.exit(0);`;
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect((await onDisk()).candidates.map((c) => c.id)).toEqual(['c0000', 'c0001', 'c0002']);
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('refuses a journal that does not follow its run file', async () => {
    const run = sampleRun(3);
    const s = store();
    await s.createRun(run.meta);
    const line = { before: 2, updatedAt: clock, candidate: run.steps[2].candidate };
    await writeFile(journalPath(path), `${JSON.stringify(line)}\n`);
    await expect(store().loadRun('run-1')).rejects.toThrow(
      new CliError(
        `${path} with ${journalPath(path)}: journal line 1 follows candidate 2, but the run file has 0`,
      ),
    );
  });

  it('keeps calls that were not awaited in order, and a reader never sees a half-written file', async () => {
    const run = sampleRun(20);
    const s = store();
    await s.createRun(run.meta);
    // Large replies make each write span many turns of the event loop.
    const big = run.steps.map(({ candidate, progress }) => ({
      candidate: { ...candidate, reply: candidate.reply + 'x'.repeat(150_000) } satisfies Candidate,
      progress,
    }));
    let reading = true;
    const seen: string[] = [];
    const reader = (async () => {
      while (reading) {
        const text = await readFile(path, 'utf8');
        try {
          seen.push(`${parseRunFile(text).candidates.length} candidates`);
        } catch (error) {
          seen.push(`unreadable: ${(error as Error).message}`);
        }
      }
    })();
    await Promise.all(big.map(({ candidate, progress }) => s.recordCandidate('run-1', candidate, progress)));
    reading = false;
    await reader;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.startsWith('unreadable'))).toEqual([]);
    expect((await recorded()).candidates.map((c) => c.id)).toEqual(run.stored.candidates.map((c) => c.id));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('when a change cannot be written, keeps the file and the run as they were', async () => {
    const run = sampleRun(3);
    const s = store();
    await s.createRun(run.meta);
    await s.recordCandidate('run-1', run.steps[0].candidate, run.steps[0].progress);
    const before = [await readFile(path, 'utf8'), await journalText()];
    const broken = { ...run.steps[1].candidate, score: Number.NaN };
    const error = await s.recordCandidate('run-1', broken, run.steps[1].progress).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      `cannot write candidate c0001 to ${path}: this run cannot be written to a file: ` +
        'candidates[1].score is NaN; expected a finite number or null',
    );
    expect([await readFile(path, 'utf8'), await journalText()]).toEqual(before);
    await s.recordCandidate('run-1', run.steps[1].candidate, run.steps[1].progress);
    expect((await recorded()).candidates.map((c) => c.id)).toEqual(['c0000', 'c0001']);
  });

  it('reports a directory it cannot write to, with exit code 1', async () => {
    const s = new FileRunStore(join(dir, 'no-such-dir', 'run.json'));
    const error = await s.createRun(sampleRun(0).meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining("cannot write run 'run-1' to"),
    });
  });

  it('holds one run: refuses a second, and changes to a run it does not hold', async () => {
    const run = sampleRun(1);
    const s = store();
    await s.createRun(run.meta);
    await expect(s.createRun(sampleRun(0, 'run-2').meta)).rejects.toThrow(
      `${path} already holds run 'run-1'`,
    );
    await expect(s.saveProgress('run-2', run.initial)).rejects.toThrow(
      `${path} holds run 'run-1', not run 'run-2'`,
    );
    await expect(
      store().recordCandidate('run-1', run.steps[0].candidate, run.steps[0].progress),
    ).rejects.toThrow(`${path} holds no run, not run 'run-1'`);
  });

  it('saveProgress rewrites the file with the new progress', async () => {
    const run = sampleRun(2);
    const s = store();
    await s.createRun(run.meta);
    const paused = { ...run.initial, status: 'paused' as const, elapsedSeconds: 12 };
    await s.saveProgress('run-1', paused);
    expect((await onDisk()).progress).toStrictEqual(paused);
  });

  it('names the file and the fault when the file it loads is not a run file', async () => {
    await writeFile(path, '{"format": "mechlab-run", "version": 9}');
    await expect(store().loadRun('run-1')).rejects.toThrow(
      new CliError(`${path}: run file version 9 is newer than this MechLab (1); update MechLab`),
    );
  });
});

describe('writeFileAtomically', () => {
  it('replaces the file whole and leaves no temporary file', async () => {
    await writeFileAtomically(path, 'first');
    await writeFileAtomically(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('throws, and leaves nothing behind, when the directory does not exist', async () => {
    await expect(writeFileAtomically(join(dir, 'missing', 'run.json'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
