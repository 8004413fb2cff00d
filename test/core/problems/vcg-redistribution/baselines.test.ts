import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../../../src/core/distributions/parse.ts';
import { bidGrid } from '../../../../src/core/grid.ts';
import {
  baileyCavalloUniformFraction,
  baileyCavalloWorstCase,
} from '../../../../src/core/problems/vcg-redistribution/baileyCavallo.ts';
import { redistributionBaselines } from '../../../../src/core/problems/vcg-redistribution/baselines.ts';
import { expectedOrderStatistics } from '../../../../src/core/distributions/orderStatistics.ts';
import { worstCaseOptimalFraction } from '../../../../src/core/problems/vcg-redistribution/worstCaseOptimal.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { sampleProfiles } from '../../../../src/core/samples.ts';
import type { BaselineResult } from '../../../../src/core/types.ts';

function baselinesFor(n: number, m: number, steps: number, count: number, seed: number) {
  const dist = parseDistribution('uniform:0:1');
  const samples = sampleProfiles(rngStream(seed, 'baselines'), n, count, (rng, out, offset) => {
    for (let i = 0; i < n; i++) out[offset + i] = dist.sample(rng);
  });
  const config = { n, m, grid: bidGrid(1, steps) };
  const results = redistributionBaselines(samples, config, expectedOrderStatistics(dist, n));
  const byId = (id: string) => results.find((r) => r.id === id) as BaselineResult;
  return { results, byId, config };
}

describe('redistributionBaselines', () => {
  const { results, byId, config } = baselinesFor(5, 1, 100, 200_000, 1);

  it('redistributionBaselines lists VCG, Bailey–Cavallo, the worst-case optimal and optimal-in-expectation rules, and Bailey–Cavallo on the grid', () => {
    expect(results.map((r) => r.id)).toEqual([
      'vcg',
      'bailey-cavallo',
      'worst-case-optimal',
      'optimal-in-expectation',
      'bailey-cavallo-grid',
    ]);
    expect(byId('vcg')).toMatchObject({ score: 0, standardError: 0, theory: 0, worstCase: 0 });
  });

  it('Bailey–Cavallo’s Monte Carlo fraction (200,000 profiles) lands within 3 standard errors of (n−m−1)(n+1)/(n(n−m)) = 0.9', () => {
    const bc = byId('bailey-cavallo');
    expect(bc.theory).toBeCloseTo(baileyCavalloUniformFraction(5, 1), 12);
    expect(Math.abs(bc.score - 0.9)).toBeLessThan(3 * bc.standardError);
    expect(bc.standardError).toBeLessThan(0.002);
  });

  it('Bailey–Cavallo on the grid sits below theory by at most the grid bias m·h/E[V]', () => {
    const grid = byId('bailey-cavallo-grid');
    const { n, m } = config;
    const bias = (m * config.grid.step) / ((m * (n - m)) / (n + 1));
    expect(grid.score).toBeLessThanOrEqual(0.9 + 3 * grid.standardError);
    expect(grid.score).toBeGreaterThanOrEqual(0.9 - bias - 3 * grid.standardError);
    expect(grid.score).toBeLessThan(byId('bailey-cavallo').score);
  });

  it('the baselines’ worst cases match the closed forms 1 − (m+1)/n and 1 − C(n−1,m)/Σ_{k≥m} C(n−1,k)', () => {
    expect(byId('bailey-cavallo').worstCase).toBeCloseTo(baileyCavalloWorstCase(5, 1), 12);
    expect(byId('bailey-cavallo-grid').worstCase).toBeCloseTo(baileyCavalloWorstCase(5, 1), 12);
    expect(byId('worst-case-optimal').worstCase).toBeCloseTo(worstCaseOptimalFraction(5, 1), 12);
  });

  it('the optimal-in-expectation rule is at least as good in theory as the two classical rules', () => {
    const best = byId('optimal-in-expectation').theory ?? Number.NaN;
    expect(best).toBeGreaterThanOrEqual((byId('bailey-cavallo').theory ?? Infinity) - 1e-9);
    expect(best).toBeGreaterThanOrEqual((byId('worst-case-optimal').theory ?? Infinity) - 1e-9);
  });

  it('redistributionBaselines agree with the closed forms for other (n, m) too', () => {
    for (const [n, m] of [
      [4, 2],
      [7, 3],
    ] as const) {
      const { byId: at } = baselinesFor(n, m, 50, 20_000, 2);
      const bc = at('bailey-cavallo');
      expect(Math.abs(bc.score - baileyCavalloUniformFraction(n, m))).toBeLessThan(3 * bc.standardError);
      expect(bc.worstCase).toBeCloseTo(baileyCavalloWorstCase(n, m), 12);
      expect(at('worst-case-optimal').worstCase).toBeCloseTo(worstCaseOptimalFraction(n, m), 12);
    }
  });
});
