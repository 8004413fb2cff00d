import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import type * as v from 'valibot';
import type { RunFile } from '../../../src/core/evolution/runFile.ts';
import { RunFileError, parseRunFile, serialiseRun } from '../../../src/core/evolution/runFile.ts';
import { runFileLimits, type runFileSchema } from '../../../src/core/evolution/runFileSchema.ts';
import { screenedOut as screenedOutEvaluation } from '../../../src/core/evolution/screening.ts';
import { arbitraryRun } from './runArbitraries.ts';
import { sampleRun } from './sampleRun.ts';

const exportedAt = 1_700_000_100_000;
const golden = readFileSync(new URL('./golden/run-v1.txt', import.meta.url), 'utf8');
const header = { format: 'mechlab-run', version: 1, exportedAt } as const;

type Path = (string | number)[];
type Node = Record<string | number, unknown>;

/**
 * Returns the text of the sample run's file with the field at each path set
 * to its value, or deleted for undefined. Fields are defined, not assigned,
 * so "__proto__" becomes an ordinary key as JSON.parse would make it.
 */
function edited(...edits: [Path, unknown][]): string {
  const file: unknown = JSON.parse(serialiseRun(sampleRun(3).stored, exportedAt));
  for (const [path, value] of edits) {
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Node)[key], file) as Node;
    const key = path[path.length - 1];
    if (value === undefined) delete parent[key];
    else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return JSON.stringify(file);
}

function rejection(text: string): string {
  try {
    parseRunFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(RunFileError);
    expect((error as Error).name).toBe('RunFileError');
    return (error as Error).message;
  }
  throw new Error('parseRunFile accepted the file');
}

/** The key structure of a type, optional and readonly marks removed: the schema must have the same. */
type Shape<T> = T extends readonly (infer U)[]
  ? Shape<U>[]
  : T extends object
    ? { -readonly [K in keyof T]-?: Shape<NonNullable<T[K]>> }
    : 'leaf';
