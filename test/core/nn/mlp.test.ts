import { describe, expect, it } from 'vitest';
import {
  initialMlp,
  layerSizes,
  mlpForward,
  parameterCount,
  type MlpWeights,
} from '../../../src/core/nn/mlp.ts';
import { rngStream } from '../../../src/core/rng.ts';

/** 2 → 2 (ReLU) → 1: h = relu([x0 − x1, x0 + x1 − 1]), y = 2·h0 − h1 + 0.5. */
const tiny: MlpWeights = {
  layers: [
    { inputs: 2, outputs: 2, weights: [1, 1, -1, 1], biases: [0, -1], activation: 'relu' },
    { inputs: 2, outputs: 1, weights: [2, -1], biases: [0.5], activation: 'linear' },
  ],
};

describe('mlpForward', () => {
  it('computes the layers in row-major order with ReLU on the hidden layer', () => {
    const forward = mlpForward(tiny);
    const out = new Float64Array(1);
    // x = (0.75, 0.5): h = relu([0.25, 0.25]) → y = 0.5 − 0.25 + 0.5 = 0.75
    expect(forward([0.75, 0.5], out)[0]).toBeCloseTo(0.75, 15);
    // x = (0.2, 0.9): h = relu([−0.7, 0.1]) = [0, 0.1] → y = −0.1 + 0.5 = 0.4
    expect(forward([0.2, 0.9], out)[0]).toBeCloseTo(0.4, 15);
    // x = (0, 0): h = relu([0, −1]) = [0, 0] → y = 0.5
    expect(forward([0, 0], out)[0]).toBe(0.5);
  });

  it('writes into the output it is given and reuses it', () => {
    const forward = mlpForward(tiny);
    const out = new Float64Array(1);
    expect(forward([1, 0], out)).toBe(out);
    expect(out[0]).toBeCloseTo(2.5, 15); // h = [1, 0]
  });
});

describe('initialMlp', () => {
  it('gives the same network for the same seed and another for another seed', () => {
    const a = initialMlp([4, 16, 16, 1], rngStream(3, 'nn-init'));
    const b = initialMlp([4, 16, 16, 1], rngStream(3, 'nn-init'));
    const c = initialMlp([4, 16, 16, 1], rngStream(4, 'nn-init'));
    expect(a).toEqual(b);
    expect(a.layers[0].weights).not.toEqual(c.layers[0].weights);
  });

  it('has the requested widths, ReLU hidden layers, a linear output and zero biases', () => {
    const mlp = initialMlp([3, 8, 4], rngStream(1, 'nn-init'));
    expect(layerSizes(mlp)).toEqual([3, 8, 4]);
    expect(mlp.layers.map((l) => l.activation)).toEqual(['relu', 'linear']);
    expect(mlp.layers.every((l) => l.biases.every((b) => b === 0))).toBe(true);
    expect(parameterCount(mlp)).toBe(3 * 8 + 8 + 8 * 4 + 4);
  });

  it('draws He-normal weights: spread √(2 / inputs)', () => {
    const mlp = initialMlp([50, 400, 1], rngStream(1, 'nn-init'));
    const w = mlp.layers[0].weights;
    const variance = w.reduce((sum, x) => sum + x * x, 0) / w.length;
    expect(variance).toBeGreaterThan(0.9 * (2 / 50));
    expect(variance).toBeLessThan(1.1 * (2 / 50));
  });

  it('rejects widths that are not positive integers', () => {
    expect(() => initialMlp([4], rngStream(1, 'x'))).toThrow(/at least two positive integers/);
    expect(() => initialMlp([4, 0, 1], rngStream(1, 'x'))).toThrow(/\[4, 0, 1\]/);
  });
});
