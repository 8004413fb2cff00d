import { describe, expect, it } from 'vitest';
import {
  NetworkMismatchError,
  checkNetworkFits,
  evaluateNetwork,
  networkBaseline,
  networkHeuristic,
} from '../../../src/core/nn/networkMechanism.ts';
import { agreementMeter } from '../../../src/core/nn/agreement.ts';
import { networkPromptSettings } from '../../../src/core/nn/promptSettings.ts';
import { vcgRedistribution } from '../../../src/core/problems/vcg-redistribution/problem.ts';
import { correlatedRevenue } from '../../../src/core/problems/correlated-revenue/problem.ts';
import { rngStream } from '../../../src/core/rng.ts';
import type { Heuristic } from '../../../src/core/problem.ts';
import { baileyCavalloMlp, networkFile, reserveMlp } from './fixtures.ts';

const rebateInstance = vcgRedistribution.configure({ n: 4, m: 1, grid: 20 });
const rebateNetwork = networkFile('vcg-redistribution', { n: 4, m: 1, grid: 20 }, baileyCavalloMlp);
const rebateSamples = rebateInstance.sample(rngStream(1, 'evaluation'), 300);

const allocationInstance = correlatedRevenue.configure({ model: 'copula:0.5', n: 2, grid: 40 });
const allocationNetwork = networkFile(
  'correlated-revenue',
  { model: 'copula:0.5', n: 2, grid: 40 },
  reserveMlp,
);
const allocationSamples = allocationInstance.sample(rngStream(1, 'evaluation'), 400);

describe('checkNetworkFits', () => {
  it('accepts the setting the network was trained for, on any bid grid', () => {
    expect(() => checkNetworkFits(rebateNetwork, rebateInstance)).not.toThrow();
    expect(() =>
      checkNetworkFits(rebateNetwork, vcgRedistribution.configure({ n: 4, m: 1, grid: 50 })),
    ).not.toThrow();
  });

  it('says how the setting differs otherwise', () => {
    expect(() => checkNetworkFits(rebateNetwork, vcgRedistribution.configure({ n: 5, m: 1 }))).toThrow(
      new NetworkMismatchError(
        'the network was trained for vcg-redistribution n=4 m=1 dist=uniform:0:1, but this is vcg-redistribution n=5 m=1 dist=uniform:0:1: train a network for this setting',
      ),
    );
    expect(() => checkNetworkFits(rebateNetwork, allocationInstance)).toThrow(
      /trained for vcg-redistribution/,
    );
    const misshapen = { ...rebateNetwork, mlp: reserveMlp };
    expect(() => checkNetworkFits(misshapen, rebateInstance)).toThrow(
      'the network maps 2 inputs to 3 outputs; this problem needs 3 to 1',
    );
  });
});

describe('the network as a mechanism (the NN baseline)', () => {
  it('goes through the same fix and evaluation as code: Bailey–Cavallo as a network scores as Bailey–Cavallo on the grid', () => {
    const baseline = networkBaseline(rebateNetwork, rebateInstance, rebateSamples);
    const onGrid = rebateInstance.baselines(rebateSamples).find((b) => b.id === 'bailey-cavallo-grid')!;
    expect(baseline.id).toBe('neural-network');
    expect(baseline.name).toBe('Neural network (1 hidden, fixed)');
    expect(baseline.score).toBeCloseTo(onGrid.score, 12);
  });

  it('is evaluated and verified like a candidate', () => {
    const evaluation = evaluateNetwork(allocationNetwork, allocationInstance, allocationSamples, 1, {
      profiles: 4,
    });
    const code = allocationInstance.evaluate(
      allocationInstance.fix(((bids: number[]) =>
        Math.max(...bids) < 0.3 ? -1 : bids[0] >= bids[1] ? 0 : 1) as unknown as Heuristic),
      allocationSamples,
    );
    expect(evaluation.score).toBe(code.score);
    expect(evaluation).toMatchObject({
      seed: 1,
      samples: 400,
      verification: { passed: true, maxViolation: 0 },
    });
  });

  it('rejects a network of another setting before it is used', () => {
    expect(() => networkHeuristic(rebateNetwork, allocationInstance)).toThrow(NetworkMismatchError);
  });
});

describe('agreementMeter', () => {
  it('finds a mechanism that is the network in full agreement', () => {
    const meter = agreementMeter(rebateNetwork, rebateInstance, rebateSamples);
    const metrics = meter(rebateInstance.fix(networkHeuristic(rebateNetwork, rebateInstance)));
    expect(metrics.map((m) => [m.id, m.value])).toEqual([
      ['nn-equal-winners', 1],
      ['nn-rebate-difference', 0],
    ]);
  });

  it('measures the mean absolute rebate difference per agent against no rebates', () => {
    const meter = agreementMeter(rebateNetwork, rebateInstance, rebateSamples, 100);
    const [, difference] = meter(rebateInstance.fix((() => 0) as unknown as Heuristic));
    // Bailey–Cavallo on the grid: each agent gets a quarter of the 2nd-highest of its others, rounded down.
    let total = 0;
    for (let s = 0; s < 100; s++) {
      const profile = Array.from(rebateSamples.values.subarray(4 * s, 4 * s + 4));
      for (let i = 0; i < 4; i++) {
        const others = profile.filter((_, j) => j !== i).sort((a, b) => b - a);
        total += Math.floor(others[1] * 20 + 1e-9) / 20 / 4;
      }
    }
    expect(difference.label).toMatch(/first 100/);
    expect(difference.value).toBeCloseTo(total / 400, 12);
  });

  it('counts the profiles with the same winner for an allocation', () => {
    const meter = agreementMeter(allocationNetwork, allocationInstance, allocationSamples);
    const always0 = allocationInstance.fix((() => 0) as unknown as Heuristic);
    let same = 0;
    for (let s = 0; s < 400; s++) {
      const [a, b] = allocationSamples.values.subarray(2 * s, 2 * s + 2);
      const ra = Math.floor(a * 40 + 1e-9) / 40;
      const rb = Math.floor(b * 40 + 1e-9) / 40;
      // The network sells to bidder 0 iff its rounded bid is the highest and at least 0.3; "always 0" always sells to 0.
      if (ra >= 0.3 - 1e-12 && ra >= rb) same++;
    }
    const metrics = meter(always0);
    expect(metrics).toHaveLength(1);
    expect(metrics[0].id).toBe('nn-equal-winners');
    expect(metrics[0].value).toBeCloseTo(same / 400, 12);
  });
});

describe('networkPromptSettings', () => {
  it('gives the example table and the score to show with it', () => {
    const settings = networkPromptSettings(allocationNetwork, allocationInstance, 0.4123);
    expect(settings.networkScore).toBe(0.4123);
    expect(settings.examples).toContain('allocate([x, 0.5]) → 1 for x < 0.5; 0 for x ≥ 0.5');
    expect(networkPromptSettings(allocationNetwork, allocationInstance)).not.toHaveProperty('networkScore');
  });
});
