/**
 * The state of an empty program database, without the database itself: a
 * new run's first progress needs it, and the run file's code (which the
 * first screen loads) should not pull in the database and its code
 * normalisation (acorn) for that.
 */
import type { DatabaseConfig } from './config.ts';
import type { DatabaseState } from './database.ts';
import { emptyIsland } from './island.ts';

/** Returns the state of a database with `config` and no programs; throws RangeError for an unusable config. */
export function emptyDatabaseState(config: DatabaseConfig): DatabaseState {
  checkConfig(config);
  return {
    version: 1,
    config: Object.freeze({ ...config }),
    islands: Array.from({ length: config.islands }, emptyIsland),
    codes: {},
    registered: 0,
    sinceReset: 0,
    best: null,
  };
}

/** Throws RangeError unless `config` describes a usable database. */
function checkConfig(config: DatabaseConfig): void {
  const problems: string[] = [];
  if (!Number.isInteger(config.islands) || config.islands < 1)
    problems.push('islands must be an integer ≥ 1');
  if (config.selection !== 'softmax' && config.selection !== 'rank')
    problems.push("selection must be 'softmax' or 'rank'");
  for (const key of ['initialTemperature', 'finalTemperature', 'scoreTolerance'] as const) {
    if (!(Number.isFinite(config[key]) && config[key] >= 0)) problems.push(`${key} must be finite and ≥ 0`);
  }
  for (const key of ['temperaturePeriod', 'resetPeriod'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) problems.push(`${key} must be an integer ≥ 1`);
  }
  if (problems.length > 0) throw new RangeError(`invalid database config: ${problems.join('; ')}`);
}