/** Whether each of two types extends the other (object shapes then have the same keys). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('run file: round trip', () => {
  it('parseRunFile(serialiseRun(run)) deep-equals the run, for arbitrary runs', () => {
    fc.assert(
      fc.property(arbitraryRun(), (run) => {
        // structuredClone turns fast-check's null-prototype records into the plain objects JSON gives.
        expect(parseRunFile(serialiseRun(run, exportedAt))).toStrictEqual({
          ...header,
          ...structuredClone(run),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('serialiseRun is stable: the same run gives the same text whatever its key order', () => {
    fc.assert(
      fc.property(arbitraryRun(3), (run) => {
        const text = serialiseRun(run, exportedAt);
        const reversed = JSON.parse(JSON.stringify(run), (_, value) =>
          value && typeof value === 'object' && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value).reverse())
            : value,
        );
        expect(serialiseRun(reversed, exportedAt)).toBe(text);
        expect(serialiseRun(parseRunFile(text), exportedAt)).toBe(text);
      }),
      { numRuns: 100 },
    );
  });

  it('writes two-space indented JSON that ends with a newline, one field per line', () => {
    const text = serialiseRun(sampleRun(1).stored, exportedAt);
    expect(
      text.startsWith('{\n  "format": "mechlab-run",\n  "version": 1,\n  "exportedAt": 1700000100000,\n'),
    ).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('reads the version-1 golden file, and writes it back byte for byte', () => {
    const file = parseRunFile(golden);
    expect(file.candidates.map((c) => c.id)).toEqual(['c0000', 'c0001', 'c0002']);
    expect(serialiseRun(file, file.exportedAt)).toBe(golden);
  });

  it('the schema has exactly the fields of the types, at every depth', () => {
    expectTypeOf<Same<Shape<v.InferOutput<typeof runFileSchema>>, Shape<RunFile>>>().toEqualTypeOf<true>();
  });

  it('reads a screened-out candidate and the screening settings of a staged run, and files without them', () => {
    const screenedOut = screenedOutEvaluation(0.5, 0.01, [], { samples: 512, z: 3, bar: 0.6 });
    const file = parseRunFile(
      edited(
        ...Object.entries(screenedOut).map(([key, value]): [Path, unknown] => [
          ['candidates', 2, key],
          value,
        ]),
        [['meta', 'settings', 'search', 'screening'], { samples: 512, top: 3, z: 3 }],
      ),
    );
    expect(file.candidates[2]).toMatchObject(screenedOut);
    expect(file.meta.settings.search.screening).toEqual({ samples: 512, top: 3, z: 3 });
    const off = parseRunFile(edited([['meta', 'settings', 'search', 'screening'], null]));
    expect(off.meta.settings.search.screening).toBeNull();
    const before = parseRunFile(edited([['meta', 'settings', 'search', 'screening'], undefined]));
    expect('screening' in before.meta.settings.search).toBe(false);
  });

  it('refuses to write a run that would not read back (a NaN score)', () => {
    const { stored } = sampleRun(2);
    const broken = { ...stored, candidates: [stored.candidates[0], { ...stored.candidates[1], score: NaN }] };
    expect(() => serialiseRun(broken, exportedAt)).toThrow(
      new RunFileError(
        'this run cannot be written to a file: candidates[1].score is NaN; expected a finite number or null',
      ),
    );
  });
});

describe('run file: what is rejected, and the message that says so', () => {
  const cases: [string, string, string][] = [
    ['text that is not JSON', '{"format": "mechlab-run",', 'it is not valid JSON'],
    [
      'JSON of another shape',
      '{"name": "my run", "candidates": []}',
      'this is not a MechLab run file (no format field)',
    ],
    ['a JSON array', '[1, 2, 3]', 'this is not a MechLab run file (no format field)'],
    [
      'another format',
      '{"format": "funsearch-db", "version": 1}',
      "this is not a MechLab run file (format is 'funsearch-db'; expected 'mechlab-run')",
    ],
    [
      'a future version',
      edited([['version'], 7]),
      'run file version 7 is newer than this MechLab (1); update MechLab',
    ],
    [
      'a version that is not a number',
      edited([['version'], '1']),
      "version is '1'; expected a whole number from 1",
    ],
    [
      'a candidate with a bad status',
      edited([['candidates', 2, 'status'], 'weird']),
      "candidates[2].status is 'weird'; expected one of ok, parse-error, forbidden, runtime-error, invalid-output, timeout, verification-failed, duplicate, screened-out",
    ],
    [
      'an error whose reason is ok',
      edited([['candidates', 0, 'error'], { reason: 'ok', message: 'fine' }]),
      "candidates[0].error.reason is 'ok'; expected one of parse-error, forbidden, runtime-error, invalid-output, timeout, verification-failed, duplicate, screened-out",
    ],
    [
      'a screening bar of rank 0',
      edited([['meta', 'settings', 'search', 'screening'], { samples: 512, top: 0, z: 3 }]),
      'meta.settings.search.screening.top is 0; expected a whole number from 1 to 1,024',
    ],
    [
      'a negative screening slack',
      edited([['meta', 'settings', 'search', 'screening'], { samples: 512, top: 3, z: -1 }]),
      'meta.settings.search.screening.z is -1; expected a finite number ≥ 0',
    ],
    [
      'a score that is text',
      edited([['candidates', 1, 'score'], 'high']),
      "candidates[1].score is 'high'; expected a finite number or null",
    ],
    [
      'a fractional island',
      edited([['candidates', 1, 'island'], 1.5]),
      'candidates[1].island is 1.5; expected a whole number ≥ 0',
    ],
    ['a missing field', edited([['candidates', 1, 'reply'], undefined]), 'candidates[1].reply is missing'],
    [
      'an unknown field',
      edited([['meta', 'settings', 'search', 'temperature'], 2]),
      'meta.settings.search has an unknown field "temperature"',
    ],
    [
      'an unknown problem',
      edited([['meta', 'settings', 'problem'], 'knapsack']),
      "meta.settings.problem is 'knapsack'; expected one of single-item-revenue, vcg-redistribution, correlated-revenue",
    ],
    [
      'a parent that comes later',
      edited([['candidates', 1, 'parentIds'], ['c0002']]),
      "candidates[1].parentIds[0] is 'c0002', which is not the id of an earlier candidate",
    ],
    [
      'a repeated id',
      edited([['candidates', 2, 'id'], 'c0000']),
      "candidates[2].id is 'c0000', which candidates[0] already has; ids must be unique",
    ],
    [
      'a database program that is not in the file',
      edited([['progress', 'database', 'islands', 0, 'clusters', 0, 'programs', 0, 'id'], 'c9999']),
      "progress.database.islands[0].clusters[0].programs[0].id is 'c9999', which is not the id of a candidate in this file",
    ],
    [
      'more candidates applied than recorded',
      edited([['progress', 'applied'], 4]),
      'progress.applied is 4, but the file has 3 candidates',
    ],
    [
      'a "__proto__" key in a candidate',
      edited([['candidates', 1, '__proto__'], { polluted: true }]),
      'candidates[1].__proto__ is not allowed: run files may not use the keys __proto__, constructor or prototype',
    ],
    [
      'a "constructor" key in the parameters',
      edited([['meta', 'settings', 'parameters', 'constructor'], { prototype: { polluted: true } }]),
      'meta.settings.parameters.constructor is not allowed: run files may not use the keys __proto__, constructor or prototype',
    ],
  ];

  it.each(cases)('rejects %s', (_, text, message) => {
    expect(rejection(text)).toContain(message);
  });

  it('rejects a number too large for a double (1e999 reads as Infinity)', () => {
    const text = edited([['candidates', 0, 'score'], 12345]).replace('"score":12345', '"score":1e999');
    expect(rejection(text)).toBe('candidates[0].score is Infinity; expected a finite number or null');
  });

  it('rejects a file over the size limit before parsing it', () => {
    const text = serialiseRun(sampleRun(3).stored, exportedAt);
    const size = `${Math.ceil(text.length / 1_000)} kB`;
    expect(() => parseRunFile(text, { maxCharacters: 1_000 })).toThrow(
      new RunFileError(`this file is ${size}; MechLab reads run files up to 1 kB`),
    );
    expect(() => parseRunFile(text, { maxCharacters: text.length })).not.toThrow();
    expect(() => parseRunFile(' '.repeat(2_000_001), { maxCharacters: 2_000_000 })).toThrow(
      'this file is 2.1 MB; MechLab reads run files up to 2 MB',
    );
  });

  it('pollutes no prototype and runs no code while reading a hostile file', () => {
    const hostile = edited(
      [['candidates', 0, 'code'], 'function h() { globalThis.pwned = true; return 1; }'],
      [['candidates', 0, 'reply'], '{"toString": "x"}'],
    );
    expect(parseRunFile(hostile).candidates[0].code).toContain('pwned');
    for (const [, text] of cases) expect(() => parseRunFile(text)).toThrow(RunFileError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect('pwned' in globalThis).toBe(false);
  });

  it('accepts a file that starts with a UTF-8 byte-order mark', () => {
    expect(parseRunFile(`\uFEFF${golden}`).meta.id).toBe('run-1');
  });
});

describe('run file: limits against huge or hostile files', () => {
  const huge = 'x'.repeat(runFileLimits.longText + 1);
  const limitCases: [string, string, string][] = [
    [
      'a reply over a million characters',
      edited([['candidates', 1, 'reply'], huge]),
      `candidates[1].reply is '${'x'.repeat(57)}…'; expected a string of at most 1,000,000 characters`,
    ],
    [
      'code over 200,000 characters',
      edited([['candidates', 2, 'code'], 'x'.repeat(runFileLimits.code + 1)]),
      'expected a string of at most 200,000 characters',
    ],
    ['a run name over 4,096 characters', edited([['meta', 'name'], 'n'.repeat(4_097)]), "meta.name is 'nnnn"],
    [
      '300 parents',
      edited([['candidates', 2, 'parentIds'], Array(300).fill('c0000')]),
      'candidates[2].parentIds is an array of 300; expected an array of at most 256 items',
    ],
    [
      '300 parameters',
      edited([
        ['meta', 'settings', 'parameters'],
        Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, i])),
      ]),
      'meta.settings.parameters is an object; expected an object of at most 256 fields',
    ],
    [
      'a billion islands',
      edited([['meta', 'settings', 'search', 'database', 'islands'], 1e9]),
      'meta.settings.search.database.islands is 1000000000; expected a whole number from 1 to 1,024',
    ],
    [
      'a trillion samples',
      edited([['meta', 'settings', 'search', 'samples'], 1e12]),
      'meta.settings.search.samples is 1000000000000; expected a whole number from 1 to 10,000,000',
    ],
    [
      'an evaluation time limit of a year',
      edited([['meta', 'settings', 'search', 'evaluationTimeoutMs'], 3.2e10]),
      'meta.settings.search.evaluationTimeoutMs is 32000000000; expected a number of milliseconds from 1 to 3,600,000',
    ],
    [
      'a token limit of a billion',
      edited([['meta', 'settings', 'generation', 'maxTokens'], 1e9]),
      'meta.settings.generation.maxTokens is 1000000000; expected a whole number from 0 to 1,000,000',
    ],
  ];

  it.each(limitCases)('rejects %s', (_, text, message) => {
    expect(rejection(text)).toContain(message);
  });

  it('rejects JSON nested 100,000 deep without overflowing the stack', () => {
    const deep = `{"format":"mechlab-run","version":1,"exportedAt":0,"meta":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(rejection(deep)).toBe('meta.id is missing');
  });

  it('reads a file at every limit', () => {
    const atLimits = edited(
      [['candidates', 1, 'reply'], 'r'.repeat(runFileLimits.longText)],
      [['candidates', 2, 'code'], 'c'.repeat(runFileLimits.code)],
      [['meta', 'settings', 'search', 'samples'], runFileLimits.samples],
    );
    const file = parseRunFile(atLimits);
    expect(file.candidates[1].reply).toHaveLength(1_000_000);
    expect(file.meta.settings.search.samples).toBe(10_000_000);
  });
});
