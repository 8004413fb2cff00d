import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../../src/core/parameters.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import {
  correlatedRevenue,
  defaultGridSteps,
} from '../../../../src/core/problems/correlated-revenue/problem.ts';

const compile = (source: string) => new Function(`${source}\nreturn allocate;`)() as Heuristic;

function parameterErrorOf(run: () => unknown): ParameterError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParameterError) return error;
    throw error;
  }
  throw new Error('no ParameterError');
}

describe('correlatedRevenue problem', () => {
  it('declares its id, the heuristic allocate(bids) and the parameters model, n and grid', () => {
    expect(correlatedRevenue.id).toBe('correlated-revenue');
    expect(correlatedRevenue.heuristic.name).toBe('allocate');
    expect(correlatedRevenue.heuristic.parameters).toEqual(['bids']);
    expect(correlatedRevenue.heuristic.doc).toMatch(/-1/);
    expect(correlatedRevenue.parameters.map((p) => [p.name, p.default])).toEqual([
      ['model', 'common:0.5'],
      ['n', 2],
      ['grid', defaultGridSteps],
    ]);
  });

  it('configure({}) fills in the defaults; text values are parsed and the model made canonical', () => {
    expect(correlatedRevenue.configure({}).parameters).toEqual({
      model: 'common:0.5',
      n: 2,
      grid: defaultGridSteps,
    });
    const instance = correlatedRevenue.configure({ model: ' Copula:0.20 ', n: '4', grid: '50' });
    expect(instance.parameters).toEqual({ model: 'copula:0.2', n: 4, grid: 50 });
    expect(instance.n).toBe(4);
  });

  it('rejects bad parameters with a ParameterError naming the field', () => {
    expect(parameterErrorOf(() => correlatedRevenue.configure({ model: 'common:2' })).field).toBe('model');
    expect(parameterErrorOf(() => correlatedRevenue.configure({ n: 7 })).field).toBe('n');
    expect(parameterErrorOf(() => correlatedRevenue.configure({ n: '2.5' })).field).toBe('n');
    expect(parameterErrorOf(() => correlatedRevenue.configure({ grid: 5 })).field).toBe('grid');
    expect(parameterErrorOf(() => correlatedRevenue.configure({ rho: 0.5 })).field).toBe('rho');
  });

  it('describes the problem and the skeleton with the chosen model, n and grid step', () => {
    const instance = correlatedRevenue.configure({ model: 'common:0.3', n: 3, grid: 100 });
    expect(instance.describe()).toMatch(/n = 3/);
    expect(instance.describe()).toMatch(/0\.7·u_i \+ 0\.3·c/);
    expect(instance.describe()).toMatch(/0\.01/);
    expect(instance.skeleton()).toMatch(/allocate\(/);
    expect(instance.skeleton()).toMatch(/const h = 0\.01/);
  });

  it('draws reproducible profiles from the model', () => {
    const instance = correlatedRevenue.configure({ model: 'copula:0.5', n: 3 });
    const a = instance.sample(rngStream(4, 'evaluation'), 100);
    expect(a.n).toBe(3);
    expect(a.count).toBe(100);
    expect(instance.sample(rngStream(4, 'evaluation'), 100)).toEqual(a);
    expect(a.values.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('its starter compiles, is left unchanged by the fix, and beats second price without reserve at ρ = 0', () => {
    const instance = correlatedRevenue.configure({ model: 'copula:0', n: 2 });
    const samples = instance.sample(rngStream(1, 'evaluation'), 10_000);
    const evaluation = instance.evaluate(instance.fix(compile(instance.starter())), samples);
    expect(evaluation.metrics.find((m) => m.id === 'fix-changed')?.value).toBe(0);
    const secondPrice = instance.baselines(samples).find((b) => b.id === 'second-price');
    expect(evaluation.score).toBeGreaterThan((secondPrice?.score ?? 1) + 0.05);
  });

  it('runs the whole pipeline reproducibly: same seed, same evaluation, baselines and certificate', () => {
    const run = () => {
      const instance = correlatedRevenue.configure({ model: 'common:0.6', n: 3, grid: 50 });
      const samples = instance.sample(rngStream(7, 'evaluation'), 2000);
      const mechanism = instance.fix(
        compile('function allocate(bids) { return bids[0] > 0.3 && bids[0] < 0.8 ? 0 : bids.length - 1; }'),
      );
      const { milliseconds: _ms, ...evaluation } = instance.evaluate(mechanism, samples);
      return {
        evaluation,
        baselines: instance.baselines(samples),
        certificate: instance.verify(mechanism, rngStream(7, 'verification'), { profiles: 30 }),
        plots: instance.plots(mechanism),
      };
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.certificate.passed).toBe(true);
    expect(first.baselines.map((b) => b.id)).toEqual([
      'second-price',
      'second-price-best-reserve',
      'myerson-marginals',
      'greedy-conditional-bound',
    ]);
    expect(first.plots.map((p) => p.id)).toEqual([
      'allocation-raw',
      'allocation-fixed',
      'threshold-bidder-1',
    ]);
  });

  it('verify() flags the unfixed skeleton of a non-monotone rule and passes its fixed version', () => {
    const instance = correlatedRevenue.configure({ model: 'copula:0.5', n: 2, grid: 100 });
    const rule = compile('function allocate(bids) { return bids[0] >= 0.2 && bids[0] <= 0.45 ? 0 : -1; }');
    const raw = instance.verify(instance.unfixed(rule), rngStream(3, 'verification'), { profiles: 100 });
    expect(raw.passed).toBe(false);
    expect(raw.properties.find((p) => p.property === 'strategy-proof')?.witness).toBeDefined();
    expect(instance.verify(instance.fix(rule), rngStream(3, 'verification'), { profiles: 100 }).passed).toBe(
      true,
    );
  });
});
