/**
 * The IndexedDB database 'mechlab' that keeps runs in the browser: its
 * object stores, their records, and the upgrade from each older version.
 *   runs        key id: the run's meta and progress, with the summary
 *               figures the run list shows (kept so listing reads no candidates)
 *   candidates  key [runId, id]; index byRun on [runId, seq], so a run's
 *               candidates come back in the order they were recorded
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunMeta, RunProgress } from '../core/evolution/ports.ts';
import type { Candidate } from '../core/evolution/record.ts';

export const runDatabaseName = 'mechlab';

export interface RunRecord {
  readonly id: string;
  readonly meta: RunMeta;
  readonly progress: RunProgress;
  /** Candidates recorded so far; also the seq of the next one. */
  readonly candidates: number;
  /** The best score among 'ok' candidates, or null. */
  readonly bestScore: number | null;
}

export interface CandidateRecord {
  readonly runId: string;
  readonly id: string;
  /** Position in the run (0, 1, …): ids sort as text, so c10000 would come before c9999. */
  readonly seq: number;
  readonly candidate: Candidate;
}

export interface RunDatabaseSchema extends DBSchema {
  runs: { key: string; value: RunRecord };
  candidates: { key: [string, string]; value: CandidateRecord; indexes: { byRun: [string, number] } };
}

export type RunDatabase = IDBPDatabase<RunDatabaseSchema>;

/**
 * Upgrades by version: upgrades[v] takes the database from version v to
 * v + 1. A new version appends one function; the database version is the
 * length of this list.
 */
const upgrades: readonly ((db: RunDatabase) => void)[] = [
  (db) => {
    db.createObjectStore('runs', { keyPath: 'id' });
    const candidates = db.createObjectStore('candidates', { keyPath: ['runId', 'id'] });
    candidates.createIndex('byRun', ['runId', 'seq'], { unique: true });
  },
];

/** Every key of run `runId` in a store or index keyed [runId, …]: arrays sort after every string and number. */
export function keysOfRun(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId], [runId, []]);
}

/**
 * Opens (creating or upgrading) the run database. `onClose` is called when
 * the connection is lost: another tab needs a newer version, or the browser
 * closed it; the caller then reopens on its next request.
 */
export function openRunDatabase(name: string, onClose: () => void): Promise<RunDatabase> {
  return openDB<RunDatabaseSchema>(name, upgrades.length, {
    upgrade(db, oldVersion, newVersion) {
      for (let version = oldVersion; version < (newVersion ?? upgrades.length); version++)
        upgrades[version](db);
    },
    blocking(_current, _blocked, event) {
      // Let the other tab upgrade: close this connection, reopen later.
      (event.target as IDBDatabase).close();
      onClose();
    },
    terminated: onClose,
  });
}
