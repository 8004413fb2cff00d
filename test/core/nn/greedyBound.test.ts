/**
 * The fixed allocation network against the greedy upper bound
 * E[max(0, maxᵢ φᵢ(vᵢ | v₋ᵢ))] on the measured setting (copula:0.5, n = 2,
 * K = 200): its Monte Carlo revenue came out slightly above the bound's
 * Monte Carlo estimate; these checks show the gap is sampling noise.
 */
import './backends.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainProblemNetwork } from '../../../src/core/nn/trainProblemNetwork.ts';
import { networkMechanism } from '../../../src/core/nn/networkMechanism.ts';
import { correlatedRevenue } from '../../../src/core/problems/correlated-revenue/problem.ts';
import { greedyConditionalVirtualValue } from '../../../src/core/problems/correlated-revenue/baselines.ts';
import type { ThresholdScanMechanism } from '../../../src/core/problems/correlated-revenue/fix.ts';
import { parseModel } from '../../../src/core/problems/correlated-revenue/models.ts';
import { rngStream } from '../../../src/core/rng.ts';
import { profileAt } from '../../../src/core/samples.ts';
import { estimateMean } from '../../../src/core/statistics.ts';
import { conditionalFigures } from '../problems/correlated-revenue/conditionalRevenue.ts';

const parameters = { model: 'copula:0.5', n: 2, grid: 200 };
const instance = correlatedRevenue.configure(parameters);
const model = parseModel('copula:0.5');
const samples = instance.sample(rngStream(1, 'evaluation'), 10_000);

describe('the fixed allocation network and the greedy upper bound (copula:0.5, n = 2, K = 200)', () => {
  let mechanism: ThresholdScanMechanism;
  beforeAll(async () => {
    const network = await trainProblemNetwork(
      {
        problem: 'correlated-revenue',
        parameters,
        schedule: { epochs: 12, stepsPerEpoch: 40, learningRate: 0.004, hidden: [16], seed: 1 },
        batchProfiles: 256,
        evaluation: null,
      },
      { backend: 'cpu' },
    );
    mechanism = networkMechanism(network, instance) as ThresholdScanMechanism;
  }, 60_000);

  it('is exactly a threshold mechanism: bidder i wins iff vᵢ ≥ tᵢ(v₋ᵢ) and then pays tᵢ', () => {
    let sales = 0;
    for (let s = 0; s < samples.count; s++) {
      const values = profileAt(samples, s);
      const { allocation, payments } = mechanism.outcome(values);
      for (let i = 0; i < 2; i++) {
        const t = mechanism.threshold(values, i);
        expect(allocation[i]).toBe(values[i] >= t ? 1 : 0);
        expect(payments[i]).toBe(values[i] >= t ? t : 0);
        sales += allocation[i];
      }
    }
    expect(sales).toBeGreaterThan(0.6 * samples.count);
  });

  it('has a virtual surplus Σᵢ φᵢ xᵢ at most the bound on every profile, and a mean close to it', () => {
    const phi = new Float64Array(2);
    const surplus = new Float64Array(samples.count);
    const bound = new Float64Array(samples.count);
    for (let s = 0; s < samples.count; s++) {
      const values = profileAt(samples, s);
      bound[s] = greedyConditionalVirtualValue(model, values);
      model.conditionalVirtualValues(values, phi);
      const { allocation } = mechanism.outcome(values);
      surplus[s] = phi[0] * allocation[0] + phi[1] * allocation[1];
      expect(surplus[s]).toBeLessThanOrEqual(bound[s]);
    }
    const gap = estimateMean(bound.map((b, s) => b - surplus[s])).mean;
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(0.005); // the network nearly follows the greedy rule
  });

  it('earns at most the bound once both are integrated over each own value given the others (paired, 3 standard errors)', () => {
    const { revenue, bound } = conditionalFigures(model, mechanism, samples);
    const gap = estimateMean(bound.map((b, s) => b - revenue[s]));
    expect(gap.mean).toBeGreaterThan(-3 * gap.standardError);
    expect(gap.standardError).toBeLessThan(0.0002);
    // The Monte Carlo mean of the payments differs from the integrated revenue only by noise.
    const payments = Float64Array.from({ length: samples.count }, (_, s) =>
      mechanism.outcome(profileAt(samples, s)).payments.reduce((a, b) => a + b, 0),
    );
    const noise = estimateMean(payments.map((p, s) => p - revenue[s]));
    expect(Math.abs(noise.mean)).toBeLessThan(4 * noise.standardError);
  });
});
