import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uniformSum } from '../../../src/core/distributions/uniformSum.ts';
import { rngStream } from '../../../src/core/rng.ts';

const widths = fc.tuple(
  fc.double({ min: 0.01, max: 2, noNaN: true }),
  fc.double({ min: 0, max: 2, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

/**
 * Returns ∫_lo^hi of a piecewise-linear f with kinks at `kinks`: the
 * midpoint rule on each linear piece, which is exact up to rounding.
 */
function integrate(f: (x: number) => number, lo: number, hi: number, kinks: number[]): number {
  const cuts = [lo, ...kinks.filter((k) => k > lo && k < hi), hi];
  let sum = 0;
  for (let p = 0; p + 1 < cuts.length; p++) sum += (cuts[p + 1] - cuts[p]) * f((cuts[p] + cuts[p + 1]) / 2);
  return sum;
}

describe('uniformSum(a, b, offset)', () => {
  it('has a density that integrates to its cdf, and total mass 1', () => {
    fc.assert(
      fc.property(widths, fc.double({ min: 0, max: 1, noNaN: true }), ([a, b, offset], u) => {
        const law = uniformSum(a, b, offset);
        const x = law.low + u * (law.high - law.low);
        const kinks = [offset + Math.min(a, b), offset + Math.max(a, b)];
        expect(integrate(law.density, law.low, x, kinks)).toBeCloseTo(law.cdf(x), 9);
        expect(law.cdf(law.high)).toBeCloseTo(1, 12);
        expect(law.cdf(law.low)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('quantile inverts cdf', () => {
    fc.assert(
      fc.property(widths, fc.double({ min: 0, max: 1, noNaN: true }), ([a, b, offset], q) => {
        const law = uniformSum(a, b, offset);
        expect(law.cdf(law.quantile(q))).toBeCloseTo(q, 10);
      }),
      { numRuns: 200 },
    );
  });

  it('virtualValue equals x − survival/density inside the support and is non-decreasing (the law is regular)', () => {
    fc.assert(
      fc.property(widths, fc.double({ min: 0.001, max: 0.999, noNaN: true }), ([a, b, offset], u) => {
        const law = uniformSum(a, b, offset);
        const x = law.low + u * (law.high - law.low);
        const direct = x - law.survival(x) / law.density(x);
        expect(law.virtualValue(x)).toBeCloseTo(direct, 9);
        expect(law.virtualValue(x + 1e-3 * (law.high - law.low))).toBeGreaterThanOrEqual(
          law.virtualValue(x) - 1e-12,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('virtualValue is −Infinity below the support and x at or above its top', () => {
    const law = uniformSum(0.5, 0.3, 0.1);
    expect(law.virtualValue(0.05)).toBe(-Infinity);
    expect(law.virtualValue(0.9)).toBe(0.9);
    expect(law.virtualValue(2)).toBe(2);
  });

  it('with one width 0 is the uniform law, with spec uniform:low:high and φ(x) = 2x − 1 on [0, 1]', () => {
    const law = uniformSum(1, 0);
    expect(law.spec).toBe('uniform:0:1');
    for (const x of [0, 0.25, 0.5, 0.9]) {
      expect(law.cdf(x)).toBeCloseTo(x, 14);
      expect(law.virtualValue(x)).toBeCloseTo(2 * x - 1, 14);
    }
  });

  it('samples have the mean offset + (a + b)/2 and variance (a² + b²)/12', () => {
    const law = uniformSum(0.3, 0.5, 0.1);
    const rng = rngStream(3, 'uniform-sum');
    const count = 40_000;
    let sum = 0;
    let squares = 0;
    for (let s = 0; s < count; s++) {
      const x = law.sample(rng);
      sum += x;
      squares += x * x;
    }
    const mean = sum / count;
    const variance = squares / count - mean * mean;
    const expectedVariance = (0.09 + 0.25) / 12;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(expectedVariance / count));
    expect(variance).toBeCloseTo(expectedVariance, 3);
  });

  it('rejects negative, zero or non-finite widths', () => {
    expect(() => uniformSum(0, 0)).toThrow(RangeError);
    expect(() => uniformSum(-1, 1)).toThrow(RangeError);
    expect(() => uniformSum(1, Number.NaN)).toThrow(RangeError);
  });
});
