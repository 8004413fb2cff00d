/** Checks an objective's dLoss/dOutput against central finite differences of its loss. */
import { expect } from 'vitest';
import type { Batch, TrainingObjective } from '../../../src/core/nn/objective.ts';

/** Expects every `stride`-th entry of the analytic gradient at `outputs` to match a finite difference. */
export function expectGradientMatches<B extends Batch>(
  objective: TrainingObjective<B>,
  batch: B,
  outputs: Float32Array,
  stride = 1,
): void {
  const gradient = new Float32Array(outputs.length);
  objective.lossAndGradient(batch, outputs, gradient);
  const h = 1e-3;
  const lossAt = (k: number, delta: number) => {
    const moved = Float32Array.from(outputs);
    moved[k] += delta;
    return objective.lossAndGradient(batch, moved, new Float32Array(outputs.length)).loss;
  };
  for (let k = 0; k < outputs.length; k += stride) {
    const numeric = (lossAt(k, h) - lossAt(k, -h)) / (2 * h);
    expect(gradient[k], `dL/dy[${k}]`).toBeCloseTo(numeric, 3);
  }
}
