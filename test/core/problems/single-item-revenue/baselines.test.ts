import { describe, expect, it } from 'vitest';
import { parseDistributionList } from '../../../../src/core/distributions/parse.ts';
import { bidGrid } from '../../../../src/core/grid.ts';
import {
  auctionBaselines,
  myersonOptimal,
  secondPriceWithReserve,
} from '../../../../src/core/problems/single-item-revenue/baselines.ts';
import { evaluateAuction } from '../../../../src/core/problems/single-item-revenue/evaluate.ts';
import { monotoneEnvelopeFix } from '../../../../src/core/problems/single-item-revenue/fix.ts';
import type { AuctionConfig } from '../../../../src/core/problems/single-item-revenue/skeleton.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { sampleProfiles } from '../../../../src/core/samples.ts';
import type { BaselineResult, SampleSet } from '../../../../src/core/types.ts';

const SAMPLES = 300_000;
/** Hundreds of thousands of profiles per test: allow for a loaded machine. */
const SLOW = 60_000;

function setting(spec: string, n: number, steps: number, count = SAMPLES) {
  const dists = parseDistributionList(spec, n);
  const config: AuctionConfig = { n, grid: bidGrid(Math.max(...dists.map((d) => d.high)), steps) };
  const samples: SampleSet = sampleProfiles(
    rngStream(n, `baselines:${spec}`),
    n,
    count,
    (rng, out, offset) => {
      for (let i = 0; i < n; i++) out[offset + i] = dists[i].sample(rng);
    },
  );
  return { dists, config, samples };
}

function byId(results: readonly BaselineResult[], id: string): BaselineResult {
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no baseline ${id}`);
  return found;
}

/** Asserts |score − expected| ≤ 3 standard errors + the grid bias allowance h. */
function expectNear(result: BaselineResult, expected: number, h: number): void {
  expect(Math.abs(result.score - expected)).toBeLessThanOrEqual(3 * result.standardError + h);
}

describe('auctionBaselines(dists, config, samples)', () => {
  it(
    'i.i.d. U[0, 1], n = 2..5: Myerson and the optimal reserve reach (n−1)/(n+1) + 2⁻ⁿ/(n+1), second price (n−1)/(n+1)',
    () => {
      for (let n = 2; n <= 5; n++) {
        const { dists, config, samples } = setting('uniform:0:1', n, 1000);
        const results = auctionBaselines(dists, config, samples);
        const optimum = (n - 1) / (n + 1) + 2 ** -n / (n + 1);
        const secondPrice = (n - 1) / (n + 1);
        const h = config.grid.step;
        expectNear(byId(results, 'myerson'), optimum, h);
        expectNear(byId(results, 'second-price-reserve'), optimum, h);
        expectNear(byId(results, 'second-price'), secondPrice, h);
        expect(byId(results, 'myerson').theory).toBeCloseTo(optimum, 6);
        expect(byId(results, 'second-price').theory).toBeCloseTo(secondPrice, 6);
        expect(byId(results, 'second-price-reserve').name).toBe('Second price, optimal reserve 0.5');
      }
    },
    SLOW,
  );

  it(
    'priority = 2·bid − 1 through the fix earns exactly what Myerson earns on U[0, 1]',
    () => {
      const { dists, config, samples } = setting('uniform:0:1', 3, 500, 50_000);
      const myerson = byId(auctionBaselines(dists, config, samples), 'myerson');
      const candidate = evaluateAuction(
        monotoneEnvelopeFix((bid) => 2 * bid - 1, config),
        samples,
      );
      expect(candidate.score).toBe(myerson.score);
      expect(candidate.metrics.find((m) => m.id === 'raised-share')?.value).toBe(0);
    },
    SLOW,
  );

  it(
    'the bimodal law: Myerson irons and beats every second-price auction, each within noise and grid bias of theory',
    () => {
      for (const n of [2, 3]) {
        const { dists, config, samples } = setting('bimodal', n, 500);
        const results = auctionBaselines(dists, config, samples);
        const h = config.grid.step;
        for (const result of results) expectNear(result, result.theory!, h);
        const gain = byId(results, 'myerson').score - byId(results, 'second-price-reserve').score;
        expect(gain).toBeGreaterThan(0.01);
      }
    },
    SLOW,
  );

  it(
    'Myerson’s ironed priority differs from the raw virtual value’s envelope, which earns less on the bimodal law',
    () => {
      const { dists, config, samples } = setting('bimodal', 2, 500);
      const ironed = evaluateAuction(
        monotoneEnvelopeFix(myersonOptimal(dists, config.grid), config),
        samples,
      );
      const raw = evaluateAuction(
        monotoneEnvelopeFix((bid) => bid - (1 - dists[0].cdf(bid)) / dists[0].density(bid), config),
        samples,
      );
      expect(ironed.score - raw.score).toBeGreaterThan(5 * ironed.standardError);
    },
    SLOW,
  );

  it(
    'different bidders (exponential, U[0, 2], bimodal): every baseline within 3 standard errors + h of theory',
    () => {
      const { dists, config, samples } = setting('exponential:1,uniform:0:2,bimodal', 3, 500);
      const results = auctionBaselines(dists, config, samples);
      for (const result of results) expectNear(result, result.theory!, config.grid.step);
      expect(byId(results, 'myerson').score).toBeGreaterThan(byId(results, 'second-price-reserve').score);
    },
    SLOW,
  );

  it(
    'i.i.d. exponential: the optimal reserve is 1/rate and Myerson earns what it earns',
    () => {
      const { dists, config, samples } = setting('exponential:2', 2, 500, 100_000);
      const results = auctionBaselines(dists, config, samples);
      expect(byId(results, 'second-price-reserve').name).toBe('Second price, optimal reserve 0.5');
      expect(byId(results, 'myerson').theory).toBeCloseTo(byId(results, 'second-price-reserve').theory!, 4);
    },
    SLOW,
  );

  it('secondPriceWithReserve(r) bids the bid from r up and 0 below', () => {
    const priority = secondPriceWithReserve(0.3);
    expect([priority(0.29, 0, 2), priority(0.3, 0, 2), priority(0.8, 1, 2)]).toEqual([0, 0.3, 0.8]);
  });
});
