import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exponential } from '../../../src/core/distributions/exponential.ts';
import { uniform } from '../../../src/core/distributions/uniform.ts';
import { virtualValue } from '../../../src/core/distributions/virtualValue.ts';

describe('virtualValue(dist, x)', () => {
  it('is 2v − 1 for U[0, 1], exactly on dyadic points', () => {
    const d = uniform(0, 1);
    for (let k = 0; k <= 64; k++) expect(virtualValue(d, k / 64)).toBe(2 * (k / 64) - 1);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (v) => {
        expect(virtualValue(d, v)).toBeCloseTo(2 * v - 1, 14);
      }),
    );
  });

  it('is 2v − b for U[a, b]', () => {
    const d = uniform(0.5, 2);
    for (const v of [0.5, 1, 1.75]) expect(virtualValue(d, v)).toBeCloseTo(2 * v - 2, 14);
  });

  it('is x − 1/rate for the exponential below its cap, and x at the cap', () => {
    const d = exponential(2);
    for (const x of [0, 0.3, 1, 2]) expect(virtualValue(d, x)).toBeCloseTo(x - 0.5, 12);
    expect(virtualValue(d, d.high)).toBe(d.high);
  });

  it('is −∞ below the support and x above it', () => {
    const d = uniform(0.5, 1);
    expect(virtualValue(d, 0.25)).toBe(Number.NEGATIVE_INFINITY);
    expect(virtualValue(d, 1.5)).toBe(1.5);
  });
});
