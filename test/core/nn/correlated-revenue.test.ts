import './backends.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { correlatedRevenue } from '../../../src/core/problems/correlated-revenue/problem.ts';
import { allocationObjective } from '../../../src/core/nn/correlated-revenue/objective.ts';
import { allocationNetworkHeuristic } from '../../../src/core/nn/correlated-revenue/heuristic.ts';
import type { NetworkFile } from '../../../src/core/nn/networkFile.ts';
import { networkMechanism } from '../../../src/core/nn/networkMechanism.ts';
import { parseModel } from '../../../src/core/problems/correlated-revenue/models.ts';
import { rngStream } from '../../../src/core/rng.ts';
import type { MlpWeights } from '../../../src/core/nn/mlp.ts';
import { quicklyTrainedNetwork } from './fixtures.ts';
import { expectGradientMatches } from './gradientCheck.ts';

const parameters = { model: 'copula:0.5', n: 2, grid: 40 };
const instance = correlatedRevenue.configure(parameters);

describe('allocationObjective', () => {
  const objective = allocationObjective(instance, 8, { monotonicity: 2, maxRaise: 0.2 });

  it('labels each sampled profile with the greedy rule: the highest conditional virtual value, if positive', () => {
    const batch = objective.drawBatch(rngStream(1, 'batch'));
    expect(batch.rows).toBe(8 * 3);
    const model = parseModel('copula:0.5');
    const phi = new Float64Array(2);
    for (let s = 0; s < 8; s++) {
      const bids = Array.from(batch.inputs.subarray(2 * s, 2 * s + 2));
      model.conditionalVirtualValues(bids, phi);
      // float32 inputs: compare with the label the float64 profile got only where the choice is clear.
      if (Math.abs(phi[0] - phi[1]) < 1e-4 || Math.abs(Math.max(phi[0], phi[1])) < 1e-4) continue;
      const expected = Math.max(phi[0], phi[1]) > 0 ? (phi[0] >= phi[1] ? 0 : 1) : 2;
      expect(batch.targets[s]).toBe(expected);
    }
  });

  it('raises one bid per extra row, by at most maxRaise and never above 1', () => {
    const batch = objective.drawBatch(rngStream(2, 'batch'));
    for (let s = 0; s < 8; s++) {
      for (let i = 0; i < 2; i++) {
        const row = 8 + 2 * s + i;
        const raised = batch.inputs[row * 2 + i];
        const own = batch.inputs[s * 2 + i];
        expect(raised).toBeGreaterThanOrEqual(own);
        expect(raised).toBeLessThanOrEqual(Math.min(1, own + 0.2) + 1e-6);
        expect(batch.inputs[row * 2 + 1 - i]).toBe(batch.inputs[s * 2 + 1 - i]);
      }
    }
  });

  it('has the gradient of its loss: cross-entropy + μ_mono · monotonicity violations', () => {
    const batch = objective.drawBatch(rngStream(3, 'batch'));
    const rng = rngStream(4, 'outputs');
    const outputs = Float32Array.from({ length: batch.rows * 3 }, () => 4 * rng() - 2);
    expectGradientMatches(objective, batch, outputs);
    const value = objective.lossAndGradient(batch, outputs, new Float32Array(outputs.length));
    expect(value.terms.monotonicity).toBeGreaterThan(0);
    expect(value.loss).toBeCloseTo(value.terms['cross-entropy'] + 2 * value.terms.monotonicity, 10);
  });
});

describe('allocationNetworkHeuristic', () => {
  // Scores: bidder i scores its bid, "no sale" scores 0.3.
  const mlp: MlpWeights = {
    layers: [
      { inputs: 2, outputs: 3, weights: [1, 0, 0, 0, 1, 0], biases: [0, 0, 0.3], activation: 'linear' },
    ],
  };
  const allocate = allocationNetworkHeuristic(mlp) as unknown as (bids: number[]) => number;

  it('returns the bidder with the highest score, −1 when "no sale" scores highest, the lowest index on ties', () => {
    expect(allocate([0.7, 0.4])).toBe(0);
    expect(allocate([0.4, 0.7])).toBe(1);
    expect(allocate([0.2, 0.1])).toBe(-1);
    expect(allocate([0.5, 0.5])).toBe(0);
    expect(allocate([0.3, 0.1])).toBe(0);
  });
});

describe('the trained allocation network (copula:0.5, n = 2, K = 40)', () => {
  let network: NetworkFile;
  beforeAll(async () => {
    network = await quicklyTrainedNetwork('correlated-revenue', parameters);
  }, 60_000);
  const samples = instance.sample(rngStream(1, 'evaluation'), 2_000);

  it('earns more than second price without a reserve on the same samples, once fixed', () => {
    const secondPrice = instance.baselines(samples).find((b) => b.id === 'second-price')!;
    expect(network.evaluation!.score).toBeGreaterThan(secondPrice.score + 0.01);
  });

  it('leaves zero violations after the fix: the verifier finds no SP, IR or feasibility violation', () => {
    expect(network.evaluation!.verification).toMatchObject({ passed: true, maxViolation: 0 });
    const certificate = instance.verify(networkMechanism(network, instance), rngStream(2, 'verification'));
    expect(certificate.passed).toBe(true);
    for (const property of certificate.properties) expect(property.maxViolation, property.property).toBe(0);
  });
});
