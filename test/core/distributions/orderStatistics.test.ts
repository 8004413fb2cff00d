import { describe, expect, it } from 'vitest';
import { binomialRow, expectedOrderStatistics } from '../../../src/core/distributions/orderStatistics.ts';
import { parseDistribution } from '../../../src/core/distributions/parse.ts';
import { rngStream } from '../../../src/core/rng.ts';

describe('expectedOrderStatistics', () => {
  it('expectedOrderStatistics(U[0,1], n) gives E[b_[k]] = (n+1−k)/(n+1)', () => {
    for (const n of [2, 5, 12]) {
      const expected = expectedOrderStatistics(parseDistribution('uniform:0:1'), n);
      for (let k = 1; k <= n; k++) expect(expected[k - 1]).toBeCloseTo((n + 1 - k) / (n + 1), 12);
    }
  });

  it('expectedOrderStatistics(U[2,5], 3) shifts and scales: 2 + 3·(4−k)/4', () => {
    const expected = expectedOrderStatistics(parseDistribution('uniform:2:5'), 3);
    expect(Array.from(expected)).toEqual([2 + 9 / 4, 2 + 6 / 4, 2 + 3 / 4].map((v) => expect.closeTo(v, 12)));
  });

  it('expectedOrderStatistics matches Monte Carlo means for the capped exponential and the bimodal law', () => {
    for (const spec of ['exponential:1', 'bimodal']) {
      const dist = parseDistribution(spec);
      const n = 4;
      const expected = expectedOrderStatistics(dist, n);
      const rng = rngStream(7, spec);
      const count = 40_000;
      const sums = new Float64Array(n);
      const squares = new Float64Array(n);
      for (let s = 0; s < count; s++) {
        const draw = Array.from({ length: n }, () => dist.sample(rng)).sort((a, b) => b - a);
        draw.forEach((v, k) => {
          sums[k] += v;
          squares[k] += v * v;
        });
      }
      for (let k = 0; k < n; k++) {
        const mean = sums[k] / count;
        const se = Math.sqrt((squares[k] / count - mean * mean) / count);
        expect(Math.abs(expected[k] - mean)).toBeLessThan(4 * se);
      }
    }
  });

  it('binomialRow(n) is row n of Pascal’s triangle', () => {
    expect(Array.from(binomialRow(5))).toEqual([1, 5, 10, 10, 5, 1]);
  });
});
