/**
 * The training loop: Adam on minibatches of a TrainingObjective, seeded,
 * cancellable and reporting after every epoch. The backend (TensorFlow.js
 * 'cpu' or 'wasm') must be registered by the caller, which is the only
 * part that differs between Node and a browser worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import { rngStream } from '../rng.ts';
import { initialMlp, type MlpWeights } from './mlp.ts';
import type { Batch, TrainingObjective } from './objective.ts';
import { TensorMlp } from './tensorMlp.ts';
import type { TrainingBackend } from './trainingRequest.ts';

export interface TrainingSchedule {
  /** Passes over freshly drawn minibatches; progress is reported after each. */
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** Adam's step size at the start; it falls along a cosine to a twentieth of it by the last step. */
  readonly learningRate: number;
  /** Widths of the hidden layers. */
  readonly hidden: readonly number[];
  /** Initial weights and minibatches derive from it: rngStream(seed, 'nn-init' | 'nn-batches'). */
  readonly seed: number;
}

/** What one epoch did: its mean loss and mean loss terms over its steps. */
export interface EpochReport {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly terms: Readonly<Record<string, number>>;
  /** Milliseconds since training started. */
  readonly milliseconds: number;
}

export interface TrainingOptions {
  readonly backend: TrainingBackend;
  readonly signal?: AbortSignal;
  readonly onEpoch?: (report: EpochReport) => void;
}

export interface TrainingResult {
  readonly mlp: MlpWeights;
  readonly history: readonly EpochReport[];
  readonly milliseconds: number;
  readonly backend: TrainingBackend;
}

/** Throws a RangeError unless `schedule` can be trained. */
export function checkSchedule(schedule: TrainingSchedule): void {
  const problems: string[] = [];
  for (const key of ['epochs', 'stepsPerEpoch'] as const)
    if (!Number.isInteger(schedule[key]) || schedule[key] < 1)
      problems.push(`${key} must be a whole number ≥ 1`);
  if (!(schedule.learningRate > 0 && schedule.learningRate < 1))
    problems.push('learningRate must be in (0, 1)');
  if (schedule.hidden.length < 1 || schedule.hidden.some((w) => !Number.isInteger(w) || w < 1 || w > 512))
    problems.push('hidden must list one or more layer widths from 1 to 512');
  if (problems.length > 0) throw new RangeError(`invalid training settings: ${problems.join('; ')}`);
}

/** Selects `backend`, or throws an Error that says it is not registered here. */
async function useBackend(backend: TrainingBackend): Promise<void> {
  tf.enableProdMode(); // no debug checks, and no console advice to install tfjs-node
  if (tf.findBackendFactory(backend) === null)
    throw new Error(`the TensorFlow.js backend '${backend}' is not registered in this environment`);
  if (!(await tf.setBackend(backend)))
    throw new Error(`the TensorFlow.js backend '${backend}' failed to start`);
  await tf.ready();
}

/** Returns the step size of step `t` of `total`: cosine decay from `start` to start / 20. */
export function stepSize(start: number, t: number, total: number): number {
  const floor = start / 20;
  return floor + ((start - floor) * (1 + Math.cos((Math.PI * t) / Math.max(1, total - 1)))) / 2;
}

/** Lets queued messages (a cancel, a progress read) through between epochs. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs one Adam step on a fresh minibatch; returns its loss. */
function step<B extends Batch>(
  net: TensorMlp,
  optimizer: tf.AdamOptimizer,
  objective: TrainingObjective<B>,
  batch: B,
) {
  const input = tf.tensor2d(batch.inputs, [batch.rows, objective.inputs]);
  const pass = net.forward(input);
  const outputs = pass.layers[pass.layers.length - 1].dataSync() as Float32Array;
  const gradient = new Float32Array(batch.rows * objective.outputs);
  const value = objective.lossAndGradient(batch, outputs, gradient);
  const outputGradient = tf.tensor2d(gradient, [batch.rows, objective.outputs]);
  const grads = net.gradients(pass, outputGradient);
  optimizer.applyGradients(grads);
  tf.dispose([input, outputGradient, ...pass.layers, ...grads.map((g) => g.tensor)]);
  return value;
}

/**
 * Trains a network with hidden layers `schedule.hidden` on `objective`
 * and returns its weights and the per-epoch history. The same seed, schedule
 * and backend give the same weights. Aborting `signal` stops between steps
 * with the signal's reason (an AbortError).
 */
export async function trainNetwork<B extends Batch>(
  objective: TrainingObjective<B>,
  schedule: TrainingSchedule,
  options: TrainingOptions,
): Promise<TrainingResult> {
  checkSchedule(schedule);
  options.signal?.throwIfAborted();
  await useBackend(options.backend);
  const started = performance.now();
  const sizes = [objective.inputs, ...schedule.hidden, objective.outputs];
  const net = new TensorMlp(initialMlp(sizes, rngStream(schedule.seed, 'nn-init')));
  const optimizer = tf.train.adam(schedule.learningRate);
  const batches = rngStream(schedule.seed, 'nn-batches');
  const history: EpochReport[] = [];
  try {
    for (let epoch = 1; epoch <= schedule.epochs; epoch++) {
      let loss = 0;
      const terms: Record<string, number> = {};
      for (let s = 0; s < schedule.stepsPerEpoch; s++) {
        options.signal?.throwIfAborted();
        // Adam reads its (protected) step size on every update.
        (optimizer as unknown as { learningRate: number }).learningRate = stepSize(
          schedule.learningRate,
          (epoch - 1) * schedule.stepsPerEpoch + s,
          schedule.epochs * schedule.stepsPerEpoch,
        );
        const value = step(net, optimizer, objective, objective.drawBatch(batches));
        loss += value.loss / schedule.stepsPerEpoch;
        for (const [name, term] of Object.entries(value.terms))
          terms[name] = (terms[name] ?? 0) + term / schedule.stepsPerEpoch;
      }
      const report = {
        epoch,
        epochs: schedule.epochs,
        loss,
        terms,
        milliseconds: performance.now() - started,
      };
      history.push(report);
      options.onEpoch?.(report);
      await yieldToEvents();
    }
    return {
      mlp: net.toWeights(),
      history,
      milliseconds: performance.now() - started,
      backend: options.backend,
    };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
