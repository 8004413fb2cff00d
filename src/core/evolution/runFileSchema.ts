/**
 * The schema of a run file (version 1): every field of the run's meta, its
 * progress and each candidate, with valibot. Every schema carries, as its
 * message, what it expects ("a finite number or null"), so an issue reads
 * "candidates[12].status is 'weird'; expected one of ok, parse-error, …".
 * Objects are strict: an unknown field is an error, not silently dropped.
 */
import * as v from 'valibot';
import { networkFileSchema } from '../nn/networkFile.ts';
import type { ProblemId } from '../problem.ts';
import type { RunStatus } from './ports.ts';
import type { CandidateStatus, ChatMessage, OperatorId } from './record.ts';
import { describeValue, formatPath } from './runFileError.ts';
import { currentRunFileVersion, runFileFormat } from './runFileMigration.ts';

/**
 * Returns the keys of a record listing every member of a union once, so the
 * compiler reports a member added to the union but not to the file format.
 */
function oneOf<T extends string>(members: Record<T, true>) {
  const list = Object.keys(members) as T[];
  return v.picklist(list, `one of ${list.join(', ')}`);
}

const problemIds: Record<ProblemId, true> = {
  'single-item-revenue': true,
  'vcg-redistribution': true,
  'correlated-revenue': true,
};
const statuses: Record<CandidateStatus, true> = {
  ok: true,
  'parse-error': true,
  forbidden: true,
  'runtime-error': true,
  'invalid-output': true,
  timeout: true,
  'verification-failed': true,
  duplicate: true,
  'screened-out': true,
};
const { ok: _ok, ...failures } = statuses;
const operators: Record<OperatorId, true> = {
  seed: true,
  funsearch: true,
  e1: true,
  e2: true,
  m1: true,
  m2: true,
  pbe: true,
  repair: true,
};
const runStatuses: Record<RunStatus, true> = {
  idle: true,
  running: true,
  paused: true,
  finished: true,
  stopped: true,
};
const roles: Record<ChatMessage['role'], true> = { system: true, user: true, assistant: true };

/**
 * Bounds far above anything MechLab writes (the setup form and the CLI stop
 * well below them), so that a hostile or broken file cannot make an import,
 * or a run opened from it, exhaust memory or freeze the page.
 */
export const runFileLimits = {
  candidates: 250_000,
  /** Characters of a prompt message, a reply or an error message. */
  longText: 1_000_000,
  /** Characters of a candidate's code or thought (the reply parser keeps at most 64 kB). */
  code: 200_000,
  /** Characters of an id, a name, a label, a model id or a parameter value. */
  shortText: 4_096,
  /** Items of a candidate's parents, prompt messages or metrics, or of a run's parameters. */
  listItems: 256,
  islands: 1_024,
  parentsPerPrompt: 64,
  samples: 10_000_000,
  pipelineDepth: 1_024,
  /** The rank of an island's score that is the screening bar. */
  screeningTop: 1_024,
  evaluationTimeoutMs: 3_600_000,
  maxTokens: 1_000_000,
} as const;

const formatted = (n: number) => n.toLocaleString('en-US');
/** A string of at most `max` characters. */
const textUpTo = (max: number) => {
  const what = `a string of at most ${formatted(max)} characters`;
  return v.pipe(v.string(what), v.maxLength(max, what));
};
const shortText = textUpTo(runFileLimits.shortText);
const longText = textUpTo(runFileLimits.longText);
const codeText = textUpTo(runFileLimits.code);
const text = shortText;
const flag = v.boolean('true or false');
const real = v.pipe(v.number('a finite number'), v.finite('a finite number'));
const realOrNull = v.nullable(
  v.pipe(v.number('a finite number or null'), v.finite('a finite number or null')),
);
const whole = 'a whole number ≥ 0';
const count = v.pipe(v.number(whole), v.integer(whole), v.minValue(0, whole));
/** A whole number from `min` to `max`. */
const wholeIn = (min: number, max: number) => {
  const what = `a whole number from ${formatted(min)} to ${formatted(max)}`;
  return v.pipe(v.number(what), v.integer(what), v.minValue(min, what), v.maxValue(max, what));
};
const object = <E extends v.ObjectEntries>(entries: E) => v.strictObject(entries, 'an object');
const nullableObject = <E extends v.ObjectEntries>(entries: E) =>
  v.nullable(v.strictObject(entries, 'an object or null'));
/** An array of at most `max` items. */
const list = <S extends v.GenericSchema>(item: S, max: number = runFileLimits.listItems) => {
  const what = `an array of at most ${formatted(max)} items`;
  return v.pipe(v.array(item, what), v.maxLength(max, what));
};
/** Returns a copy of `record` with its keys in sorted order. */
function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record).sort(); // by UTF-16 code units: the same everywhere
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}
/** A record with its keys sorted, so the same run serialises the same whatever order its keys came in. */
const sortedRecord = <T>(value: v.GenericSchema<unknown, T>) =>
  v.pipe(v.record(shortText, value, 'an object'), v.transform(sortKeys<T>));
