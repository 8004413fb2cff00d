import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bimodal, defaultBimodal } from '../../../src/core/distributions/bimodal.ts';
import { virtualValue } from '../../../src/core/distributions/virtualValue.ts';
import { expectDistributionLaws, integrate } from './distributionLaws.ts';

describe('bimodal(parameters)', () => {
  it('obeys the laws of a distribution on [0, 1], by default and with other modes', () => {
    expectDistributionLaws(bimodal());
    expectDistributionLaws(bimodal({ lower: { mean: 0, sd: 1 }, upper: { mean: 1, sd: 0.02 }, weight: 0.3 }));
  });

  it('has a density that integrates to 1 over [0, 1] for any valid parameters', () => {
    const mode = fc.record({
      mean: fc.double({ min: 0, max: 1, noNaN: true }),
      sd: fc.double({ min: 0.03, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(mode, mode, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (lower, upper, weight) => {
        const d = bimodal({ lower, upper, weight });
        expect(integrate(d.density, 0, 1, 4000)).toBeCloseTo(1, 6);
        expect(d.cdf(0.5)).toBeCloseTo(integrate(d.density, 0, 0.5, 4000), 6);
      }),
      { numRuns: 40 },
    );
  });

  it('is the weighted mixture of its two truncated normals', () => {
    const lower = { mean: 0.3, sd: 0.1 };
    const upper = { mean: 0.7, sd: 0.2 };
    const mix = bimodal({ lower, upper, weight: 0.25 });
    const a = bimodal({ lower, upper: lower, weight: 0.5 });
    const b = bimodal({ lower: upper, upper, weight: 0.5 });
    for (const x of [0.1, 0.35, 0.6, 0.9]) {
      expect(mix.cdf(x)).toBeCloseTo(0.25 * a.cdf(x) + 0.75 * b.cdf(x), 14);
      expect(mix.density(x)).toBeCloseTo(0.25 * a.density(x) + 0.75 * b.density(x), 12);
    }
  });

  it('has a non-monotone virtual value by default: it falls between the modes', () => {
    const d = bimodal();
    expect(virtualValue(d, 0.5)).toBeGreaterThan(virtualValue(d, 0.6) + 0.5);
    expect(virtualValue(d, 0.9)).toBeGreaterThan(virtualValue(d, 0.5));
  });

  it('names itself with all five parameters, so the spec round-trips', () => {
    const { lower, upper, weight } = defaultBimodal;
    expect(bimodal().spec).toBe(`bimodal:${lower.mean}:${lower.sd}:${upper.mean}:${upper.sd}:${weight}`);
    expect(bimodal().label).toBe('0.8·N(0.4, 0.08²) + 0.2·N(0.9, 0.04²) on [0, 1]');
  });

  it('rejects means outside [0, 1], sd outside (0, 1] and weights outside (0, 1)', () => {
    const ok = defaultBimodal;
    expect(() => bimodal({ ...ok, lower: { mean: -0.1, sd: 0.1 } })).toThrow(/first mean/);
    expect(() => bimodal({ ...ok, upper: { mean: 0.5, sd: 0 } })).toThrow(/second sd/);
    expect(() => bimodal({ ...ok, upper: { mean: 0.5, sd: 1.5 } })).toThrow(/second sd/);
    expect(() => bimodal({ ...ok, weight: 1 })).toThrow(/weight/);
  });
});
