import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../../src/core/parameters.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { vcgRedistribution } from '../../../../src/core/problems/vcg-redistribution/problem.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { asHeuristic } from './arbitraries.ts';

const small = { n: 4, m: 1, grid: 16 };
const quick = { profiles: 16, deviations: 12, adversarialRounds: 2 };

describe('vcgRedistribution', () => {
  it('vcgRedistribution asks for rebate(others, n, m) and declares n, m, dist and grid with their defaults', () => {
    expect(vcgRedistribution.id).toBe('vcg-redistribution');
    expect(vcgRedistribution.heuristic.name).toBe('rebate');
    expect(vcgRedistribution.heuristic.parameters).toEqual(['others', 'n', 'm']);
    expect(vcgRedistribution.parameters.map((p) => [p.name, p.default])).toEqual([
      ['n', 5],
      ['m', 1],
      ['dist', 'uniform:0:1'],
      ['grid', 100],
    ]);
    expect(vcgRedistribution.configure({}).parameters).toEqual({
      n: 5,
      m: 1,
      dist: 'uniform:0:1',
      grid: 100,
    });
  });

  it('configure rejects m > n − 2 with a ParameterError that names m, the value and the range for this n', () => {
    const attempt = () => vcgRedistribution.configure({ n: '5', m: '4' });
    expect(attempt).toThrow(ParameterError);
    expect(attempt).toThrow(/^m = "4" is not allowed: a whole number from 1 to 3 when n = 5/);
    expect(() => vcgRedistribution.configure({ n: 3, m: 1 })).not.toThrow();
    expect(() => vcgRedistribution.configure({ n: 13 })).toThrow(/n = 13/);
  });

  it('configure rejects a bad distribution on dist, and puts the grid top at the distribution’s high end', () => {
    expect(() => vcgRedistribution.configure({ dist: 'uniform:1' })).toThrow(/^dist = /);
    const instance = vcgRedistribution.configure({ dist: 'uniform:0:2', grid: 8 });
    const samples = instance.sample(rngStream(1, 's'), 100);
    expect(Math.max(...samples.values)).toBeLessThanOrEqual(2);
    expect(instance.skeleton()).toContain('{0, 0.25, …, 2}');
  });

  it('sample draws the same profiles from the same seed', () => {
    const instance = vcgRedistribution.configure(small);
    const draw = () => instance.sample(rngStream(9, 'samples'), 50);
    expect(draw()).toEqual(draw());
    expect(draw().n).toBe(4);
  });

  it('describe, skeleton and starter speak of the configured setting; the starter redistributes nothing', () => {
    const instance = vcgRedistribution.configure({ n: 6, m: 2 });
    expect(instance.describe()).toMatch(/6 agents each want one of 2 identical units.*3rd-highest bid/s);
    expect(instance.skeleton()).toContain('rebate(others, n, m)');
    const starter = new Function(`return (${instance.starter()})`)() as Heuristic;
    const evaluation = instance.evaluate(instance.fix(starter), instance.sample(rngStream(2, 'e'), 100));
    expect(evaluation.score).toBe(0);
  });

  it('verify passes the fixed mechanism of junk and generous heuristics', () => {
    const instance = vcgRedistribution.configure(small);
    for (const rule of [
      (others: number[]) => others[0],
      () => Number.NaN,
      () => '0.3',
      (others: number[]) => (others[1] > 0.5 ? 10 : -others[2]),
    ]) {
      const certificate = instance.verify(instance.fix(asHeuristic(rule)), rngStream(4, 'verify'), quick);
      expect(certificate.properties.map((p) => p.property)).toContain('non-deficit');
      expect(certificate.passed).toBe(true);
    }
  });

  it('verify finds IR and ND intact for a stateful heuristic, which only SP across profiles can expose', () => {
    const instance = vcgRedistribution.configure(small);
    let calls = 0;
    const certificate = instance.verify(
      instance.fix(asHeuristic(() => (calls++ % 3) / 4)),
      rngStream(4, 'verify'),
      quick,
    );
    const failed = certificate.properties.filter((p) => p.maxViolation > certificate.tolerance);
    expect(failed.map((p) => p.property)).toEqual(['strategy-proof']);
  });

  it('verify finds the deficit of the unfixed generous rule others[0]', () => {
    const instance = vcgRedistribution.configure(small);
    const certificate = instance.verify(
      instance.unfixed(asHeuristic((others) => others[0])),
      rngStream(4, 'verify'),
      quick,
    );
    expect(certificate.passed).toBe(false);
    const nd = certificate.properties.find((p) => p.property === 'non-deficit');
    expect(nd?.maxViolation).toBeGreaterThan(0.1);
    expect(nd?.witness?.profile).toHaveLength(4);
  });

  it('baselines and plots come from the instance', () => {
    const instance = vcgRedistribution.configure(small);
    const samples = instance.sample(rngStream(3, 'b'), 500);
    expect(instance.baselines(samples).map((b) => b.id)).toContain('optimal-in-expectation');
    expect(instance.plots(instance.fix(asHeuristic(() => 0.1)))).toHaveLength(2);
  });
});
