import { describe, expect, it } from 'vitest';
import type { JsonObject, MigrationTable } from '../../../src/core/evolution/runFileMigration.ts';
import {
  currentRunFileVersion,
  migrateRunFile,
  migrations,
  runFileVersion,
} from '../../../src/core/evolution/runFileMigration.ts';
import { RunFileError } from '../../../src/core/evolution/runFileError.ts';

describe('migrateRunFile', () => {
  it('has a migration from every version below the current one to the next', () => {
    for (let version = 1; version < currentRunFileVersion; version++) {
      expect(migrations[version], `migration from version ${version}`).toBeTypeOf('function');
    }
    expect(
      Object.keys(migrations)
        .map(Number)
        .every((v) => v >= 1 && v < currentRunFileVersion),
    ).toBe(true);
  });

  it('returns a current-version file unchanged', () => {
    const file = { format: 'mechlab-run', version: currentRunFileVersion, candidates: [] };
    expect(migrateRunFile(file)).toStrictEqual(file);
  });

  it('applies the migrations in order from the file version up to the current one, and sets the version', () => {
    const table: MigrationTable = {
      1: (f) => ({ ...f, trail: ['1→2'] }),
      2: (f) => ({ ...f, trail: [...(f.trail as string[]), '2→3'] }),
    };
    const v1: JsonObject = { format: 'mechlab-run', version: 1 };
    const v2: JsonObject = { format: 'mechlab-run', version: 2, trail: ['made as 2'] };
    expect(migrateRunFile(v1, table, 3)).toStrictEqual({
      format: 'mechlab-run',
      version: 3,
      trail: ['1→2', '2→3'],
    });
    expect(migrateRunFile(v2, table, 3)).toStrictEqual({
      format: 'mechlab-run',
      version: 3,
      trail: ['made as 2', '2→3'],
    });
  });

  it('names the version it cannot migrate when the table has a gap', () => {
    expect(() => migrateRunFile({ format: 'mechlab-run', version: 1 }, {}, 2)).toThrow(
      new RunFileError('MechLab cannot read run file version 1 (no migration)'),
    );
  });
});

describe('runFileVersion', () => {
  it.each([
    [null, 'this is not a MechLab run file (no format field)'],
    ['mechlab-run', 'this is not a MechLab run file (no format field)'],
    [{ version: 1 }, 'this is not a MechLab run file (no format field)'],
    [{ format: 3 }, "this is not a MechLab run file (format is 3; expected 'mechlab-run')"],
    [{ format: 'mechlab-run' }, 'version is missing; expected a whole number from 1'],
    [{ format: 'mechlab-run', version: 0 }, 'version is 0; expected a whole number from 1'],
    [{ format: 'mechlab-run', version: 1.5 }, 'version is 1.5; expected a whole number from 1'],
    [
      { format: 'mechlab-run', version: 2 },
      'run file version 2 is newer than this MechLab (1); update MechLab',
    ],
  ])('rejects %j: %s', (json, message) => {
    expect(() => runFileVersion(json)).toThrow(new RunFileError(message));
  });

  it('returns the version of a readable file', () => {
    expect(runFileVersion({ format: 'mechlab-run', version: 1 })).toBe(1);
  });
});
