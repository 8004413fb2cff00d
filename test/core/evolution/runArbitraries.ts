/**
 * fast-check arbitraries of whole runs (meta, progress, candidates) that a
 * run file must carry unchanged: any strings (lone surrogates included),
 * any finite numbers, optional fields present or absent, parents drawn
 * from earlier candidates and database entries naming candidates of the run.
 */
import fc from 'fast-check';
import type { DatabaseState } from '../../../src/core/evolution/database.ts';
import type { ProgramEntry } from '../../../src/core/evolution/island.ts';
import type { RunMeta, RunProgress } from '../../../src/core/evolution/ports.ts';
import type { Candidate, CandidateStatus } from '../../../src/core/evolution/record.ts';
import type { StoredRun } from '../../../src/core/evolution/runFile.ts';
import { runFileLimits } from '../../../src/core/evolution/runFileSchema.ts';

const unsafe = new Set(['__proto__', 'constructor', 'prototype']);
const text = fc.string({ unit: 'binary', maxLength: 40 });
const key = fc.string({ maxLength: 12 }).filter((k) => !unsafe.has(k));
/** Finite doubles; -0 is written as 0 by JSON, so it is left out. */
const real = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
const count = fc.nat({ max: 1e9 });
/** Whole numbers within a bound of the run file (runFileLimits). */
const within = (min: number, max: number) => fc.integer({ min, max });
const maxTokens = within(0, runFileLimits.maxTokens);
const statuses: CandidateStatus[] = [
  'ok',
  'parse-error',
  'forbidden',
  'runtime-error',
  'invalid-output',
  'timeout',
  'verification-failed',
  'duplicate',
  'screened-out',
];

const databaseConfig = fc.record({
  islands: within(1, runFileLimits.islands),
  selection: fc.constantFrom('softmax' as const, 'rank' as const),
  initialTemperature: real,
  finalTemperature: real,
  temperaturePeriod: count,
  resetPeriod: count,
  scoreTolerance: real,
});

export const arbitraryMeta: fc.Arbitrary<RunMeta> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 20 }),
  name: text,
  createdAt: real,
  updatedAt: real,
  settings: fc.record({
    problem: fc.constantFrom(
      'single-item-revenue' as const,
      'vcg-redistribution' as const,
      'correlated-revenue' as const,
    ),
    parameters: fc.dictionary(key, fc.oneof(text, real), { maxKeys: 4 }),
    search: fc.record(
      {
        database: databaseConfig,
        parentsPerPrompt: within(0, runFileLimits.parentsPerPrompt),
        operatorWeights: fc.record({ funsearch: real, e1: real, e2: real, m1: real, m2: real }),
        repairProbability: real,
        samples: within(1, runFileLimits.samples),
        pipelineDepth: within(0, runFileLimits.pipelineDepth),
        evaluationTimeoutMs: fc.double({ min: 1, max: runFileLimits.evaluationTimeoutMs, noNaN: true }),
        seed: real,
        // Absent (a run saved before staged evaluation), null (off) or on.
        screening: fc.option(
          fc.record({
            samples: within(1, runFileLimits.samples),
            top: within(1, runFileLimits.screeningTop),
            z: fc.double({ min: 0, max: 10, noNaN: true }),
          }),
        ),
      },
      {
        requiredKeys: [
          'database',
          'parentsPerPrompt',
          'operatorWeights',
          'repairProbability',
          'samples',
          'pipelineDepth',
          'evaluationTimeoutMs',
          'seed',
        ],
      },
    ),
    budget: fc.record({ candidates: count, modelCalls: count, seconds: real }, { requiredKeys: [] }),
    generation: fc.record({ temperature: real, topP: real, maxTokens }),
  }),
  model: fc.option(fc.record({ backend: text, model: text })),
});

