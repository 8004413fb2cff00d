import './backends.ts';
import { describe, expect, it } from 'vitest';
import { checkSchedule, stepSize, trainNetwork, type TrainingSchedule } from '../../../src/core/nn/train.ts';
import type { TrainingObjective } from '../../../src/core/nn/objective.ts';
import { mlpForward } from '../../../src/core/nn/mlp.ts';
import { rngStream } from '../../../src/core/rng.ts';

/** Regression onto y = 2·x0 − x1 + 0.5 with squared error: a loss whose minimum is known. */
const regression: TrainingObjective = {
  inputs: 2,
  outputs: 1,
  drawBatch(rng) {
    const rows = 64;
    return { rows, inputs: Float32Array.from({ length: 2 * rows }, () => rng()) };
  },
  lossAndGradient(batch, outputs, gradient) {
    let loss = 0;
    for (let r = 0; r < batch.rows; r++) {
      const target = 2 * batch.inputs[2 * r] - batch.inputs[2 * r + 1] + 0.5;
      const error = outputs[r] - target;
      loss += (error * error) / batch.rows;
      gradient[r] = (2 * error) / batch.rows;
    }
    return { loss, terms: { 'squared-error': loss } };
  },
};

const schedule: TrainingSchedule = { epochs: 6, stepsPerEpoch: 40, learningRate: 0.02, hidden: [8], seed: 5 };

describe('trainNetwork', () => {
  it('fits a regression: the trained network is within 0.05 of the target on fresh points', async () => {
    const result = await trainNetwork(regression, schedule, { backend: 'cpu' });
    const forward = mlpForward(result.mlp);
    const rng = rngStream(99, 'check');
    for (let k = 0; k < 20; k++) {
      const x = [rng(), rng()];
      expect(Math.abs(forward(x, new Float64Array(1))[0] - (2 * x[0] - x[1] + 0.5))).toBeLessThan(0.05);
    }
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0].loss / 10);
  });

  it('reports every epoch with its mean loss and terms, in order', async () => {
    const reports: number[] = [];
    const result = await trainNetwork(regression, schedule, {
      backend: 'cpu',
      onEpoch: (report) => reports.push(report.epoch),
    });
    expect(reports).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.history.map((r) => r.epochs)).toEqual(new Array(6).fill(6));
    for (const report of result.history) expect(report.terms['squared-error']).toBeCloseTo(report.loss, 12);
    expect(result.backend).toBe('cpu');
  });

  it('is reproducible: the same seed and backend give the same weights, another seed others', async () => {
    const a = await trainNetwork(regression, schedule, { backend: 'cpu' });
    const b = await trainNetwork(regression, schedule, { backend: 'cpu' });
    const c = await trainNetwork(regression, { ...schedule, seed: 6 }, { backend: 'cpu' });
    expect(b.mlp).toEqual(a.mlp);
    expect(b.history.map((r) => r.loss)).toEqual(a.history.map((r) => r.loss));
    expect(c.mlp.layers[0].weights).not.toEqual(a.mlp.layers[0].weights);
  });

  it('trains on the wasm backend too, reaching the same fit', async () => {
    const result = await trainNetwork(regression, schedule, { backend: 'wasm' });
    expect(result.backend).toBe('wasm');
    expect(result.history.at(-1)!.loss).toBeLessThan(1e-3);
  });

  it('stops when its signal is aborted, with the signal’s reason', async () => {
    const controller = new AbortController();
    const reason = Object.assign(new Error('stop now'), { name: 'AbortError' });
    const epochs: number[] = [];
    const training = trainNetwork(regression, schedule, {
      backend: 'cpu',
      signal: controller.signal,
      onEpoch: (report) => {
        epochs.push(report.epoch);
        if (report.epoch === 2) controller.abort(reason);
      },
    });
    await expect(training).rejects.toBe(reason);
    expect(epochs).toEqual([1, 2]);
  });

  it('names a backend that is not registered', async () => {
    await expect(trainNetwork(regression, schedule, { backend: 'webgl' as 'cpu' })).rejects.toThrow(
      /backend 'webgl' is not registered/,
    );
  });
});

describe('checkSchedule', () => {
  it('lists every setting that is out of range', () => {
    expect(() =>
      checkSchedule({ epochs: 0, stepsPerEpoch: 1.5, learningRate: 2, hidden: [], seed: 1 }),
    ).toThrow(
      'invalid training settings: epochs must be a whole number ≥ 1; stepsPerEpoch must be a whole number ≥ 1; learningRate must be in (0, 1); hidden must list one or more layer widths from 1 to 512',
    );
    expect(() => checkSchedule(schedule)).not.toThrow();
  });
});

describe('stepSize', () => {
  it('falls along a cosine from the start to a twentieth of it', () => {
    expect(stepSize(0.02, 0, 100)).toBeCloseTo(0.02, 15);
    expect(stepSize(0.02, 99, 100)).toBeCloseTo(0.001, 15);
    expect(stepSize(0.02, 49.5, 100)).toBeCloseTo((0.02 + 0.001) / 2, 15);
  });
});
