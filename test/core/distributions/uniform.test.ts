import { describe, expect, it } from 'vitest';
import { uniform } from '../../../src/core/distributions/uniform.ts';
import { expectDistributionLaws } from './distributionLaws.ts';

describe('uniform(a, b)', () => {
  it('obeys the laws of a distribution on [a, b]', () => {
    expectDistributionLaws(uniform(0, 1));
    expectDistributionLaws(uniform(0.5, 3));
  });

  it('has density 1/(b − a), cdf (x − a)/(b − a) and quantile a + q(b − a)', () => {
    const d = uniform(1, 5);
    expect(d.density(2)).toBe(0.25);
    expect(d.density(0.5)).toBe(0);
    expect(d.cdf(2)).toBe(0.25);
    expect(d.quantile(0.75)).toBe(4);
    expect([d.low, d.high, d.massAboveCap]).toEqual([1, 5, 0]);
  });

  it('names itself uniform:a:b and U[a, b]', () => {
    expect(uniform(0, 1).spec).toBe('uniform:0:1');
    expect(uniform(0.25, 2).label).toBe('U[0.25, 2]');
  });

  it('rejects a negative low end, b ≤ a and non-finite ends', () => {
    expect(() => uniform(-1, 1)).toThrow(/low end/);
    expect(() => uniform(1, 1)).toThrow(/high end/);
    expect(() => uniform(0, Infinity)).toThrow(/high end/);
    expect(() => uniform(Number.NaN, 1)).toThrow(RangeError);
  });
});
