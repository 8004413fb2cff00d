import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rngStream } from '../../../../src/core/rng.ts';
import {
  commonComponentMarginal,
  commonComponentSampler,
  commonConditional,
  commonConditionalVirtualValue,
  commonPosterior,
} from '../../../../src/core/problems/correlated-revenue/commonComponent.ts';

describe('common-component model v_i = (1 − ρ)u_i + ρc', () => {
  it('samples have mean 1/2, variance ((1 − ρ)² + ρ²)/12 and covariance ρ²/12', () => {
    const rho = 0.6;
    const n = 3;
    const count = 30_000;
    const draw = commonComponentSampler(rho, n);
    const rng = rngStream(1, 'common');
    const out = new Float64Array(n);
    let sum = 0;
    let squares = 0;
    let cross = 0;
    for (let s = 0; s < count; s++) {
      draw(rng, out, 0);
      sum += out[0];
      squares += out[0] * out[0];
      cross += out[0] * out[1];
    }
    const mean = sum / count;
    const variance = squares / count - mean * mean;
    const covariance = cross / count - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(variance).toBeCloseTo(((1 - rho) ** 2 + rho ** 2) / 12, 3);
    expect(covariance).toBeCloseTo(rho ** 2 / 12, 3);
  });

  it('the marginal law matches the empirical distribution of the samples', () => {
    const rho = 0.3;
    const marginal = commonComponentMarginal(rho);
    const draw = commonComponentSampler(rho, 2);
    const rng = rngStream(2, 'common');
    const count = 20_000;
    const values = new Float64Array(2 * count);
    for (let s = 0; s < count; s++) draw(rng, values, 2 * s);
    for (const x of [0.1, 0.25, 0.5, 0.7, 0.9]) {
      let below = 0;
      for (let k = 0; k < values.length; k++) if (values[k] <= x) below++;
      const share = below / values.length;
      const p = marginal.cdf(x);
      // Two correlated draws per profile: allow for a doubled variance.
      expect(Math.abs(share - p)).toBeLessThan(4 * Math.sqrt((2 * p * (1 - p)) / values.length));
    }
  });

  it('commonPosterior(v, i) always contains the true c', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (rho, c, us) => {
          const values = us.map((u) => (1 - rho) * u + rho * c);
          const [low, high] = commonPosterior(rho, values, 0);
          expect(low).toBeLessThanOrEqual(c + 1e-12);
          expect(high).toBeGreaterThanOrEqual(c - 1e-12);
          expect(low).toBeGreaterThanOrEqual(0);
          expect(high).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the conditional law of v_1 given v_2 matches rejection sampling (profiles with v_2 within ±0.004)', () => {
    const rho = 0.5;
    const draw = commonComponentSampler(rho, 2);
    const rng = rngStream(3, 'common-rejection');
    const out = new Float64Array(2);
    for (const target of [0.2, 0.5, 0.8]) {
      const kept: number[] = [];
      while (kept.length < 4000) {
        draw(rng, out, 0);
        if (Math.abs(out[1] - target) < 0.004) kept.push(out[0]);
      }
      const law = commonConditional(rho, [0, target], 0);
      for (const q of [0.1, 0.3, 0.5, 0.7, 0.9]) {
        const x = law.quantile(q);
        const share = kept.filter((v) => v <= x).length / kept.length;
        // 4 standard errors plus the window's effect on the law (a shift of at most 0.004 in v_2 moves F by ~0.01).
        expect(Math.abs(share - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / kept.length) + 0.01);
      }
    }
  });

  it('the conditional cdf, density and virtual value equal a brute-force Monte Carlo integral over c (n = 4)', () => {
    const rho = 0.7;
    const own = 1 - rho;
    const rng = rngStream(4, 'common-brute-force');
    const values = [0.55, 0.42, 0.61, 0.5];
    // Weight each draw of c by the likelihood Π_{j≠0} f(v_j | c) of the others' values.
    const draws = 200_000;
    let weightSum = 0;
    let cdfSum = 0;
    let densitySum = 0;
    const x = values[0];
    for (let s = 0; s < draws; s++) {
      const c = rng();
      let weight = 1;
      for (let j = 1; j < values.length; j++) {
        const u = (values[j] - rho * c) / own;
        weight *= u >= 0 && u <= 1 ? 1 / own : 0;
      }
      if (weight === 0) continue;
      const u = (x - rho * c) / own;
      weightSum += weight;
      cdfSum += weight * Math.min(1, Math.max(0, u));
      densitySum += weight * (u >= 0 && u <= 1 ? 1 / own : 0);
    }
    const law = commonConditional(rho, values, 0);
    const cdf = cdfSum / weightSum;
    const density = densitySum / weightSum;
    expect(law.cdf(x)).toBeCloseTo(cdf, 2);
    expect(law.density(x)).toBeCloseTo(density, 1);
    expect(commonConditionalVirtualValue(rho, values, 0)).toBeCloseTo(x - (1 - cdf) / density, 2);
  });

  it('at ρ = 0 the conditional virtual value is the uniform one, 2v − 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (values) => {
          expect(commonConditionalVirtualValue(0, values, 0)).toBeCloseTo(2 * values[0] - 1, 12);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a bidder whose value tops its conditional support has virtual value = value', () => {
    // v_2 = 0.9 with ρ = 0.5 forces c ≥ 0.8, so v_1 ≤ 0.5 + 0.5 = 1; v_1 = 1 is the top type.
    expect(commonConditionalVirtualValue(0.5, [1, 0.9], 0)).toBe(1);
  });
});
