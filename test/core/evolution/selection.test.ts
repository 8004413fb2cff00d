import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rngStream } from '../../../src/core/rng.ts';
import { defaultDatabaseConfig } from '../../../src/core/evolution/config.ts';
import {
  agreementOf,
  chooseByTwoObjectives,
  clusterTemperature,
  normaliseScores,
  paretoRanks,
  rankWeights,
  sampleIndex,
  softmax,
} from '../../../src/core/evolution/selection.ts';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('softmax', () => {
  it('softmax(logits, T) is a distribution that ranks like the logits', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 20 }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        (logits, t) => {
          const w = softmax(logits, t);
          expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          for (let i = 0; i < logits.length; i++) {
            expect(w[i]).toBeGreaterThanOrEqual(0);
            for (let j = 0; j < logits.length; j++)
              if (logits[i] > logits[j]) expect(w[i]).toBeGreaterThanOrEqual(w[j]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('softmax([0, 1], T) gives the larger logit 1 / (1 + e^(−1/T))', () => {
    for (const t of [0.1, 0.5, 1, 3])
      expect(softmax([0, 1], t)[1]).toBeCloseTo(1 / (1 + Math.exp(-1 / t)), 12);
  });

  it('softmax does not overflow on huge logits or tiny temperatures', () => {
    expect(Array.from(softmax([1e308, 1e308 / 2], 1e-300))).toEqual([1, 0]);
    expect(Array.from(softmax([0.5, 0.2, 0.5], 1e-9))).toEqual([0.5, 0, 0.5]);
  });

  it('softmax at temperature 0 shares the weight among the largest logits', () => {
    expect(Array.from(softmax([0.2, 0.7, 0.7, 0.1], 0))).toEqual([0, 0.5, 0.5, 0]);
    expect(softmax([], 0).length).toBe(0);
  });
});

describe('normaliseScores and rankWeights', () => {
  it('normaliseScores maps the lowest score to 0 and the highest to 1, keeping order', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 20 }), (scores) => {
        const out = normaliseScores(scores);
        const low = Math.min(...scores);
        const high = Math.max(...scores);
        for (let i = 0; i < scores.length; i++) {
          expect(out[i]).toBeGreaterThanOrEqual(0);
          expect(out[i]).toBeLessThanOrEqual(1);
          if (high > low && scores[i] === low) expect(out[i]).toBe(0);
          if (high > low && scores[i] === high) expect(out[i]).toBe(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('normaliseScores gives all zeros when every score is the same', () => {
    expect(Array.from(normaliseScores([0.3, 0.3, 0.3]))).toEqual([0, 0, 0]);
  });

  it('rankWeights gives 1 / (r + N) with equal scores sharing the better rank', () => {
    expect(Array.from(rankWeights([0.1, 0.9, 0.5, 0.9]))).toEqual([1 / 7, 1 / 4, 1 / 6, 1 / 4]);
  });
});

describe('clusterTemperature', () => {
  const config = {
    ...defaultDatabaseConfig,
    initialTemperature: 1,
    finalTemperature: 0.2,
    temperaturePeriod: 10,
  };

  it('falls linearly from the initial to the final temperature over one period, then starts again', () => {
    expect(clusterTemperature(config, 0)).toBe(1);
    expect(clusterTemperature(config, 5)).toBeCloseTo(0.6, 12);
    expect(clusterTemperature(config, 9)).toBeCloseTo(0.28, 12);
    expect(clusterTemperature(config, 10)).toBe(1);
    expect(clusterTemperature(config, 25)).toBeCloseTo(0.6, 12);
  });
});

describe('sampleIndex', () => {
  it('never draws an index of weight 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer(),
        (weights, seed) => {
          fc.pre(weights.some((w) => w > 0));
          const rng = rngStream(seed, 'sample-index');
          for (let r = 0; r < 20; r++) expect(weights[sampleIndex(weights, rng)]).toBeGreaterThan(0);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('draws each index with probability proportional to its weight (within 4 standard errors)', () => {
    const weights = [1, 3, 0, 6];
    const rng = rngStream(7, 'sample-index');
    const draws = 20_000;
    const counts = [0, 0, 0, 0];
    for (let r = 0; r < draws; r++) counts[sampleIndex(weights, rng)]++;
    for (let i = 0; i < weights.length; i++) {
      const p = weights[i] / 10;
      expect(Math.abs(counts[i] / draws - p)).toBeLessThanOrEqual(
        4 * Math.sqrt((p * (1 - p)) / draws) + 1e-12,
      );
    }
  });

  it('rejects weights with no positive total', () => {
    const rng = rngStream(1, 'x');
    expect(() => sampleIndex([0, 0], rng)).toThrow(RangeError);
    expect(() => sampleIndex([], rng)).toThrow(RangeError);
    expect(() => sampleIndex([NaN, 1], rng)).toThrow(RangeError);
  });
});

describe('second objective: agreement with the network', () => {
  it('agreementOf prefers the rebate difference (negated), else the share of equal winners', () => {
    expect(
      agreementOf([
        { id: 'raw-score', value: 0.9 },
        { id: 'nn-equal-winners', value: 1 },
        { id: 'nn-rebate-difference', value: 0.02 },
      ]),
    ).toBe(-0.02);
    expect(agreementOf([{ id: 'nn-equal-winners', value: 0.75 }])).toBe(0.75);
    expect(agreementOf([{ id: 'raw-score', value: 0.9 }])).toBeNull();
  });

  it('paretoRanks sorts into non-dominated fronts; a missing second objective is the worst', () => {
    const points = [
      { score: 0.9, second: 0.1 }, // front 0: best score
      { score: 0.5, second: 0.9 }, // front 0: best agreement
      { score: 0.8, second: 0.05 }, // front 1: dominated by the first
      { score: 0.4, second: 0.5 }, // front 1: dominated by the second
      { score: 0.7, second: null }, // front 2: dominated by the first and the third
      { score: 0.3, second: 0.04 }, // front 2: dominated by the fourth
    ];
    expect(Array.from(paretoRanks(points))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('paretoRanks: equal points share a front', () => {
    expect(
      Array.from(
        paretoRanks([
          { score: 1, second: 1 },
          { score: 1, second: 1 },
        ]),
      ),
    ).toEqual([0, 0]);
  });

  it('chooseByTwoObjectives keeps the k of lowest rank (ties: higher score), in ascending order of score', () => {
    const points = [
      { score: 0.8, second: 0.05 },
      { score: 0.9, second: 0.1 },
      { score: 0.5, second: 0.9 },
      { score: 0.4, second: 0.5 },
    ];
    expect(chooseByTwoObjectives(points, 2)).toEqual([2, 1]);
    expect(chooseByTwoObjectives(points, 3)).toEqual([2, 0, 1]);
    expect(chooseByTwoObjectives(points, 9)).toEqual([3, 2, 0, 1]);
  });

  it('chooseByTwoObjectives with no second objective anywhere is choice by score', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (scores) => {
          const points = scores.map((score) => ({ score, second: null }));
          const chosen = chooseByTwoObjectives(points, 2).map((i) => scores[i]);
          const best = [...scores]
            .sort((a, b) => b - a)
            .slice(0, 2)
            .sort((a, b) => a - b);
          expect(chosen).toEqual(best);
        },
      ),
    );
  });
});
