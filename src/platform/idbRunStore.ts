/**
 * Keeps runs in the browser's IndexedDB: the RunStore the search loop
 * writes to, plus what the run library needs (list, rename, delete,
 * export and import of run files, a new run with the same settings).
 * Every change is one transaction, so closing the tab mid-write leaves
 * the run as it was before or after it, never in between.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { ProblemId } from '../core/problem.ts';
import type { RunMeta, RunProgress, RunStatus, RunStore } from '../core/evolution/ports.ts';
import type { Candidate } from '../core/evolution/record.ts';
import { emptyRun, parseRunFile, serialiseRun, type StoredRun } from '../core/evolution/runFile.ts';
import {
  keysOfRun,
  openRunDatabase,
  runDatabaseName,
  type RunDatabase,
  type RunDatabaseSchema,
  type RunRecord,
} from './runDatabase.ts';
import { RunStoreError, storageError } from './storageErrors.ts';

/** One line of the run library. */
export interface RunSummary {
  readonly id: string;
  readonly name: string;
  readonly problem: ProblemId;
  readonly status: RunStatus;
  readonly candidates: number;
  readonly bestScore: number | null;
  readonly updatedAt: number;
}

export interface IdbRunStoreOptions {
  /** Defaults to 'mechlab'; tests use one database each. */
  readonly databaseName?: string;
  /** Milliseconds since the epoch, for updatedAt and exportedAt. */
  readonly now?: () => number;
  /** A fresh run id, for an imported run whose id is taken. */
  readonly newId?: () => string;
}

type Stores = StoreNames<RunDatabaseSchema>[];
type WriteTransaction = IDBPTransaction<RunDatabaseSchema, Stores, 'readwrite'>;

/** Returns the higher of `best` and the candidate's score, if it scored ('ok' with a finite score). */
function bestAfter(best: number | null, candidate: Candidate): number | null {
  const { status, score } = candidate;
  if (status !== 'ok' || score === null || !Number.isFinite(score)) return best;
  return best === null || score > best ? score : best;
}

const noRun = (runId: string) => new RunStoreError(`There is no run with id '${runId}' in this browser.`);

export class IdbRunStore implements RunStore {
  readonly #name: string;
  readonly #now: () => number;
  readonly #newId: () => string;
  #db: Promise<RunDatabase> | null = null;

