import './backends.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { vcgRedistribution } from '../../../src/core/problems/vcg-redistribution/problem.ts';
import { rebateObjective } from '../../../src/core/nn/vcg-redistribution/objective.ts';
import { rebateNetworkHeuristic } from '../../../src/core/nn/vcg-redistribution/heuristic.ts';
import type { NetworkFile } from '../../../src/core/nn/networkFile.ts';
import { networkMechanism } from '../../../src/core/nn/networkMechanism.ts';
import { rngStream } from '../../../src/core/rng.ts';
import type { MlpWeights } from '../../../src/core/nn/mlp.ts';
import { quicklyTrainedNetwork } from './fixtures.ts';
import { expectGradientMatches } from './gradientCheck.ts';

const instance = vcgRedistribution.configure({ n: 4, m: 1, grid: 20 });

describe('rebateObjective', () => {
  const objective = rebateObjective(instance, 6, { deficit: 10, individualRationality: 5 });

  it('draws each sampled profile and one completion of it, n rows each of the sorted others over H', () => {
    const batch = objective.drawBatch(rngStream(1, 'batch'));
    expect(batch.rows).toBe(2 * 6 * 4);
    expect(batch.inputs.length).toBe(batch.rows * 3);
    for (let row = 0; row < batch.rows; row++) {
      const others = Array.from(batch.inputs.subarray(row * 3, row * 3 + 3));
      expect(others).toEqual([...others].sort((a, b) => b - a));
      for (const x of others) expect(x >= 0 && x <= 1).toBe(true);
    }
    // VCG's revenue is m · b_[m+1]: the 2nd highest bid, the highest of the others of the top bidder but one.
    for (let s = 0; s < 12; s++) expect(batch.revenue[s]).toBeCloseTo(batch.inputs[s * 12], 6);
  });

  it('has the gradient of its loss: −fraction + μ_ND · deficit + μ_IR · negative rebates', () => {
    const batch = objective.drawBatch(rngStream(2, 'batch'));
    const rng = rngStream(3, 'outputs');
    const outputs = Float32Array.from({ length: batch.rows }, () => 0.4 * rng() - 0.1);
    expectGradientMatches(objective, batch, outputs);
    const value = objective.lossAndGradient(batch, outputs, new Float32Array(batch.rows));
    const { fraction, deficit, 'ir-violation': ir } = value.terms;
    expect(value.loss).toBeCloseTo(-fraction + 10 * deficit + 5 * ir, 10);
    expect(deficit).toBeGreaterThan(0);
    expect(ir).toBeGreaterThan(0);
  });

  it('scores Bailey–Cavallo’s rebates as its fraction, with no deficit and no IR violation', () => {
    const batch = objective.drawBatch(rngStream(4, 'batch'));
    // Bailey–Cavallo: r = (m/n) · the 2nd highest of the others.
    const outputs = Float32Array.from({ length: batch.rows }, (_, row) => batch.inputs[row * 3 + 1] / 4);
    const value = objective.lossAndGradient(batch, outputs, new Float32Array(batch.rows));
    expect(value.terms.deficit).toBe(0);
    expect(value.terms['ir-violation']).toBe(0);
    expect(value.terms.fraction).toBeGreaterThan(0.5);
    expect(value.terms.fraction).toBeLessThanOrEqual(1 + 1e-6);
  });
});

describe('rebateNetworkHeuristic', () => {
  it('returns H · net(others / H)', () => {
    // net(o) = 0.25 · relu(o1): Bailey–Cavallo at n = 4 on [0, 2].
    const mlp: MlpWeights = {
      layers: [
        { inputs: 3, outputs: 1, weights: [0, 1, 0], biases: [0], activation: 'relu' },
        { inputs: 1, outputs: 1, weights: [0.25], biases: [0], activation: 'linear' },
      ],
    };
    const rebate = rebateNetworkHeuristic(mlp, 2) as unknown as (o: number[], n: number, m: number) => number;
    expect(rebate([1.8, 1.2, 0.4], 4, 1)).toBeCloseTo(0.3, 12);
    expect(rebate([2, 0, 0], 4, 1)).toBe(0);
  });
});

describe('the trained redistribution network (n = 4, m = 1, K = 20)', () => {
  let network: NetworkFile;
  beforeAll(async () => {
    network = await quicklyTrainedNetwork('vcg-redistribution', { n: 4, m: 1, grid: 20 });
  }, 60_000);
  const samples = instance.sample(rngStream(1, 'evaluation'), 2_000);

  it('redistributes far more than VCG without rebates, on the same samples, once fixed', () => {
    const vcg = instance.baselines(samples).find((b) => b.id === 'vcg')!;
    expect(vcg.score).toBe(0);
    expect(network.evaluation!.score).toBeGreaterThan(vcg.score + 0.6);
    expect(network.evaluation!.samples).toBe(2_000);
  });

  it('is scored as any heuristic is: evaluating the fixed network again gives the stored score', () => {
    const again = instance.evaluate(networkMechanism(network, instance) as never, samples);
    expect(again.score).toBe(network.evaluation!.score);
  });

  it('leaves zero violations after the fix: the verifier finds no SP, IR or deficit violation', () => {
    expect(network.evaluation!.verification).toMatchObject({ passed: true, maxViolation: 0 });
    const certificate = instance.verify(networkMechanism(network, instance), rngStream(2, 'verification'));
    expect(certificate.passed).toBe(true);
    expect(certificate.properties.map((p) => p.property).sort()).toEqual([
      'feasible',
      'individually-rational',
      'non-deficit',
      'strategy-proof',
    ]);
    for (const property of certificate.properties) expect(property.maxViolation, property.property).toBe(0);
  });
});
