/**
 * What a network is trained for, as the training loop sees it: batches of
 * input rows drawn from a seeded stream, and a loss with its gradient with
 * respect to the network's outputs. Each problem's loss (penalties
 * included) is plain JavaScript over the outputs; the loop backpropagates
 * the gradient through the network.
 */
import type { Rng } from '../rng.ts';

/** One minibatch: `rows` input rows of the network, row-major. */
export interface Batch {
  readonly rows: number;
  readonly inputs: Float32Array;
}

/** The value of a loss on one batch and its parts, by name (e.g. a penalty term). */
export interface LossValue {
  readonly loss: number;
  readonly terms: Readonly<Record<string, number>>;
}

export interface TrainingObjective<B extends Batch = Batch> {
  /** Inputs and outputs per row of the network. */
  readonly inputs: number;
  readonly outputs: number;
  /** Draws the next minibatch from `rng`. */
  drawBatch(rng: Rng): B;
  /**
   * Returns the loss of the network's `outputs` on `batch` (row-major,
   * `batch.rows × outputs`) and writes dLoss/dOutput into `gradient`
   * (same shape, filled with zeros on entry).
   */
  lossAndGradient(batch: B, outputs: Float32Array, gradient: Float32Array): LossValue;
}
