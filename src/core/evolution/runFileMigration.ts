/**
 * The envelope of a run file (its format name and version) and the table of
 * migrations that bring an older file up to the current version before it
 * is validated. Only version 1 exists; version 2 adds one function here.
 */
import { RunFileError, describeValue } from './runFileError.ts';

export const runFileFormat = 'mechlab-run';
/** The version this MechLab writes. Raise it together with a new entry in `migrations`. */
export const currentRunFileVersion = 1;

/** JSON as `JSON.parse` returns it. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/**
 * Turns a file of one version into a file of the next, untrusted input in,
 * unvalidated output out (the schema checks the result). Copy with spread
 * or by assignment of known keys, never with Object.assign, so a "__proto__"
 * key stays an ordinary key until the validator rejects it.
 */
export type Migration = (file: JsonObject) => JsonObject;

/** Migrations by version: table[v] turns a version-v file into a version v + 1 file. */
export type MigrationTable = Readonly<Record<number, Migration>>;

/** The migrations of this MechLab; every version below the current one needs an entry. */
export const migrations: MigrationTable = {};

function isObject(json: unknown): json is JsonObject {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/**
 * Returns the version of a run file after checking its envelope: that it is
 * a JSON object with format 'mechlab-run' and a version this MechLab reads.
 */
export function runFileVersion(json: unknown, current = currentRunFileVersion): number {
  if (!isObject(json) || !Object.hasOwn(json, 'format')) {
    throw new RunFileError('this is not a MechLab run file (no format field)');
  }
  if (json.format !== runFileFormat) {
    throw new RunFileError(
      `this is not a MechLab run file (format is ${describeValue(json.format)}; expected '${runFileFormat}')`,
    );
  }
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new RunFileError(`version is ${describeValue(version)}; expected a whole number from 1`);
  }
  if (version > current) {
    throw new RunFileError(
      `run file version ${version} is newer than this MechLab (${current}); update MechLab`,
    );
  }
  return version;
}

/**
 * Returns `json` brought up to version `current`, one migration at a time
 * (unvalidated). The table and version are parameters only so tests can
 * run a chain of made-up versions.
 */
export function migrateRunFile(
  json: unknown,
  table: MigrationTable = migrations,
  current = currentRunFileVersion,
): JsonObject {
  let version = runFileVersion(json, current);
  let file = json as JsonObject;
  while (version < current) {
    const migrate = table[version];
    if (!migrate) throw new RunFileError(`MechLab cannot read run file version ${version} (no migration)`);
    version += 1;
    file = { ...migrate(file), version };
  }
  return file;
}
