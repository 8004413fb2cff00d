/**
 * The MLP of mlp.ts as TensorFlow.js variables, for training. The forward
 * pass keeps every layer's activations and the backward pass is written
 * out (three matrix products per layer), because tfjs-core registers its
 * gradient functions only from its ES module tree, which Node cannot load:
 * explicit backpropagation runs the same in Node and in a browser worker,
 * on any backend. Tests check it against finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseLayer, MlpWeights } from './mlp.ts';

/** The activations of one forward pass: `layers[0]` is the input, the last is the output. */
export interface ForwardPass {
  readonly layers: readonly tf.Tensor2D[];
}

/** A gradient tensor and the name of the variable it belongs to, as Adam's applyGradients takes it. */
export interface NamedGradient {
  readonly name: string;
  readonly tensor: tf.Tensor;
}

let instances = 0;

export class TensorMlp {
  readonly #weights: tf.Variable<tf.Rank.R2>[];
  readonly #biases: tf.Variable<tf.Rank.R1>[];
  readonly #relu: boolean[];

  /** Creates the variables of `mlp` (float32) under names unique to this instance. */
  constructor(mlp: MlpWeights) {
    const id = `mlp${instances++}`;
    this.#weights = mlp.layers.map((layer, l) =>
      tf.variable(tf.tensor2d(layer.weights as number[], [layer.inputs, layer.outputs]), true, `${id}/w${l}`),
    );
    this.#biases = mlp.layers.map((layer, l) =>
      tf.variable(tf.tensor1d(layer.biases as number[]), true, `${id}/b${l}`),
    );
    this.#relu = mlp.layers.map((layer) => layer.activation === 'relu');
  }

  /** Returns the activations of every layer for the rows of `input` ([rows × inputs]); the caller disposes them. */
  forward(input: tf.Tensor2D): ForwardPass {
    return {
      layers: tf.tidy(() => {
        const layers: tf.Tensor2D[] = [input.clone()];
        for (let l = 0; l < this.#weights.length; l++) {
          const z = tf.add(tf.matMul(layers[l], this.#weights[l]), this.#biases[l]) as tf.Tensor2D;
          layers.push(this.#relu[l] ? tf.relu(z) : z);
        }
        return layers;
      }),
    };
  }

  /**
   * Returns the gradient of a loss with respect to every variable, named
   * like the variable, given the pass and dLoss/dOutput ([rows × outputs]).
   * The caller disposes the tensors.
   */
  gradients(pass: ForwardPass, outputGradient: tf.Tensor2D): NamedGradient[] {
    const names: string[] = [];
    const tensors = tf.tidy(() => {
      const grads: tf.Tensor[] = [];
      let delta: tf.Tensor2D = outputGradient;
      for (let l = this.#weights.length - 1; l >= 0; l--) {
        const below = pass.layers[l];
        names.push(this.#weights[l].name, this.#biases[l].name);
        grads.push(tf.matMul(below, delta, true, false), tf.sum(delta, 0));
        // ReLU passes the gradient where its output was positive: step(a) = 1[a > 0].
        if (l > 0) delta = tf.mul(tf.matMul(delta, this.#weights[l], false, true), tf.step(below));
      }
      return grads;
    });
    return tensors.map((tensor, k) => ({ name: names[k], tensor }));
  }

  /** Returns the current values as plain data (float32 values as numbers). */
  toWeights(): MlpWeights {
    const layers: DenseLayer[] = this.#weights.map((w, l) => ({
      inputs: w.shape[0],
      outputs: w.shape[1],
      weights: Array.from(w.dataSync()),
      biases: Array.from(this.#biases[l].dataSync()),
      activation: this.#relu[l] ? 'relu' : 'linear',
    }));
    return { layers };
  }

  dispose(): void {
    tf.dispose([...this.#weights, ...this.#biases]);
  }
}
