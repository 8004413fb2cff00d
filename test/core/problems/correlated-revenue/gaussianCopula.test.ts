import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rngStream } from '../../../../src/core/rng.ts';
import {
  copulaConditional,
  copulaConditionalCdf,
  copulaConditionalDensity,
  copulaConditionalVirtualValue,
  gaussianCopulaSampler,
  latent,
} from '../../../../src/core/problems/correlated-revenue/gaussianCopula.ts';
import { standardNormalSurvival } from '../../../../src/core/distributions/standardNormal.ts';

function draws(rho: number, n: number, count: number, seed: number): Float64Array {
  const values = new Float64Array(n * count);
  const draw = gaussianCopulaSampler(rho, n);
  const rng = rngStream(seed, 'copula');
  for (let s = 0; s < count; s++) draw(rng, values, s * n);
  return values;
}

describe('Gaussian copula with equicorrelation ρ and uniform marginals', () => {
  it('at ρ = 0 gives i.i.d. U[0, 1] values: uniform deciles and no correlation', () => {
    const n = 3;
    const count = 20_000;
    const values = draws(0, n, count, 1);
    for (let i = 0; i < n; i++) {
      for (const x of [0.1, 0.3, 0.5, 0.7, 0.9]) {
        let below = 0;
        for (let s = 0; s < count; s++) if (values[s * n + i] <= x) below++;
        expect(Math.abs(below / count - x)).toBeLessThan(4 * Math.sqrt((x * (1 - x)) / count));
      }
    }
    let cross = 0;
    for (let s = 0; s < count; s++) cross += (values[s * n] - 0.5) * (values[s * n + 1] - 0.5);
    const correlation = cross / count / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(4 / Math.sqrt(count));
  });

  it('with ρ > 0 keeps uniform marginals and gives latent normals correlation ρ', () => {
    const rho = 0.6;
    const count = 20_000;
    const values = draws(rho, 2, count, 2);
    let below = 0;
    let cross = 0;
    for (let s = 0; s < count; s++) {
      if (values[2 * s] <= 0.3) below++;
      cross += latent(values[2 * s]) * latent(values[2 * s + 1]);
    }
    expect(Math.abs(below / count - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / count));
    expect(cross / count).toBeCloseTo(rho, 1);
  });

  it('the conditional normal has the Schur-complement mean and variance (checked against a 2×2 inverse for n = 3)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (rho, v2, v3) => {
          const law = copulaConditional(rho, [0.5, v2, v3], 0);
          const z = [latent(v2), latent(v3)];
          // Σ₋ᵢ₋ᵢ = [[1, ρ], [ρ, 1]]; its inverse is [[1, −ρ], [−ρ, 1]]/(1 − ρ²).
          const det = 1 - rho * rho;
          const weight = (rho - rho * rho) / det; // ρ·1ᵀ Σ⁻¹ has equal entries ρ(1 − ρ)/(1 − ρ²)
          expect(law.mean).toBeCloseTo(weight * (z[0] + z[1]), 10);
          expect(law.sd ** 2).toBeCloseTo(1 - 2 * rho * weight, 10);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the conditional law of v_1 given v_2 matches rejection sampling (profiles with v_2 within ±0.004)', () => {
    const rho = 0.7;
    const draw = gaussianCopulaSampler(rho, 2);
    const rng = rngStream(3, 'copula-rejection');
    const out = new Float64Array(2);
    for (const target of [0.15, 0.5, 0.85]) {
      const kept: number[] = [];
      while (kept.length < 3000) {
        draw(rng, out, 0);
        if (Math.abs(out[1] - target) < 0.004) kept.push(out[0]);
      }
      const law = copulaConditional(rho, [0, target], 0);
      for (const x of [0.2, 0.4, 0.6, 0.8]) {
        const p = copulaConditionalCdf(law, x);
        const share = kept.filter((v) => v <= x).length / kept.length;
        expect(Math.abs(share - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / kept.length) + 0.01);
      }
    }
  });

  it('the conditional virtual value equals v − (1 − F)/f from the conditional cdf and density', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.array(fc.double({ min: 0.02, max: 0.98, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (rho, values) => {
          const law = copulaConditional(rho, values, 0);
          // 1 − F from the upper tail directly, so the check itself loses no digits.
          const survival = standardNormalSurvival((latent(values[0]) - law.mean) / law.sd);
          const direct = values[0] - survival / copulaConditionalDensity(law, values[0]);
          const phi = copulaConditionalVirtualValue(rho, values, 0);
          expect(Math.abs(phi - direct)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(direct)));
          expect(copulaConditionalCdf(law, values[0])).toBeCloseTo(1 - survival, 14);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('at ρ = 0 the conditional virtual value is the uniform one, 2v − 1', () => {
    for (const v of [0.01, 0.3, 0.5, 0.77, 0.999])
      expect(copulaConditionalVirtualValue(0, [v, 0.2, 0.9], 0)).toBeCloseTo(2 * v - 1, 10);
  });

  it('the conditional virtual value stays a number at values 0 and 1', () => {
    for (const v of [0, 1e-300, 1 - 1e-16, 1]) {
      const phi = copulaConditionalVirtualValue(0.9, [v, 0.5], 0);
      expect(Number.isNaN(phi)).toBe(false);
    }
    expect(copulaConditionalVirtualValue(0.9, [1, 0.5], 0)).toBeCloseTo(1, 6);
  });
});
