import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunFile } from '../../src/core/evolution/runFile.ts';
import type { Candidate } from '../../src/core/evolution/record.ts';
import { CliError } from '../../src/cli/errors.ts';
import { FileRunStore, writeFileAtomically } from '../../src/cli/fileRunStore.ts';
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

const store = () => new FileRunStore(path, { now: () => clock });
const onDisk = async () => parseRunFile(await readFile(path, 'utf8'));

describe('FileRunStore', () => {
  it('writes a complete run file after every candidate, and loads what was recorded', async () => {
    const run = sampleRun(25);
    const s = store();
    await s.createRun(run.meta);
    expect((await onDisk()).candidates).toEqual([]);
    for (const [i, { candidate, progress }] of run.steps.entries()) {
      await s.recordCandidate('run-1', candidate, progress);
      const file = await onDisk();
      expect(file.candidates).toHaveLength(i + 1);
      expect(file.progress).toStrictEqual(progress);
    }
    const expected = { ...run.stored, meta: { ...run.meta, updatedAt: clock } };
    expect(await s.loadRun('run-1')).toStrictEqual(expected);
    expect(await onDisk()).toStrictEqual({
      format: 'mechlab-run',
      version: 1,
      exportedAt: clock,
      ...expected,
    });
  });

  it('a new store on the same path loads the run from its file, to resume it', async () => {
    const run = sampleRun(10);
    const first = store();
    await first.createRun(run.meta);
    for (const { candidate, progress } of run.steps.slice(0, 6))
      await first.recordCandidate('run-1', candidate, progress);
    const second = store();
    expect((await second.loadRun('run-1'))?.candidates).toStrictEqual(run.stored.candidates.slice(0, 6));
    for (const { candidate, progress } of run.steps.slice(6))
      await second.recordCandidate('run-1', candidate, progress);
    expect((await onDisk()).candidates).toStrictEqual(run.stored.candidates);
    expect(await second.loadRun('another')).toBeNull();
    expect(await new FileRunStore(join(dir, 'missing.json')).loadRun('run-1')).toBeNull();
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
    expect((await onDisk()).candidates.map((c) => c.id)).toEqual(run.stored.candidates.map((c) => c.id));
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('when a change cannot be written, keeps the file and the run as they were', async () => {
    const run = sampleRun(3);
    const s = store();
    await s.createRun(run.meta);
    await s.recordCandidate('run-1', run.steps[0].candidate, run.steps[0].progress);
    const before = await readFile(path, 'utf8');
    const broken = { ...run.steps[1].candidate, score: Number.NaN };
    const error = await s.recordCandidate('run-1', broken, run.steps[1].progress).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      `cannot write candidate c0001 to ${path}: this run cannot be written to a file: ` +
        'candidates[1].score is NaN; expected a finite number or null',
    );
    expect(await readFile(path, 'utf8')).toBe(before);
    await s.recordCandidate('run-1', run.steps[1].candidate, run.steps[1].progress);
    expect((await onDisk()).candidates.map((c) => c.id)).toEqual(['c0000', 'c0001']);
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
