import { describe, expect, it } from 'vitest';
import { bidGrid, type BidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { profileAt, sampleProfiles } from '../../../../src/core/samples.ts';
import { estimateMean } from '../../../../src/core/statistics.ts';
import type { BaselineResult, Mechanism, Profile, SampleSet } from '../../../../src/core/types.ts';
import {
  correlatedBaselines,
  greedyConditionalVirtualValue,
  secondPriceAtReserveIndex,
} from '../../../../src/core/problems/correlated-revenue/baselines.ts';
import { scanResult, thresholdScanFix } from '../../../../src/core/problems/correlated-revenue/fix.ts';
import { parseModel, type ValueModel } from '../../../../src/core/problems/correlated-revenue/models.ts';
import { uniformMyersonRevenue } from '../../../../src/core/problems/correlated-revenue/revenueTheory.ts';
import { monotoneEnvelopeFix } from '../../../../src/core/problems/single-item-revenue/fix.ts';

function draw(model: ValueModel, n: number, count: number, seed = 1): SampleSet {
  return sampleProfiles(rngStream(seed, 'evaluation'), n, count, model.sampler(n));
}

const byId = (list: BaselineResult[], id: string) => {
  const found = list.find((b) => b.id === id);
  if (!found) throw new Error(`no baseline ${id}`);
  return found;
};

/** Returns second price with the reserve at grid index r, as the baselines build it. */
const secondPrice = (n: number, grid: BidGrid, reserveIndex: number) =>
  monotoneEnvelopeFix(secondPriceAtReserveIndex(grid, reserveIndex), { n, grid });

/** Returns what `mechanism` collects at `profile`. */
const revenueAt = (mechanism: Mechanism, profile: Profile) =>
  mechanism.outcome(profile).payments.reduce((a, b) => a + b, 0);

/** The grid bias allowed for a grid auction against its continuous version: prices move by < h, ties by h. */
const gridBias = (grid: BidGrid) => 2 * grid.step;

describe('secondPriceAtReserveIndex(grid, reserveIndex)', () => {
  it('with reserve index 0, through the monotone envelope fix, is second price on the rounded bids', () => {
    const auction = secondPrice(3, bidGrid(1, 10), 0);
    // Bidder 2 must beat bidder 1's 0.5 strictly (ties go to the lower index): one grid step above.
    expect(auction.outcome([0.55, 0.83, 0.31])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.6, 0] });
    expect(auction.outcome([0.31, 0.83, 0.55])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.5, 0] });
    // Tie at 0.8: the lowest index wins and pays 0.8; the other would need to beat it.
    expect(auction.outcome([0.81, 0.8, 0.2])).toEqual({ allocation: [1, 0, 0], payments: [0.8, 0, 0] });
    expect(auction.outcome([0.2, 0.8, 0.81])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.8, 0] });
    expect(auction.outcome([0.79, 0.8, 0.2])).toEqual({ allocation: [0, 1, 0], payments: [0, 0.8, 0] });
    // Bids below the first grid step still sell, at price 0 (the grid's second-highest bid).
    expect(auction.outcome([0.05, 0.02, 0])).toEqual({ allocation: [1, 0, 0], payments: [0, 0, 0] });
  });

  it('with a reserve index r, sells only from grid point r up and charges at least that point', () => {
    const auction = secondPrice(2, bidGrid(1, 10), 3);
    expect(auction.outcome([0.29, 0.1])).toEqual({ allocation: [0, 0], payments: [0, 0] });
    expect(auction.outcome([0.1, 0.55])).toEqual({ allocation: [0, 1], payments: [0, 0.3] });
    expect(auction.outcome([0.42, 0.55])).toEqual({ allocation: [0, 1], payments: [0, 0.5] });
  });
});

