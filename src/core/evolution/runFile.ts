/**
 * The run file: one JSON document with a run's meta, its progress and every
 * candidate, for export, import, sharing and `mechlab run --out`. Reading a
 * file only parses JSON and checks it against the schema; no code in it is
 * ever run. Older versions are migrated first (runFileMigration.ts).
 */
import * as v from 'valibot';
import type { RunMeta, RunProgress, RunStore } from './ports.ts';
import { emptyDatabaseState } from './databaseState.ts';
import type { Candidate } from './record.ts';
import { RunFileError, formatPath } from './runFileError.ts';
import { currentRunFileVersion, migrateRunFile, runFileFormat } from './runFileMigration.ts';
import { describeIssue, runFileSchema } from './runFileSchema.ts';

export { RunFileError } from './runFileError.ts';
export { currentRunFileVersion, migrateRunFile } from './runFileMigration.ts';

/** A run as a store holds it: what `RunStore.loadRun` returns. */
export type StoredRun = NonNullable<Awaited<ReturnType<RunStore['loadRun']>>>;

export interface RunFile {
  readonly format: typeof runFileFormat;
  readonly version: typeof currentRunFileVersion;
  /** Milliseconds since the epoch. */
  readonly exportedAt: number;
  readonly meta: RunMeta;
  readonly progress: RunProgress;
  readonly candidates: Candidate[];
}

/** Returns a run that has not started: idle, no candidates, an empty program database. */
export function emptyRun(meta: RunMeta): StoredRun {
  const database = emptyDatabaseState(meta.settings.search.database);
  const progress: RunProgress = {
    status: 'idle',
    iteration: 0,
    modelCalls: 0,
    elapsedSeconds: 0,
    applied: 0,
    database,
  };
  return { meta, progress, candidates: [] };
}

/** The largest run file read, in characters of JSON text (about bytes): 200 MB. */
export const maxRunFileCharacters = 200_000_000;

/** Keys that could reach an object's prototype if some later code copied the data carelessly. */
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);

interface Visit {
  readonly value: unknown;
  readonly key: string | number | null;
  readonly parent: Visit | null;
}

function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | null = visit; at !== null && at.key !== null; at = at.parent) path.unshift(at.key);
  return path;
}

/** Returns the path of the first unsafe key in document order, or null; iterative, so depth is no risk. */
function findUnsafeKey(root: unknown): (string | number)[] | null {
  const stack: Visit[] =
    typeof root === 'object' && root !== null ? [{ value: root, key: null, parent: null }] : [];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const node = visit.value as Record<string | number, unknown>;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (typeof key === 'string' && unsafeKeys.has(key)) return pathOf({ value: null, key, parent: visit });
      const child = node[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, key, parent: visit });
    }
  }
  return null;
}

/** Throws unless ids are unique, parents come earlier and the database names only candidates of the file. */
function checkReferences(file: RunFile): void {
  const seen = new Map<string, number>();
  file.candidates.forEach((candidate, index) => {
    candidate.parentIds.forEach((parent, k) => {
      if (!seen.has(parent)) {
        throw new RunFileError(
          `candidates[${index}].parentIds[${k}] is '${parent}', which is not the id of an earlier candidate`,
        );
      }
    });
    const first = seen.get(candidate.id);
    if (first !== undefined) {
      throw new RunFileError(
        `candidates[${index}].id is '${candidate.id}', which candidates[${first}] already has; ids must be unique`,
      );
    }
    seen.set(candidate.id, index);
  });
  const { applied, database } = file.progress;
  if (applied > file.candidates.length) {
    throw new RunFileError(
      `progress.applied is ${applied}, but the file has ${file.candidates.length} candidates`,
    );
  }
  const named: [string, (string | number)[]][] = [];
  database.islands.forEach((island, i) =>
    island.clusters.forEach((cluster, c) =>
      cluster.programs.forEach((p, k) =>
        named.push([p.id, ['islands', i, 'clusters', c, 'programs', k, 'id']]),
      ),
    ),
  );
  if (database.best) named.push([database.best.id, ['best', 'id']]);
  for (const [fingerprint, id] of Object.entries(database.codes)) named.push([id, ['codes', fingerprint]]);
  for (const [id, path] of named) {
    if (!seen.has(id)) {
      const where = formatPath(['progress', 'database', ...path]);
      throw new RunFileError(`${where} is '${id}', which is not the id of a candidate in this file`);
    }
  }
}

/** Returns `value` checked as a current-version run file, with its keys in the schema's order. */
function validateRunFile(value: unknown): RunFile {
  const unsafe = findUnsafeKey(value);
  if (unsafe) {
    throw new RunFileError(
      `${formatPath(unsafe)} is not allowed: run files may not use the keys __proto__, constructor or prototype`,
    );
  }
  const result = v.safeParse(runFileSchema, value, { abortEarly: true });
  if (!result.success) throw new RunFileError(describeIssue(result.issues[0]));
  const file: RunFile = result.output;
  checkReferences(file);
  return file;
}

/**
 * Returns the run file of `run` as JSON text: two-space indented, keys in
 * a fixed order, so two exports of the same run are identical and diff
 * well. Throws RunFileError if the run would not read back (a NaN score).
 */
export function serialiseRun(run: StoredRun, exportedAt: number): string {
  const { meta, progress, candidates } = run;
  let file: RunFile;
  try {
    file = validateRunFile({
      format: runFileFormat,
      version: currentRunFileVersion,
      exportedAt,
      meta,
      progress,
      candidates,
    });
  } catch (error) {
    if (!(error instanceof RunFileError)) throw error;
    throw new RunFileError(`this run cannot be written to a file: ${error.message}`);
  }
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Returns a size in characters as kB or MB, rounded up: "200.1 MB". */
function size(characters: number): string {
  if (characters < 1_000_000) return `${Math.ceil(characters / 1_000)} kB`;
  return `${Math.ceil(characters / 100_000) / 10} MB`;
}

/**
 * Throws RunFileError if a file of `length` characters (or bytes, before it
 * is read: check File.size first, so a huge file is never read) is over
 * `limit`, the largest run file MechLab reads.
 */
export function checkRunFileSize(length: number, limit = maxRunFileCharacters): void {
  if (length > limit) {
    throw new RunFileError(`this file is ${size(length)}; MechLab reads run files up to ${size(limit)}`);
  }
}

/**
 * Returns the run in `text`, migrated to the current version and checked
 * field by field. Throws RunFileError with a message that says what is
 * wrong and where; runs nothing from the file.
 */
export function parseRunFile(text: string, options: { maxCharacters?: number } = {}): RunFile {
  checkRunFileSize(text.length, options.maxCharacters);
  let json: unknown;
  try {
    // Editors on some systems start a UTF-8 file with a byte-order mark.
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunFileError(`this is not a MechLab run file: it is not valid JSON (${reason})`);
  }
  return validateRunFile(migrateRunFile(json));
}
