import { describe, expect, it } from 'vitest';
import { exponential } from '../../../src/core/distributions/exponential.ts';
import { rngStream } from '../../../src/core/rng.ts';
import { expectDistributionLaws } from './distributionLaws.ts';

describe('exponential(rate, capQuantile)', () => {
  it('obeys the laws of a distribution, with its cap as the top', () => {
    expectDistributionLaws(exponential(1));
    expectDistributionLaws(exponential(3, 0.9));
  });

  it('caps at the capQuantile quantile −ln(1 − q)/rate, 0.99 by default', () => {
    expect(exponential(2).high).toBeCloseTo(Math.log(100) / 2, 12);
    expect(exponential(1, 0.9).high).toBeCloseTo(Math.log(10), 12);
    expect(exponential(1, 0.9).massAboveCap).toBeCloseTo(0.1, 12);
  });

  it('folds the mass above the cap onto the cap when sampling', () => {
    const d = exponential(1, 0.9);
    const rng = rngStream(3, 'cap');
    let atCap = 0;
    const count = 50_000;
    for (let s = 0; s < count; s++) if (d.sample(rng) === d.high) atCap++;
    // Binomial(50,000, 0.1): standard deviation 67.
    expect(Math.abs(atCap - 0.1 * count)).toBeLessThan(4 * 67);
  });

  it('keeps the exponential cdf and density below the cap', () => {
    const d = exponential(2);
    expect(d.cdf(0.5)).toBeCloseTo(1 - Math.exp(-1), 14);
    expect(d.density(0.5)).toBeCloseTo(2 * Math.exp(-1), 14);
    expect(d.density(d.high + 0.1)).toBe(0);
  });

  it('reports the cap in its spec and label', () => {
    expect(exponential(2).spec).toBe('exponential:2:0.99');
    expect(exponential(1).label).toBe('Exp(rate 1), capped at 4.605');
  });

  it('rejects a rate ≤ 0 and a cap quantile outside (0, 1)', () => {
    expect(() => exponential(0)).toThrow(/rate/);
    expect(() => exponential(1, 1)).toThrow(/cap quantile/);
    expect(() => exponential(1, 0)).toThrow(/cap quantile/);
  });
});
