/**
 * The RunStore of `mechlab run --out run.json`: keeps the run in memory and
 * on disk as two files. The run file is always a complete run file,
 * replaced atomically (a temporary file beside it, flushed to disk, then
 * renamed over it). Each candidate, and each progress saved while the run
 * is running, is appended as one JSON line to a journal beside it
 * (`run.json.journal`) and flushed to disk before its promise resolves, so
 * a call costs the size of its candidate, not of the whole run. The
 * journal is folded into the run file, and deleted, once it is as large as
 * the run file (so a run of n candidates writes O(n) bytes in all, not
 * O(n²)), when a progress with any status other than 'running' is saved
 * (a run that ends, pauses or stops leaves one complete file), when the
 * process exits, and when a store loads a run whose journal is left over
 * from a hard kill.
 *
 * So every call is durable when its promise resolves, as RunStore asks.
 * While a run is running, the run file alone lags its journal (by at most
 * the file's own size); a store reads both.
 */
import { fsyncSync, openSync, closeSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, readFile, rename, stat, truncate, unlink } from 'node:fs/promises';
import * as v from 'valibot';
import type { RunMeta, RunProgress, RunStore } from '../core/evolution/ports.ts';
import type { Candidate } from '../core/evolution/record.ts';
import {
  RunFileError,
  emptyRun,
  parseRunFile,
  serialiseRun,
  type StoredRun,
} from '../core/evolution/runFile.ts';
import { candidateSchema, progressSchema } from '../core/evolution/runFileSchema.ts';
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

/** Returns the journal of the run file at `path`. */
export function journalPath(path: string): string {
  return `${path}.journal`;
}

/**
 * One line of the journal. `before`: the candidates recorded before this
 * one, so that a line already folded into the run file (a crash between
 * the fold and the journal's deletion) is recognised and skipped.
 * `progress` is left out when it is the one written last.
 */
type JournalEntry =
  | {
      readonly before: number;
      readonly updatedAt: number;
      readonly candidate: Candidate;
      readonly progress?: RunProgress;
    }
  | { readonly updatedAt: number; readonly progress: RunProgress };

/** The journal is folded once it reaches the run file's size, and never below this. */
const defaultMinimumFoldBytes = 256 * 1024;

/** Appends `line` to the file at `path` and flushes it to disk. */
async function appendDurably(path: string, line: string): Promise<void> {
  const file = await open(path, 'a');
  try {
    await file.writeFile(line, 'utf8');
    await file.datasync();
  } finally {
    await file.close();
  }
}

/** Deletes `path` if it exists. */
async function remove(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * Returns `run` with the journal's entries applied, in order. Candidates
 * the run already holds (folded before a crash) are skipped; their progress
 * is applied again, which leaves the same state. A last line without its
 * newline is a write that never finished (its call never resolved) and is
 * ignored; any other line that cannot be read is an error.
 */
export function replayJournal(run: StoredRun, text: string): StoredRun {
  const lines = text.split('\n');
  const complete = lines.slice(0, -1); // the part after the last newline never finished
  let { meta, progress } = run;
  const candidates = [...run.candidates];
  complete.forEach((line, i) => {
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      throw new RunFileError(`journal line ${i + 1} is not JSON`);
    }
    if ('candidate' in entry) {
      if (entry.before > candidates.length) {
        throw new RunFileError(
          `journal line ${i + 1} follows candidate ${entry.before}, but the run file has ${candidates.length}`,
        );
      }
      if (entry.before === candidates.length) candidates.push(entry.candidate);
    }
    if (entry.progress) progress = entry.progress;
    meta = { ...meta, updatedAt: entry.updatedAt };
  });
  return { meta, progress, candidates };
}

/**
 * Stores whose journal is not folded yet. When the process exits (the run
 * ended without a final save, or an uncaught error), each is folded
 * synchronously, so the run file alone is whole again; only a hard kill or a
 * power cut leaves a journal, which the next store to load the run folds.
 */
