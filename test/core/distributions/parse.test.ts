import { describe, expect, it } from 'vitest';
import {
  distributionFormats,
  parseDistribution,
  parseDistributionList,
} from '../../../src/core/distributions/parse.ts';
import { parameterErrorOf } from '../parameterError.ts';

describe('parseDistribution(spec)', () => {
  it('reads uniform:a:b, exponential:rate[:capQuantile] and bimodal[:…]', () => {
    const u = parseDistribution('uniform:0.5:2');
    expect([u.low, u.high, u.cdf(1.25)]).toEqual([0.5, 2, 0.5]);
    expect(parseDistribution('exponential:2').massAboveCap).toBeCloseTo(0.01, 12);
    expect(parseDistribution('exponential:2:0.9').high).toBeCloseTo(Math.log(10) / 2, 12);
    expect(parseDistribution('bimodal').spec).toBe('bimodal:0.4:0.08:0.9:0.04:0.8');
    expect(parseDistribution('bimodal:0.1:0.1:0.9:0.1').spec).toBe('bimodal:0.1:0.1:0.9:0.1:0.8');
    expect(parseDistribution(' Uniform:0:1 ').spec).toBe('uniform:0:1');
  });

  it('round-trips: parseDistribution(d.spec) has the same spec and cdf', () => {
    for (const spec of [
      'uniform:0:1',
      'uniform:1:3.5',
      'exponential:1.5',
      'exponential:1:0.995',
      'bimodal',
      'bimodal:0:1:1:0.5:0.3',
    ]) {
      const d = parseDistribution(spec);
      const again = parseDistribution(d.spec);
      expect(again.spec).toBe(d.spec);
      for (const x of [0.1, 0.4, 0.8, 1.7]) expect(again.cdf(x)).toBe(d.cdf(x));
    }
  });

  it('throws a ParameterError on dist that says what was wrong and lists the formats', () => {
    const cases: [string, RegExp][] = [
      ['normal:0:1', /unknown distribution "normal"/],
      ['uniform:1', /uniform takes 2 numbers/],
      ['uniform:x:1', /"x", is not a number/],
      ['uniform:2:1', /high end/],
      ['uniform:-1:1', /low end/],
      ['exponential:-2', /rate/],
      ['exponential:1:1.5', /cap quantile/],
      ['exponential:1:0.9:3', /exponential takes 1 or 2 numbers/],
      ['bimodal:0.2:0.1', /bimodal takes 0, 4 or 5 numbers/],
      ['bimodal:0.2:0.1:1.2:0.1', /second mean/],
      ['', /empty/],
      ['uniform::1', /is not a number/],
    ];
    for (const [spec, what] of cases) {
      const error = parameterErrorOf(() => parseDistribution(spec));
      expect(error.field).toBe('dist');
      expect(error.message).toMatch(what);
      expect(error.message).toContain(distributionFormats);
    }
  });

  it('documents every format in distributionFormats', () => {
    for (const name of [
      'uniform:a:b',
      'exponential:rate[:capQuantile]',
      'bimodal[:mean1:sd1:mean2:sd2[:weight1]]',
    ]) {
      expect(distributionFormats).toContain(name);
    }
  });
});

describe('parseDistributionList(spec, n)', () => {
  it('gives every bidder the same distribution for one spec', () => {
    const dists = parseDistributionList('exponential:2', 4);
    expect(dists).toHaveLength(4);
    expect(new Set(dists).size).toBe(1);
  });

  it('reads a comma-separated list of exactly n specs, in bidder order', () => {
    const dists = parseDistributionList('uniform:0:1, exponential:1 ,bimodal', 3);
    expect(dists.map((d) => d.spec)).toEqual([
      'uniform:0:1',
      'exponential:1:0.99',
      'bimodal:0.4:0.08:0.9:0.04:0.8',
    ]);
  });

  it('rejects a list of the wrong length, and a bad entry, as ParameterErrors on dist', () => {
    const short = parameterErrorOf(() => parseDistributionList('uniform:0:1,uniform:0:2', 3));
    expect(short.field).toBe('dist');
    expect(short.message).toMatch(/exactly one spec per bidder \(3\), got 2/);
    const bad = parameterErrorOf(() => parseDistributionList('uniform:0:1,foo', 2));
    expect(bad.message).toMatch(/unknown distribution "foo"/);
  });
});
