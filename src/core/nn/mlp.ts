/**
 * A multilayer perceptron as plain JSON-able data, its seeded
 * initialisation and its forward pass in plain JavaScript. This is what a
 * trained network is once training is over: stored with a run, reloaded,
 * and evaluated thousands of times per profile by the fixes, with no
 * tensor library involved.
 */
import { normal, type Rng } from '../rng.ts';

export type Activation = 'relu' | 'linear';

/** One dense layer: outputs = activation(inputs · weights + biases). */
export interface DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  /** Row-major [inputs × outputs]: weights[i * outputs + j] connects input i to output j. */
  readonly weights: readonly number[];
  readonly biases: readonly number[];
  readonly activation: Activation;
}

/** A network: hidden layers with ReLU, a linear output layer. */
export interface MlpWeights {
  readonly layers: readonly DenseLayer[];
}

/** Returns the layer widths [inputs, hidden…, outputs] of `mlp`. */
export function layerSizes(mlp: MlpWeights): number[] {
  return [mlp.layers[0].inputs, ...mlp.layers.map((layer) => layer.outputs)];
}

/**
 * Returns a network with widths `sizes` ([inputs, hidden…, outputs]),
 * ReLU on the hidden layers, He-normal weights drawn from `rng` and zero
 * biases: the same seed gives the same network everywhere.
 */
export function initialMlp(sizes: readonly number[], rng: Rng): MlpWeights {
  if (sizes.length < 2 || sizes.some((size) => !Number.isInteger(size) || size < 1))
    throw new RangeError(`layer sizes must be at least two positive integers, got [${sizes.join(', ')}]`);
  const layers: DenseLayer[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1];
    const outputs = sizes[l];
    const spread = Math.sqrt(2 / inputs);
    layers.push({
      inputs,
      outputs,
      weights: Array.from({ length: inputs * outputs }, () => spread * normal(rng)),
      biases: new Array<number>(outputs).fill(0),
      activation: l === sizes.length - 1 ? 'linear' : 'relu',
    });
  }
  return { layers };
}

/** Writes the network's outputs for `input` into `output`; allocates nothing. */
export type Forward = (input: ArrayLike<number>, output: Float64Array) => Float64Array;

/**
 * Returns the forward pass of `mlp` in float64 over flat copies of its
 * weights. Configure once, call often: the scratch buffers are reused, so
 * the returned function is not reentrant.
 */
export function mlpForward(mlp: MlpWeights): Forward {
  const layers = mlp.layers.map((layer) => ({
    inputs: layer.inputs,
    outputs: layer.outputs,
    weights: Float64Array.from(layer.weights),
    biases: Float64Array.from(layer.biases),
    relu: layer.activation === 'relu',
    out: new Float64Array(layer.outputs),
  }));
  return (input, output) => {
    let current: ArrayLike<number> = input;
    for (let l = 0; l < layers.length; l++) {
      const { inputs, outputs, weights, biases, relu } = layers[l];
      const out = l === layers.length - 1 ? output : layers[l].out;
      for (let j = 0; j < outputs; j++) out[j] = biases[j];
      for (let i = 0; i < inputs; i++) {
        const x = current[i];
        if (x === 0) continue;
        const row = i * outputs;
        for (let j = 0; j < outputs; j++) out[j] += x * weights[row + j];
      }
      if (relu) for (let j = 0; j < outputs; j++) if (!(out[j] > 0)) out[j] = 0;
      current = out;
    }
    return output;
  };
}

/** Returns the number of trainable parameters of `mlp`. */
export function parameterCount(mlp: MlpWeights): number {
  return mlp.layers.reduce((sum, layer) => sum + layer.weights.length + layer.biases.length, 0);
}