const unfolded = new Set<{ foldNow(): void }>();
let foldingOnExit = false;

/** Registers `store` to be folded at exit while its journal holds lines. */
function foldAtExit(store: { foldNow(): void }): void {
  if (!foldingOnExit) {
    process.on('exit', () => {
      for (const pending of unfolded) {
        try {
          pending.foldNow();
        } catch {
          // The journal stays; a store that loads the run folds it.
        }
      }
    });
    foldingOnExit = true;
  }
  unfolded.add(store);
}

/** Writes `text` to `path` atomically, synchronously (for an exit handler, where nothing async runs). */
function writeFileAtomicallySync(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${++temporaries}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export class FileRunStore implements RunStore {
  readonly path: string;
  readonly journal: string;
  readonly #now: () => number;
  #run: StoredRun | null = null;
  /** The progress of the run file or the journal's last line that has one. */
  #writtenProgress: RunProgress | null = null;
  #fileBytes = 0;
  #journalBytes = 0;
  /** The last write: each change waits for the one before, so an older state never lands last. */
  #written: Promise<void> = Promise.resolve();

  readonly #minimumFoldBytes: number;

  /**
   * A store that writes to `path`; `now` gives updatedAt and exportedAt
   * (milliseconds since the epoch); the journal is folded once it reaches
   * the run file's size and `minimumFoldBytes` (default 256 kB).
   */
  constructor(path: string, options: { now?: () => number; minimumFoldBytes?: number } = {}) {
    this.path = path;
    this.journal = journalPath(path);
    this.#now = options.now ?? Date.now;
    this.#minimumFoldBytes = options.minimumFoldBytes ?? defaultMinimumFoldBytes;
  }

  /** Folds the journal synchronously at exit: the run in memory is what the two files hold. */
  readonly #exitFold = {
    foldNow: () => {
      if (!this.#run) return;
      writeFileAtomicallySync(this.path, serialiseRun(this.#run, this.#now()));
      rmSync(this.journal, { force: true });
    },
  };

  /** Runs `write` once earlier changes are written; a failure becomes a CliError that names `what`. */
  #queue(what: string, write: () => Promise<void>): Promise<void> {
    const done = this.#written.then(async () => {
      try {
        await write();
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`cannot write ${what} to ${this.path}: ${(error as Error).message}`, 1);
      }
    });
    this.#written = done.catch(() => undefined);
    return done;
  }

  /**
   * Writes `run` as the whole run file and deletes the journal, then keeps
   * `run` in memory: a failed write leaves the files and the memory as they were.
   */
  async #rewrite(run: StoredRun): Promise<void> {
    const text = serialiseRun(run, this.#now());
    await writeFileAtomically(this.path, text);
    await remove(this.journal);
    unfolded.delete(this.#exitFold);
    this.#run = run;
    this.#writtenProgress = run.progress;
    this.#fileBytes = Buffer.byteLength(text);
    this.#journalBytes = 0;
  }

  /** Appends `entry` for the change to `next` (already checked); folds the journal once it is large. */
  async #append(entry: JournalEntry, next: StoredRun): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    try {
      await appendDurably(this.journal, line);
    } catch (error) {
      // Cut off what a failed write left (a full disk), so the next line starts on a line of its own.
      await truncate(this.journal, this.#journalBytes).catch(() => undefined);
      throw error;
    }
    this.#run = next;
    this.#writtenProgress = next.progress;
    this.#journalBytes += Buffer.byteLength(line);
    foldAtExit(this.#exitFold);
    if (this.#journalBytes >= Math.max(this.#minimumFoldBytes, this.#fileBytes)) await this.#rewrite(next);
  }

  /** Returns `run` if it is run `runId`; throws otherwise. */
  #expect(run: StoredRun | null, runId: string): StoredRun {
    if (run?.meta.id !== runId) {
      const held = run ? `run '${run.meta.id}'` : 'no run';
      throw new CliError(`${this.path} holds ${held}, not run '${runId}'`);
    }
    return run;
  }

  /**
   * Throws the run file's own error for `next` when `candidate` or
   * `progress` would not read back (a NaN score): checking them alone is
   * cheap, and only a failure pays for describing it within the whole run.
   */
  #check(next: StoredRun, candidate: Candidate | null, progress: RunProgress | null): void {
    const bad =
      (candidate !== null && !v.safeParse(candidateSchema, candidate).success) ||
      (progress !== null && !v.safeParse(progressSchema, progress).success);
    if (bad) serialiseRun(next, this.#now()); // throws RunFileError with where and what
  }

  createRun(meta: RunMeta): Promise<void> {
    return this.#queue(`run '${meta.id}'`, async () => {
      if (this.#run) throw new CliError(`${this.path} already holds run '${this.#run.meta.id}'`);
      await remove(this.journal); // a journal left from an earlier run at this path
      await this.#rewrite(emptyRun(meta));
    });
  }

  recordCandidate(runId: string, candidate: Candidate, progress: RunProgress): Promise<void> {
    return this.#queue(`candidate ${candidate.id}`, async () => {
      const run = this.#expect(this.#run, runId);
      const updatedAt = this.#now();
      const next: StoredRun = {
        meta: { ...run.meta, updatedAt },
        progress,
        candidates: [...run.candidates, candidate],
      };
      const fresh = progress !== this.#writtenProgress;
      this.#check(next, candidate, fresh ? progress : null);
      const entry = { before: run.candidates.length, updatedAt, candidate, ...(fresh && { progress }) };
      await this.#append(entry, next);
    });
  }

  saveProgress(runId: string, progress: RunProgress): Promise<void> {
    return this.#queue('the progress', async () => {
      const run = this.#expect(this.#run, runId);
      const updatedAt = this.#now();
      const next: StoredRun = { ...run, meta: { ...run.meta, updatedAt }, progress };
      // A run that ends, pauses or stops leaves one complete run file.
      if (progress.status !== 'running') return this.#rewrite(next);
      this.#check(next, null, progress);
      await this.#append({ updatedAt, progress }, next);
    });
  }

  /**
   * Returns the run with id `runId`: the one in memory, or else the one in
   * the run file and its journal (so a run can be resumed from its file,
   * after a crash too), or null. A journal it finds is folded into the file.
   */
  async loadRun(runId: string): Promise<StoredRun | null> {
    const run = await this.load();
    return run?.meta.id === runId ? run : null;
  }

  /** Returns the run the file holds, whatever its id, as loadRun() reads it; null when there is no file. */
  async load(): Promise<StoredRun | null> {
    await this.#written;
    if (!this.#run) {
      let text: string;
      try {
        text = await readFile(this.path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new CliError(`cannot read ${this.path}: ${(error as Error).message}`);
      }
      let journal = '';
      try {
        journal = await readFile(this.journal, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          throw new CliError(`cannot read ${this.journal}: ${(error as Error).message}`);
      }
      let run: StoredRun;
      try {
        const { meta, progress, candidates } = parseRunFile(text);
        run = replayJournal({ meta, progress, candidates }, journal);
        if (journal !== '') {
          // Read back through the run file's checks, as any run file is.
          const { meta: m, progress: p, candidates: c } = parseRunFile(serialiseRun(run, this.#now()));
          run = { meta: m, progress: p, candidates: c };
        }
      } catch (error) {
        if (!(error instanceof RunFileError)) throw error;
        throw new CliError(
          `${journal === '' ? this.path : `${this.path} with ${this.journal}`}: ${error.message}`,
        );
      }
      if (journal !== '') {
        await this.#queue('the run with its journal', () => this.#rewrite(run));
      } else {
        this.#run = run;
        this.#writtenProgress = run.progress;
        this.#fileBytes = (await stat(this.path)).size;
      }
    }
    return structuredClone(this.#run);
  }
}