  constructor(options: IdbRunStoreOptions = {}) {
    this.#name = options.databaseName ?? runDatabaseName;
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** Opens the database on first use, and again after another tab or the browser closed it. */
  #open(): Promise<RunDatabase> {
    this.#db ??= openRunDatabase(this.#name, () => (this.#db = null)).catch((error: unknown) => {
      this.#db = null;
      throw storageError(error, 'read', 'the run database');
    });
    return this.#db;
  }

  /** Closes the connection (a later call reopens it). */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = null;
    const connection = await db?.catch(() => null);
    connection?.close();
  }

  /**
   * Runs `work` in one read-write transaction over both stores and waits
   * for it to commit; if `work` throws, aborts it so none of its writes
   * persist. `what` names the change for error messages.
   */
  async #write<T>(what: string, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const db = await this.#open();
    const tx = db.transaction(['runs', 'candidates'], 'readwrite');
    const done = tx.done;
    done.catch(() => undefined); // awaited below; an abort must not go unhandled meanwhile
    try {
      const result = await work(tx);
      await done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already aborted by the failed request, or already finished.
      }
      throw storageError(error, 'store', what, tx.error);
    }
  }

  async #record(tx: WriteTransaction, runId: string): Promise<RunRecord> {
    const record = await tx.objectStore('runs').get(runId);
    if (!record) throw noRun(runId);
    return record;
  }

  async createRun(meta: RunMeta): Promise<void> {
    await this.#create(meta, emptyRun(meta).progress, []);
  }

  /**
   * Writes a whole new run in one transaction and returns its meta. If the
   * id is taken, throws, or with `renameIfTaken` gives the run a new id and
   * " (imported)" after its name.
   */
  async #create(
    meta: RunMeta,
    progress: RunProgress,
    candidates: readonly Candidate[],
    renameIfTaken = false,
  ): Promise<RunMeta> {
    return this.#write(`the new run '${meta.name}'`, async (tx) => {
      const runs = tx.objectStore('runs');
      let stored = meta;
      if ((await runs.getKey(meta.id)) !== undefined) {
        if (!renameIfTaken) throw new RunStoreError(`A run with id '${meta.id}' already exists.`);
        stored = { ...meta, id: this.#newId(), name: `${meta.name} (imported)` };
      }
      const runId = stored.id;
      const bestScore = candidates.reduce(bestAfter, null);
      await runs.add({ id: runId, meta: stored, progress, candidates: candidates.length, bestScore });
      const store = tx.objectStore('candidates');
      await Promise.all(candidates.map((c, seq) => store.add({ runId, id: c.id, seq, candidate: c })));
      return stored;
    });
  }

  async recordCandidate(runId: string, candidate: Candidate, progress: RunProgress): Promise<void> {
    await this.#write(`candidate ${candidate.id} of run '${runId}'`, async (tx) => {
      const record = await this.#record(tx, runId);
      const seq = record.candidates;
      await tx.objectStore('candidates').add({ runId, id: candidate.id, seq, candidate });
      await tx.objectStore('runs').put({
        ...record,
        meta: { ...record.meta, updatedAt: this.#now() },
        progress,
        candidates: seq + 1,
        bestScore: bestAfter(record.bestScore, candidate),
      });
    });
  }

  async saveProgress(runId: string, progress: RunProgress): Promise<void> {
    await this.#write(`the progress of run '${runId}'`, async (tx) => {
      const record = await this.#record(tx, runId);
      await tx
        .objectStore('runs')
        .put({ ...record, meta: { ...record.meta, updatedAt: this.#now() }, progress });
    });
  }

  async loadRun(runId: string): Promise<StoredRun | null> {
    const db = await this.#open();
    try {
      const tx = db.transaction(['runs', 'candidates'], 'readonly');
      const [record, rows] = await Promise.all([
        tx.objectStore('runs').get(runId),
        tx.objectStore('candidates').index('byRun').getAll(keysOfRun(runId)),
        tx.done,
      ]);
      if (!record) return null;
      return { meta: record.meta, progress: record.progress, candidates: rows.map((row) => row.candidate) };
    } catch (error) {
      throw storageError(error, 'read', `run '${runId}'`);
    }
  }

  /**
   * Returns a run's meta and progress with its candidates from position
   * `from` on (what another tab added since this one read `from` of them),
   * read in one transaction; null if there is no such run.
   */
  async loadRunFrom(runId: string, from: number): Promise<StoredRun | null> {
    const db = await this.#open();
    try {
      const tx = db.transaction(['runs', 'candidates'], 'readonly');
      const range = IDBKeyRange.bound([runId, from], [runId, Infinity]);
      const [record, rows] = await Promise.all([
        tx.objectStore('runs').get(runId),
        tx.objectStore('candidates').index('byRun').getAll(range),
        tx.done,
      ]);
      if (!record) return null;
      return { meta: record.meta, progress: record.progress, candidates: rows.map((row) => row.candidate) };
    } catch (error) {
      throw storageError(error, 'read', `run '${runId}'`);
    }
  }

  /** Returns a summary of every run, the most recently changed first. */
  async listRuns(): Promise<RunSummary[]> {
    const db = await this.#open();
    let records: RunRecord[];
    try {
      records = await db.getAll('runs');
    } catch (error) {
      throw storageError(error, 'read', 'the list of runs');
    }
    return records
      .map(({ meta, progress, candidates, bestScore }) => ({
        id: meta.id,
        name: meta.name,
        problem: meta.settings.problem,
        status: progress.status,
        candidates,
        bestScore,
        updatedAt: meta.updatedAt,
      }))
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  }

  async renameRun(runId: string, name: string): Promise<void> {
    await this.#write(`the new name of run '${runId}'`, async (tx) => {
      const record = await this.#record(tx, runId);
      await tx.objectStore('runs').put({ ...record, meta: { ...record.meta, name, updatedAt: this.#now() } });
    });
  }

  /** Deletes a run and its candidates; deleting a run that does not exist does nothing. */
  async deleteRun(runId: string): Promise<void> {
    await this.#write(`the deletion of run '${runId}'`, async (tx) => {
      await tx.objectStore('runs').delete(runId);
      await tx.objectStore('candidates').delete(keysOfRun(runId));
    });
  }

  /** Returns the run file of a run (see core/evolution/runFile.ts). */
  async exportRun(runId: string): Promise<string> {
    const run = await this.loadRun(runId);
    if (!run) throw noRun(runId);
    return serialiseRun(run, this.#now());
  }

  /**
   * Validates a run file and stores its run, returning the stored meta. A
   * run whose id is already here gets a new id and " (imported)" after its
   * name. Throws RunFileError for a file that is not a valid run file.
   */
  async importRun(text: string): Promise<RunMeta> {
    const { meta, progress, candidates } = parseRunFile(text);
    return this.#create(meta, progress, candidates, true);
  }

  /** Creates run `newId` named `name` with the settings and model of run `runId`, not started. */
  async duplicateSettings(runId: string, newId: string, name: string): Promise<RunMeta> {
    let source: RunRecord | undefined;
    try {
      source = await (await this.#open()).get('runs', runId);
    } catch (error) {
      throw storageError(error, 'read', `run '${runId}'`);
    }
    if (!source) throw noRun(runId);
    const now = this.#now();
    const meta: RunMeta = { ...source.meta, id: newId, name, createdAt: now, updatedAt: now };
    await this.createRun(meta);
    return meta;
  }
}