describe('correlatedBaselines(model, n, grid, samples)', () => {
  it("at ρ = 0 (i.i.d. uniform) the greedy bound and Myerson from the marginals both give Myerson's (n − 1)/(n + 1) + 2^−n/(n + 1)", () => {
    const grid = bidGrid(1, 200);
    for (const n of [2, 3]) {
      const model = parseModel('copula:0');
      const baselines = correlatedBaselines(model, n, grid, draw(model, n, 20_000));
      const optimum = uniformMyersonRevenue(n);
      const bound = byId(baselines, 'greedy-conditional-bound');
      const myerson = byId(baselines, 'myerson-marginals');
      expect(bound.theory).toBeCloseTo(optimum, 15);
      expect(Math.abs(bound.score - optimum)).toBeLessThan(3 * bound.standardError);
      expect(Math.abs(myerson.score - optimum)).toBeLessThan(3 * myerson.standardError + gridBias(grid));
      expect(Math.abs(byId(baselines, 'second-price-best-reserve').score - optimum)).toBeLessThan(
        3 * myerson.standardError + gridBias(grid),
      );
      const secondPrice = byId(baselines, 'second-price');
      expect(Math.abs(secondPrice.score - (n - 1) / (n + 1))).toBeLessThan(
        3 * secondPrice.standardError + gridBias(grid),
      );
    }
  });

  it('each baseline with a theory value matches it within 3 standard errors plus the grid bias (common model)', () => {
    const grid = bidGrid(1, 200);
    const model = parseModel('common:0.5');
    const baselines = correlatedBaselines(model, 3, grid, draw(model, 3, 20_000, 2));
    let compared = 0;
    for (const b of baselines) {
      if (b.theory === undefined) continue;
      compared++;
      expect(Math.abs(b.score - b.theory), b.id).toBeLessThan(3 * b.standardError + gridBias(grid));
    }
    expect(compared).toBe(3);
  });

  it('second price on the grid is within one grid step of continuous second price on every profile', () => {
    const grid = bidGrid(1, 50);
    const model = parseModel('copula:0.5');
    const samples = draw(model, 4, 2000, 3);
    const auction = secondPrice(4, grid, 0);
    for (let s = 0; s < samples.count; s++) {
      const values = Array.from(profileAt(samples, s)).sort((a, b) => b - a);
      expect(Math.abs(revenueAt(auction, profileAt(samples, s)) - values[1])).toBeLessThan(grid.step + 1e-12);
    }
  });

  it('with ρ > 0 the greedy bound is at least the revenue of every mechanism (paired, within 3 standard errors)', () => {
    const grid = bidGrid(1, 100);
    const rules: ((bids: number[]) => number)[] = [
      // Highest bid with a reserve set by the others (monotone), and two non-monotone rules.
      (bids) => {
        let w = -1;
        for (let i = 0; i < bids.length; i++) {
          let others = 0;
          for (let j = 0; j < bids.length; j++) if (j !== i) others = Math.max(others, bids[j]);
          if (bids[i] >= 0.8 * others && (w < 0 || bids[i] > bids[w])) w = i;
        }
        return w;
      },
      (bids) => bids.indexOf(Math.min(...bids)),
      (bids) => (Math.sin(17 * bids[0]) > 0 ? 0 : bids.length - 1),
    ];
    for (const spec of ['common:0.5', 'copula:0.7']) {
      for (const n of [2, 4]) {
        const model = parseModel(spec);
        const samples = draw(model, n, 4000, 4);
        const bound = new Float64Array(samples.count);
        for (let s = 0; s < samples.count; s++)
          bound[s] = greedyConditionalVirtualValue(model, profileAt(samples, s));
        const revenues: Float64Array[] = rules.map((rule) => {
          const mechanism = thresholdScanFix(rule as unknown as Heuristic, { n, grid });
          const result = scanResult();
          return Float64Array.from({ length: samples.count }, (_, s) => {
            mechanism.scan(profileAt(samples, s), result);
            return result.winner >= 0 ? result.price : 0;
          });
        });
        for (const reserve of [0, 30, 50]) {
          const auction = secondPrice(n, grid, reserve);
          revenues.push(
            Float64Array.from({ length: samples.count }, (_, s) => revenueAt(auction, profileAt(samples, s))),
          );
        }
        for (const revenue of revenues) {
          const gap = estimateMean(bound.map((b, s) => b - revenue[s]));
          expect(gap.mean, `${spec} n=${n}`).toBeGreaterThan(-3 * gap.standardError);
        }
      }
    }
  });

  it('with ρ > 0 the greedy bound lies strictly above Myerson from the marginals (correlation is worth something)', () => {
    const model = parseModel('copula:0.8');
    const baselines = correlatedBaselines(model, 2, bidGrid(1, 200), draw(model, 2, 20_000, 5));
    const bound = byId(baselines, 'greedy-conditional-bound');
    const myerson = byId(baselines, 'myerson-marginals');
    expect(bound.score - myerson.score).toBeGreaterThan(3 * (bound.standardError + myerson.standardError));
  });

  it('labels the greedy figure as a bound, not a mechanism', () => {
    const model = parseModel('common:0.2');
    const bound = byId(
      correlatedBaselines(model, 2, bidGrid(1, 50), draw(model, 2, 500)),
      'greedy-conditional-bound',
    );
    expect(bound.name).toMatch(/bound/i);
    expect(bound.name).toMatch(/not a mechanism/i);
  });

  it('scores on the samples it is given: the same samples give the same figures', () => {
    const model = parseModel('copula:0.3');
    const grid = bidGrid(1, 50);
    const a = correlatedBaselines(model, 3, grid, draw(model, 3, 1000, 7));
    expect(correlatedBaselines(model, 3, grid, draw(model, 3, 1000, 7))).toEqual(a);
    expect(correlatedBaselines(model, 3, grid, draw(model, 3, 1000, 8))).not.toEqual(a);
  });
});
