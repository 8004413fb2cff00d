import './backends.ts';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialMlp, mlpForward } from '../../../src/core/nn/mlp.ts';
import { TensorMlp } from '../../../src/core/nn/tensorMlp.ts';
import { rngStream } from '../../../src/core/rng.ts';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

describe('TensorMlp', () => {
  const mlp = initialMlp([3, 5, 4, 2], rngStream(7, 'nn-init'));
  const rows = [
    [0.3, -0.2, 0.9],
    [1.1, 0.4, -0.5],
    [0.05, 0.6, 0.2],
  ];
  // A loss with known gradient: L = Σ c ⊙ y, so dL/dy = c.
  const c = [
    [0.7, -1.2],
    [0.1, 0.4],
    [-0.3, 0.9],
  ];
  const loss = (weights: typeof mlp) => {
    const forward = mlpForward(weights);
    const out = new Float64Array(2);
    return rows.reduce((sum, row, r) => {
      const y = forward(row, out);
      return sum + c[r][0] * y[0] + c[r][1] * y[1];
    }, 0);
  };

  it('computes the same outputs as the plain forward pass (float32 against float64)', () => {
    const net = new TensorMlp(mlp);
    const pass = net.forward(tf.tensor2d(rows));
    const outputs = pass.layers[pass.layers.length - 1].arraySync() as number[][];
    const forward = mlpForward(mlp);
    rows.forEach((row, r) => {
      const expected = forward(row, new Float64Array(2));
      expect(outputs[r][0]).toBeCloseTo(expected[0], 5);
      expect(outputs[r][1]).toBeCloseTo(expected[1], 5);
    });
    tf.dispose([...pass.layers]);
    net.dispose();
  });

  it('backpropagates: every gradient matches a central finite difference of the plain forward pass', () => {
    const net = new TensorMlp(mlp);
    const pass = net.forward(tf.tensor2d(rows));
    const grads = net.gradients(pass, tf.tensor2d(c));
    expect(grads.map((g) => g.name.split('/')[1]).sort()).toEqual(['b0', 'b1', 'b2', 'w0', 'w1', 'w2']);
    const h = 1e-6;
    for (const { name, tensor } of grads) {
      const [kind, l] = [name.split('/')[1][0], Number(name.split('/')[1].slice(1))];
      const analytic = tensor.dataSync();
      const field = kind === 'w' ? 'weights' : 'biases';
      for (let k = 0; k < analytic.length; k++) {
        const bump = (delta: number) => ({
          layers: mlp.layers.map((layer, j) =>
            j !== l ? layer : { ...layer, [field]: layer[field].map((x, i) => (i === k ? x + delta : x)) },
          ),
        });
        const numeric = (loss(bump(h)) - loss(bump(-h))) / (2 * h);
        expect(analytic[k], `${name}[${k}]`).toBeCloseTo(numeric, 4);
      }
    }
    tf.dispose([...pass.layers, ...grads.map((g) => g.tensor)]);
    net.dispose();
  });

  it('gives its weights back as plain data, unchanged before any training step', () => {
    const net = new TensorMlp(mlp);
    const back = net.toWeights();
    expect(back.layers.map((l) => [l.inputs, l.outputs, l.activation])).toEqual([
      [3, 5, 'relu'],
      [5, 4, 'relu'],
      [4, 2, 'linear'],
    ]);
    back.layers.forEach((layer, l) =>
      layer.weights.forEach((w, i) => expect(w).toBeCloseTo(mlp.layers[l].weights[i], 6)),
    );
    net.dispose();
  });
});