/** A record of at most `max` entries, with its keys sorted. */
const smallRecord = <T>(value: v.GenericSchema<unknown, T>, max: number = runFileLimits.listItems) => {
  const what = `an object of at most ${formatted(max)} fields`;
  return v.pipe(
    v.record(shortText, value, what),
    v.check((record) => Object.keys(record).length <= max, what),
    v.transform(sortKeys<T>),
  );
};

const metric = object({
  id: text,
  label: text,
  value: real,
  standardError: v.optional(real),
});

export const candidateSchema = object({
  id: v.pipe(text, v.nonEmpty('a non-empty string')),
  parentIds: list(text),
  island: count,
  operator: oneOf(operators),
  iteration: count,
  createdAt: real,
  generation: nullableObject({
    backend: text,
    model: text,
    temperature: real,
    topP: real,
    maxTokens: wholeIn(0, runFileLimits.maxTokens),
    seed: real,
  }),
  prompt: list(object({ role: oneOf(roles), content: longText })),
  reply: longText,
  code: v.nullable(codeText),
  thought: v.nullable(codeText),
  status: oneOf(statuses),
  error: nullableObject({
    reason: oneOf(failures),
    message: longText,
    line: v.optional(count),
    column: v.optional(count),
  }),
  score: realOrNull,
  standardError: realOrNull,
  metrics: list(metric),
  verification: nullableObject({ passed: flag, checks: count, maxViolation: real }),
  evaluationMilliseconds: realOrNull,
  usage: nullableObject({
    promptTokens: count,
    completionTokens: count,
    tokensPerSecond: real,
    prefillTokensPerSecond: v.optional(real),
  }),
});

const databaseConfig = object({
  islands: wholeIn(1, runFileLimits.islands),
  selection: oneOf({ softmax: true, rank: true }),
  initialTemperature: real,
  finalTemperature: real,
  temperaturePeriod: count,
  resetPeriod: count,
  scoreTolerance: real,
});

const programEntry = {
  id: text,
  score: real,
  length: count,
  behaviour: v.nullable(v.string('a string or null')),
};

export const databaseSchema = object({
  version: v.literal(1, '1'),
  config: databaseConfig,
  islands: list(
    object({
      clusters: list(object({ score: real, programs: list(object(programEntry), Infinity) }), Infinity),
      placed: count,
    }),
    runFileLimits.islands,
  ),
  codes: sortedRecord(text),
  registered: count,
  sinceReset: count,
  best: nullableObject({ ...programEntry, island: count }),
});

const operatorWeights = object({ funsearch: real, e1: real, e2: real, m1: real, m2: real });

export const metaSchema = object({
  id: v.pipe(text, v.nonEmpty('a non-empty string')),
  name: text,
  createdAt: real,
  updatedAt: real,
  settings: object({
    problem: oneOf(problemIds),
    parameters: smallRecord(v.union([text, real], 'a string or a finite number')),
    search: object({
      database: databaseConfig,
      parentsPerPrompt: wholeIn(0, runFileLimits.parentsPerPrompt),
      operatorWeights,
      repairProbability: real,
      samples: wholeIn(1, runFileLimits.samples),
      pipelineDepth: wholeIn(0, runFileLimits.pipelineDepth),
      evaluationTimeoutMs: v.pipe(
        real,
        v.minValue(1, `a number of milliseconds from 1 to ${formatted(runFileLimits.evaluationTimeoutMs)}`),
        v.maxValue(
          runFileLimits.evaluationTimeoutMs,
          `a number of milliseconds from 1 to ${formatted(runFileLimits.evaluationTimeoutMs)}`,
        ),
      ),
      seed: real,
      screening: v.optional(
        v.nullable(
          object({
            samples: wholeIn(1, runFileLimits.samples),
            top: wholeIn(1, runFileLimits.screeningTop),
            z: v.pipe(real, v.minValue(0, 'a finite number ≥ 0')),
          }),
        ),
      ),
      pbeWeight: v.optional(real),
      secondObjective: v.optional(oneOf({ agreement: true })),
    }),
    budget: object({
      candidates: v.optional(count),
      modelCalls: v.optional(count),
      seconds: v.optional(real),
    }),
    generation: object({ temperature: real, topP: real, maxTokens: wholeIn(0, runFileLimits.maxTokens) }),
    network: v.optional(networkFileSchema),
  }),
  model: nullableObject({ backend: text, model: text }),
});

export const progressSchema = object({
  status: oneOf(runStatuses),
  iteration: count,
  modelCalls: count,
  elapsedSeconds: real,
  applied: count,
  database: databaseSchema,
});

export const runFileSchema = object({
  format: v.literal(runFileFormat, `'${runFileFormat}'`),
  version: v.literal(currentRunFileVersion, String(currentRunFileVersion)),
  exportedAt: real,
  meta: metaSchema,
  progress: progressSchema,
  candidates: list(candidateSchema, runFileLimits.candidates),
});

/** Returns what an issue found and where: "candidates[3].score is 'high'; expected a finite number or null". */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => item.key as string | number);
  const last = issue.path?.at(-1);
  if (last?.origin === 'key' && issue.expected === 'never') {
    return `${formatPath(path.slice(0, -1))} has an unknown field ${JSON.stringify(path.at(-1))}`;
  }
  if (last?.origin === 'key') return `${formatPath(path)} is missing`;
  return `${formatPath(path)} is ${describeValue(issue.input)}; expected ${issue.message}`;
}
