import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { singleItemRevenue } from '../../../../src/core/problems/single-item-revenue/problem.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import type { Mechanism } from '../../../../src/core/types.ts';
import { arbitraryPriority } from './arbitraryPriority.ts';
import { parameterErrorOf } from '../../parameterError.ts';

const asHeuristic = (f: (bid: number, bidder: number, n: number) => unknown): Heuristic => f as Heuristic;

describe('singleItemRevenue', () => {
  it('declares its id, the heuristic priority(bid, bidder, n) and parameters n, dist, grid', () => {
    expect(singleItemRevenue.id).toBe('single-item-revenue');
    expect(singleItemRevenue.heuristic.name).toBe('priority');
    expect(singleItemRevenue.heuristic.parameters).toEqual(['bid', 'bidder', 'n']);
    expect(singleItemRevenue.parameters.map((p) => [p.name, p.default])).toEqual([
      ['n', 2],
      ['dist', 'uniform:0:1'],
      ['grid', 500],
    ]);
  });

  it('configures defaults: 2 bidders, U[0, 1], a grid of 500 steps', () => {
    const instance = singleItemRevenue.configure({});
    expect(instance.n).toBe(2);
    expect(instance.parameters).toEqual({ n: 2, dist: 'uniform:0:1', grid: 500 });
    expect(instance.starter()).toBe('function priority(bid, bidder, n) {\n  return bid;\n}\n');
    expect(instance.describe()).toContain('n = 2 bidders');
    expect(instance.describe()).toContain('U[0, 1]');
  });

  it('shows the model the skeleton around its function', () => {
    const skeleton = singleItemRevenue.configure({ n: 3, dist: 'exponential:1', grid: 100 }).skeleton();
    expect(skeleton).toContain('const n = 3;');
    expect(skeleton).toContain('Exp(rate 1), capped at 4.605');
    expect(skeleton).toContain('fixedPriority(bid, i) = max of priority(b, i, n) over grid bids b ≤ bid');
    expect(skeleton).toContain('ties go to the lowest index');
    expect(skeleton).toContain('The winner pays its threshold');
  });

  it('rejects bad parameters with ParameterErrors naming the field', () => {
    expect(parameterErrorOf(() => singleItemRevenue.configure({ n: 0 })).field).toBe('n');
    expect(parameterErrorOf(() => singleItemRevenue.configure({ n: 11 })).field).toBe('n');
    expect(parameterErrorOf(() => singleItemRevenue.configure({ n: '2.5' })).field).toBe('n');
    expect(parameterErrorOf(() => singleItemRevenue.configure({ grid: 5 })).field).toBe('grid');
    expect(parameterErrorOf(() => singleItemRevenue.configure({ dist: 'pareto:2' })).field).toBe('dist');
    const list = parameterErrorOf(() => singleItemRevenue.configure({ n: 3, dist: 'uniform:0:1,bimodal' }));
    expect(list.field).toBe('dist');
    expect(list.message).toMatch(/exactly one spec per bidder \(3\)/);
    expect(parameterErrorOf(() => singleItemRevenue.configure({ reserve: 1 })).field).toBe('reserve');
  });

  it('tops the grid at the highest cap among the bidders', () => {
    const instance = singleItemRevenue.configure({ n: 2, dist: 'uniform:0:1,exponential:1', grid: 100 });
    const mechanism = instance.fix(asHeuristic((bid) => bid));
    const grid = (mechanism as unknown as { grid: { top: number } }).grid;
    expect(grid.top).toBeCloseTo(Math.log(100), 12);
    expect(instance.parameters.dist).toBe('uniform:0:1,exponential:1:0.99');
  });

  it('draws reproducible samples from each bidder’s distribution', () => {
    const instance = singleItemRevenue.configure({ n: 2, dist: 'uniform:0:1,uniform:2:3' });
    const a = instance.sample(rngStream(5, 'samples'), 1000);
    expect(a).toEqual(instance.sample(rngStream(5, 'samples'), 1000));
    for (let s = 0; s < a.count; s++) {
      expect(a.values[2 * s]).toBeLessThan(1);
      expect(a.values[2 * s + 1]).toBeGreaterThanOrEqual(2);
    }
  });

  it('evaluates only its own auctions', () => {
    const instance = singleItemRevenue.configure({});
    const foreign: Mechanism = { n: 2, outcome: () => ({ allocation: [0, 0], payments: [0, 0] }) };
    const samples = instance.sample(rngStream(1, 's'), 10);
    expect(() => instance.evaluate(foreign, samples)).toThrow(TypeError);
    const other = singleItemRevenue.configure({ grid: 100 }).fix(asHeuristic((bid) => bid));
    expect(() => instance.evaluate(other, samples)).toThrow(TypeError);
  });

  it('verify: the fixed mechanism of any heuristic passes the verifier', () => {
    fc.assert(
      fc.property(
        arbitraryPriority(),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('uniform:0:1', 'exponential:2', 'bimodal'),
        fc.integer(),
        ({ priority }, n, dist, seed) => {
          const instance = singleItemRevenue.configure({ n, dist, grid: 40 });
          const certificate = instance.verify(
            instance.fix(asHeuristic(priority)),
            rngStream(seed, 'verify'),
            {
              profiles: 15,
              deviations: 24,
              adversarialRounds: 2,
            },
          );
          expect(certificate.properties.map((p) => p.property)).toEqual([
            'strategy-proof',
            'individually-rational',
            'feasible',
          ]);
          expect(certificate.passed).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('verify: the unfixed skeleton of a priority that falls with the bid is caught violating strategy-proofness', () => {
    const instance = singleItemRevenue.configure({ n: 2 });
    const falling = asHeuristic((bid) => (bid < 0.5 ? 1 - bid : bid - 0.5));
    const certificate = instance.verify(instance.unfixed(falling), rngStream(1, 'verify'), { profiles: 50 });
    expect(certificate.passed).toBe(false);
    const sp = certificate.properties.find((p) => p.property === 'strategy-proof');
    expect(sp?.maxViolation).toBeGreaterThan(0.1);
    expect(sp?.witness).toBeDefined();
    expect(instance.verify(instance.fix(falling), rngStream(1, 'verify'), { profiles: 50 }).passed).toBe(
      true,
    );
  });

  it('runs end to end: fix, evaluate, baselines and plots of the starter on the same samples', () => {
    const instance = singleItemRevenue.configure({ n: 2, dist: 'bimodal', grid: 200 });
    const samples = instance.sample(rngStream(2, 'e2e'), 20_000);
    const mechanism = instance.fix(asHeuristic((bid) => bid));
    const evaluation = instance.evaluate(mechanism, samples);
    const baselines = instance.baselines(samples);
    expect(baselines.map((b) => b.id)).toEqual(['second-price', 'second-price-reserve', 'myerson']);
    // The starter is second price: the same allocation and prices on the same samples.
    expect(evaluation.score).toBe(baselines[0].score);
    expect(instance.plots(mechanism).map((p) => p.id)).toEqual(['priority-0', 'allocation-0', 'payment-0']);
  });
});
