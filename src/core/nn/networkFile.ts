/**
 * A trained network as a file: the problem and parameters it was trained
 * for, its weights as plain numbers, how it was trained (with the loss
 * history) and the fixed network's evaluation. Plain JSON, so it is stored
 * with a run, exported with it and read back by `mechlab eval --network`.
 * Reading checks every field with valibot and never runs anything.
 */
import * as v from 'valibot';
import type { ProblemId } from '../problem.ts';
import type { Metric } from '../types.ts';
import type { VerificationSummary } from '../evolution/record.ts';
import { describeValue, formatPath } from '../evolution/runFileError.ts';
import type { MlpWeights } from './mlp.ts';
import type { EpochReport, TrainingSchedule } from './train.ts';
import type { TrainingBackend } from './trainingRequest.ts';

export const networkFileFormat = 'mechlab-network';
export const networkFileVersion = 1;

/** What the network computes: a rebate from the others' bids, or scores for who wins. */
export type NetworkKind = 'rebate' | 'allocation';

/** The problems a network can be trained for, and the kind of network each has. */
export const networkKinds = Object.freeze({
  'vcg-redistribution': 'rebate',
  'correlated-revenue': 'allocation',
} as const satisfies Partial<Record<ProblemId, NetworkKind>>);

/** How a network was trained. */
export interface TrainingRecord {
  readonly backend: TrainingBackend;
  readonly schedule: TrainingSchedule;
  /** Profiles sampled per minibatch. */
  readonly batchProfiles: number;
  /** The loss's penalty weights, by name (see the problem's objective). */
  readonly penalties: Readonly<Record<string, number>>;
  readonly milliseconds: number;
  readonly history: readonly EpochReport[];
}

/** The fixed network scored like any candidate: on `samples` profiles drawn from rngStream(seed, 'evaluation'). */
export interface NetworkEvaluation {
  readonly seed: number;
  readonly samples: number;
  readonly score: number;
  readonly standardError: number;
  readonly metrics: readonly Metric[];
  readonly verification: VerificationSummary;
  readonly milliseconds: number;
}

export interface NetworkFile {
  readonly format: typeof networkFileFormat;
  readonly version: typeof networkFileVersion;
  readonly problem: ProblemId;
  /** The problem's checked parameters at training time. */
  readonly parameters: Readonly<Record<string, number | string>>;
  readonly kind: NetworkKind;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly mlp: MlpWeights;
  readonly training: TrainingRecord;
  readonly evaluation: NetworkEvaluation | null;
}

/** A network file that cannot be read; `message` says what is wrong and where. */
export class NetworkFileError extends Error {
  override readonly name = 'NetworkFileError';
}

const text = v.string('a string');
const real = v.pipe(v.number('a finite number'), v.finite('a finite number'));
const whole = 'a whole number ≥ 0';
const count = v.pipe(v.number(whole), v.integer(whole), v.minValue(0, whole));
const positive = 'a whole number ≥ 1';
const size = v.pipe(v.number(positive), v.integer(positive), v.minValue(1, positive));
const object = <E extends v.ObjectEntries>(entries: E) => v.strictObject(entries, 'an object');
const list = <S extends v.GenericSchema>(item: S) => v.array(item, 'an array');
const numbers = v.record(text, real, 'an object of numbers');

const layer = object({
  inputs: size,
  outputs: size,
  weights: list(real),
  biases: list(real),
  activation: v.picklist(['relu', 'linear'], 'relu or linear'),
});

/** Returns what is inconsistent in a network's layers, or null. */
function layersProblem(layers: readonly v.InferOutput<typeof layer>[]): string | null {
  if (layers.length === 0) return 'a network needs at least one layer';
  for (let l = 0; l < layers.length; l++) {
    const { inputs, outputs, weights, biases, activation } = layers[l];
    if (weights.length !== inputs * outputs)
      return `layer ${l} has ${weights.length} weights; ${inputs} inputs × ${outputs} outputs need ${inputs * outputs}`;
    if (biases.length !== outputs) return `layer ${l} has ${biases.length} biases for ${outputs} outputs`;
    if (l > 0 && inputs !== layers[l - 1].outputs)
      return `layer ${l} takes ${inputs} inputs but layer ${l - 1} gives ${layers[l - 1].outputs}`;
    if ((activation === 'linear') !== (l === layers.length - 1))
      return 'hidden layers use relu and the output layer is linear';
  }
  return null;
}

const mlp = v.pipe(
  object({ layers: list(layer) }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = layersProblem(dataset.value.layers);
    if (problem) addIssue({ message: problem });
  }),
);

const epoch = object({ epoch: size, epochs: size, loss: real, terms: numbers, milliseconds: real });

export const networkFileSchema = object({
  format: v.literal(networkFileFormat, `'${networkFileFormat}'`),
  version: v.literal(networkFileVersion, String(networkFileVersion)),
  problem: v.picklist(
    Object.keys(networkKinds) as (keyof typeof networkKinds)[],
    Object.keys(networkKinds).join(' or '),
  ),
  parameters: v.record(text, v.union([text, real], 'a string or a finite number'), 'an object'),
  kind: v.picklist(['rebate', 'allocation'], 'rebate or allocation'),
  createdAt: real,
  mlp,
  training: object({
    backend: v.picklist(['cpu', 'wasm'], 'cpu or wasm'),
    schedule: object({
      epochs: size,
      stepsPerEpoch: size,
      learningRate: real,
      hidden: list(size),
      seed: count,
    }),
    batchProfiles: size,
    penalties: numbers,
    milliseconds: real,
    history: list(epoch),
  }),
  evaluation: v.nullable(
    object({
      seed: count,
      samples: size,
      score: real,
      standardError: real,
      metrics: list(object({ id: text, label: text, value: real, standardError: v.optional(real) })),
      verification: object({ passed: v.boolean('true or false'), checks: count, maxViolation: real }),
      milliseconds: real,
    }),
  ),
});

/** Returns where an issue is and what was expected: "mlp.layers[0].weights is an array of 3; expected …". */
function describe(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => item.key as string | number);
  const last = issue.path?.at(-1);
  const where = path.length === 0 ? 'the file' : formatPath(path);
  if (last?.origin === 'key' && issue.expected === 'never')
    return `${path.length > 1 ? formatPath(path.slice(0, -1)) : 'the file'} has an unknown field ${JSON.stringify(path.at(-1))}`;
  if (last?.origin === 'key') return `${where} is missing`;
  if (issue.kind === 'validation' && issue.type === 'raw_check') return `${where}: ${issue.message}`;
  return `${where} is ${describeValue(issue.input)}; expected ${issue.message}`;
}

/** Returns `json` as a network file, or throws a NetworkFileError that says what is wrong and where. */
export function readNetworkFile(json: unknown): NetworkFile {
  if (
    typeof json !== 'object' ||
    json === null ||
    (json as { format?: unknown }).format !== networkFileFormat
  )
    throw new NetworkFileError(
      `this is not a MechLab network file (its format is not '${networkFileFormat}')`,
    );
  const result = v.safeParse(networkFileSchema, json);
  if (!result.success) throw new NetworkFileError(`invalid network file: ${describe(result.issues[0])}`);
  const { problem, kind } = result.output;
  if (kind !== networkKinds[problem])
    throw new NetworkFileError(
      `invalid network file: kind is '${kind}'; a ${problem} network is '${networkKinds[problem]}'`,
    );
  return result.output as NetworkFile;
}
