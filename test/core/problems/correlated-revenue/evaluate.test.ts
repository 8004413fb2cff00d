import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { profileAt, sampleProfiles } from '../../../../src/core/samples.ts';
import { evaluateThresholdScan } from '../../../../src/core/problems/correlated-revenue/evaluate.ts';
import { thresholdScanFix, unfixed } from '../../../../src/core/problems/correlated-revenue/fix.ts';
import { parseModel } from '../../../../src/core/problems/correlated-revenue/models.ts';
import { uniformSecondPriceRevenue } from '../../../../src/core/problems/correlated-revenue/revenueTheory.ts';

const heuristic = (f: (bids: number[]) => unknown) => f as unknown as Heuristic;
const metric = (evaluation: ReturnType<typeof evaluateThresholdScan>, id: string) => {
  const found = evaluation.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
};

describe('evaluateThresholdScan(mechanism, samples)', () => {
  const model = parseModel('copula:0');
  const grid = bidGrid(1, 200);

  it('scores the highest bid with reserve 1/2 at its theory value for i.i.d. uniforms, within 3 SE plus the grid bias', () => {
    const samples = sampleProfiles(rngStream(1, 'evaluation'), 3, 20_000, model.sampler(3));
    const rule = heuristic((bids) => {
      let w = -1;
      for (let i = 0; i < bids.length; i++) if (bids[i] >= 0.5 && (w < 0 || bids[i] > bids[w])) w = i;
      return w;
    });
    const evaluation = evaluateThresholdScan(thresholdScanFix(rule, { n: 3, grid }), samples);
    expect(evaluation.samples).toBe(20_000);
    expect(Math.abs(evaluation.score - uniformSecondPriceRevenue(3, 0.5))).toBeLessThan(
      3 * evaluation.standardError + 2 * grid.step,
    );
    // Monotone rule: the fix changes nothing.
    expect(metric(evaluation, 'raw-score').value).toBe(evaluation.score);
    expect(metric(evaluation, 'fix-changed').value).toBe(0);
    expect(metric(evaluation, 'score-lost').value).toBe(0);
    expect(metric(evaluation, 'sale-rate').value).toBeCloseTo(1 - 0.125, 1);
    expect(evaluation.heuristicCalls).toBeGreaterThan(0);
    expect(evaluation.milliseconds).toBeGreaterThanOrEqual(0);
  });

  it('reports the raw score of the unfixed skeleton, what the fix removed, and the paired loss', () => {
    const samples = sampleProfiles(rngStream(2, 'evaluation'), 2, 5000, model.sampler(2));
    // Non-monotone: the lowest bidder wins.
    const rule = heuristic((bids) => (bids[0] <= bids[1] ? 0 : 1));
    const config = { n: 2, grid };
    const evaluation = evaluateThresholdScan(thresholdScanFix(rule, config), samples);
    const raw = unfixed(rule, config);
    let rawRevenue = 0;
    for (let s = 0; s < samples.count; s++)
      rawRevenue += raw.outcome(profileAt(samples, s)).payments.reduce((a, b) => a + b, 0);
    expect(metric(evaluation, 'raw-score').value).toBeCloseTo(rawRevenue / samples.count, 12);
    // The fix removes the lowest bidder almost always (it loses as soon as it bids above the other).
    expect(metric(evaluation, 'fix-changed').value).toBeGreaterThan(0.95);
    expect(evaluation.score).toBeLessThan(0.01);
    expect(metric(evaluation, 'score-lost').value).toBeCloseTo(
      metric(evaluation, 'raw-score').value - evaluation.score,
      12,
    );
  });

  it('counts only the heuristic calls made during this evaluation, and gives the same result twice', () => {
    const samples = sampleProfiles(rngStream(3, 'evaluation'), 2, 2000, model.sampler(2));
    const mechanism = thresholdScanFix(
      heuristic((bids) => (bids[0] > bids[1] ? 0 : 1)),
      { n: 2, grid },
    );
    const first = evaluateThresholdScan(mechanism, samples);
    const second = evaluateThresholdScan(mechanism, samples);
    expect(second.score).toBe(first.score);
    expect(second.metrics).toEqual(first.metrics);
    expect(first.heuristicCalls).toBeGreaterThan(0);
    expect(second.heuristicCalls).toBe(0); // every rounded profile is already cached (n = 2: dense table)
  });

  it('lets exceptions of the heuristic propagate', () => {
    const samples = sampleProfiles(rngStream(4, 'evaluation'), 2, 10, model.sampler(2));
    const mechanism = thresholdScanFix(
      heuristic(() => {
        throw new RangeError('nope');
      }),
      { n: 2, grid },
    );
    expect(() => evaluateThresholdScan(mechanism, samples)).toThrow('nope');
  });

  it('rejects samples with another number of bidders', () => {
    const samples = sampleProfiles(rngStream(5, 'evaluation'), 3, 10, model.sampler(3));
    expect(() =>
      evaluateThresholdScan(
        thresholdScanFix(
          heuristic(() => 0),
          { n: 2, grid },
        ),
        samples,
      ),
    ).toThrow(RangeError);
  });
});
