/**
 * What a training run asks for: the backend, the problem and its
 * parameters, the schedule and the evaluation, with their defaults. A
 * module without TensorFlow.js, so the run setup can build a request
 * without loading it; only the training worker and `mechlab train` do.
 */
import type { RawParameters } from '../parameters.ts';
import type { ProblemId } from '../problem.ts';
import type { Penalties } from './networkProblems.ts';
import type { TrainingSchedule } from './train.ts';

/** The TensorFlow.js backends MechLab trains on. */
export type TrainingBackend = 'cpu' | 'wasm';
export const trainingBackends: readonly TrainingBackend[] = ['cpu', 'wasm'];

export interface TrainingRequest {
  readonly problem: ProblemId;
  readonly parameters: RawParameters;
  readonly schedule: TrainingSchedule;
  /** Profiles sampled per minibatch. */
  readonly batchProfiles: number;
  /** Penalty weights that differ from the problem's defaults. */
  readonly penalties?: Penalties;
  /**
   * Scores the fixed network on `samples` profiles drawn from
   * rngStream(seed, 'evaluation') — the sample set of a run with that seed
   * and size, so the score matches the run's NN baseline. Null skips it.
   */
  readonly evaluation: { readonly samples: number; readonly seed: number } | null;
}

/** Defaults of a training run: about 15 s in Node on the wasm backend for vcg-redistribution at n = 5. */
export const defaultSchedule: TrainingSchedule = Object.freeze({
  epochs: 30,
  stepsPerEpoch: 50,
  learningRate: 0.002,
  hidden: Object.freeze([16, 16]),
  seed: 1,
});
export const defaultBatchProfiles = 256;