function arbitraryCandidate(id: string, earlier: readonly string[]): fc.Arbitrary<Candidate> {
  const status = fc.constantFrom(...statuses);
  return fc.record({
    id: fc.constant(id),
    parentIds:
      earlier.length === 0 ? fc.constant([]) : fc.array(fc.constantFrom(...earlier), { maxLength: 3 }),
    island: count,
    operator: fc.constantFrom(
      'seed' as const,
      'funsearch' as const,
      'e1' as const,
      'm2' as const,
      'repair' as const,
    ),
    iteration: count,
    createdAt: real,
    generation: fc.option(
      fc.record({ backend: text, model: text, temperature: real, topP: real, maxTokens, seed: real }),
    ),
    prompt: fc.array(
      fc.record({
        role: fc.constantFrom('system' as const, 'user' as const, 'assistant' as const),
        content: text,
      }),
      { maxLength: 3 },
    ),
    reply: text,
    code: fc.option(text),
    thought: fc.option(text),
    status,
    error: fc.option(
      fc.record(
        {
          reason: status.filter((s): s is Exclude<CandidateStatus, 'ok'> => s !== 'ok'),
          message: text,
          line: count,
          column: count,
        },
        { requiredKeys: ['reason', 'message'] },
      ),
    ),
    score: fc.option(real),
    standardError: fc.option(real),
    metrics: fc.array(
      fc.record(
        { id: text, label: text, value: real, standardError: real },
        { requiredKeys: ['id', 'label', 'value'] },
      ),
      { maxLength: 3 },
    ),
    verification: fc.option(fc.record({ passed: fc.boolean(), checks: count, maxViolation: real })),
    evaluationMilliseconds: fc.option(real),
    usage: fc.option(
      fc.record(
        { promptTokens: count, completionTokens: count, tokensPerSecond: real, prefillTokensPerSecond: real },
        { requiredKeys: ['promptTokens', 'completionTokens', 'tokensPerSecond'] },
      ),
    ),
  });
}

function arbitraryDatabase(ids: readonly string[]): fc.Arbitrary<DatabaseState> {
  const entry = (id: string) => ({
    id: fc.constant(id),
    score: real,
    length: count,
    behaviour: fc.option(text),
  });
  const programs =
    ids.length === 0
      ? fc.constant<ProgramEntry[]>([])
      : fc.array(
          fc.constantFrom(...ids).chain((id) => fc.record(entry(id))),
          { maxLength: 3 },
        );
  const best =
    ids.length === 0
      ? fc.constant(null)
      : fc.option(fc.constantFrom(...ids).chain((id) => fc.record({ ...entry(id), island: count })));
  const codes =
    ids.length === 0 ? fc.constant({}) : fc.dictionary(key, fc.constantFrom(...ids), { maxKeys: 3 });
  return fc.record({
    version: fc.constant(1 as const),
    config: databaseConfig,
    islands: fc.array(
      fc.record({
        clusters: fc.array(fc.record({ score: real, programs }), { maxLength: 2 }),
        placed: count,
      }),
      {
        maxLength: 3,
      },
    ),
    codes,
    registered: count,
    sinceReset: count,
    best,
  });
}

/** Returns an arbitrary run of up to `maxCandidates` candidates with consistent references. */
export function arbitraryRun(maxCandidates = 6): fc.Arbitrary<StoredRun> {
  return fc.integer({ min: 0, max: maxCandidates }).chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const candidates = fc.tuple(...ids.map((id, i) => arbitraryCandidate(id, ids.slice(0, i))));
    const progress: fc.Arbitrary<RunProgress> = fc.record({
      status: fc.constantFrom(
        'idle' as const,
        'running' as const,
        'paused' as const,
        'finished' as const,
        'stopped' as const,
      ),
      iteration: count,
      modelCalls: count,
      elapsedSeconds: real,
      applied: fc.integer({ min: 0, max: n }),
      database: arbitraryDatabase(ids),
    });
    return fc.record({ meta: arbitraryMeta, progress, candidates: candidates.map((c) => [...c]) });
  });
}
