/**
 * The RunStore of `mechlab run --out run.json`: keeps the run in memory and
 * rewrites the whole run file after every change, atomically (a temporary
 * file beside it, flushed to disk, then renamed over it), so the file on
 * disk is always a complete run file: the one before the change or after.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import type { RunMeta, RunProgress, RunStore } from '../core/evolution/ports.ts';
import type { Candidate } from '../core/evolution/record.ts';
import {
  RunFileError,
  emptyRun,
  parseRunFile,
  serialiseRun,
  type StoredRun,
} from '../core/evolution/runFile.ts';
import { CliError } from './errors.ts';

let temporaries = 0;

/** Writes `text` to `path` so that a crash at any moment leaves the old file or the new one, whole. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${++temporaries}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync(); // on disk before the rename makes it the run file
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

export class FileRunStore implements RunStore {
  readonly path: string;
  readonly #now: () => number;
  #run: StoredRun | null = null;
  /** The last write: each change waits for the one before, so an older state never lands last. */
  #written: Promise<void> = Promise.resolve();

  /** A store that writes to `path`; `now` gives updatedAt and exportedAt (milliseconds since the epoch). */
  constructor(path: string, options: { now?: () => number } = {}) {
    this.path = path;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Applies `change` to the run in memory once earlier changes are written,
   * writes the result as the run file, and only then keeps it in memory:
   * a failed write leaves both the file and the memory as they were.
   */
  #change(what: string, change: (run: StoredRun | null) => StoredRun): Promise<void> {
    const write = this.#written.then(async () => {
      const next = change(this.#run);
      try {
        await writeFileAtomically(this.path, serialiseRun(next, this.#now()));
      } catch (error) {
        throw new CliError(`cannot write ${what} to ${this.path}: ${(error as Error).message}`, 1);
      }
      this.#run = next;
    });
    this.#written = write.catch(() => undefined);
    return write;
  }

  /** Returns `run` if it is run `runId`; throws otherwise. */
  #expect(run: StoredRun | null, runId: string): StoredRun {
    if (run?.meta.id !== runId) {
      const held = run ? `run '${run.meta.id}'` : 'no run';
      throw new CliError(`${this.path} holds ${held}, not run '${runId}'`);
    }
    return run;
  }

  createRun(meta: RunMeta): Promise<void> {
    return this.#change(`run '${meta.id}'`, (run) => {
      if (run) throw new CliError(`${this.path} already holds run '${run.meta.id}'`);
      return emptyRun(meta);
    });
  }

  recordCandidate(runId: string, candidate: Candidate, progress: RunProgress): Promise<void> {
    return this.#change(`candidate ${candidate.id}`, (current) => {
      const run = this.#expect(current, runId);
      const meta = { ...run.meta, updatedAt: this.#now() };
      return { meta, progress, candidates: [...run.candidates, candidate] };
    });
  }

  saveProgress(runId: string, progress: RunProgress): Promise<void> {
    return this.#change('the progress', (current) => {
      const run = this.#expect(current, runId);
      return { ...run, meta: { ...run.meta, updatedAt: this.#now() }, progress };
    });
  }

  /**
   * Returns the run with id `runId`: the one in memory, or else the one in
   * the run file (so a run can be resumed from its file), or null.
   */
  async loadRun(runId: string): Promise<StoredRun | null> {
    await this.#written;
    if (!this.#run) {
      let text: string;
      try {
        text = await readFile(this.path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new CliError(`cannot read ${this.path}: ${(error as Error).message}`);
      }
      try {
        const { meta, progress, candidates } = parseRunFile(text);
        this.#run = { meta, progress, candidates };
      } catch (error) {
        if (!(error instanceof RunFileError)) throw error;
        throw new CliError(`${this.path}: ${error.message}`);
      }
    }
    return this.#run.meta.id === runId ? structuredClone(this.#run) : null;
  }
}
