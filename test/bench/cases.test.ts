import { describe, expect, it } from 'vitest';
import { benchCases, callsNeededPerProfile } from '../../bench/cases.ts';
import { problemById } from '../../src/core/problems/index.ts';

describe('benchCases', () => {
  it('covers every problem at its default and a large size, with the two sizes issue 8 sets targets for', () => {
    for (const problem of ['single-item-revenue', 'vcg-redistribution', 'correlated-revenue']) {
      expect(benchCases.filter((c) => c.problem === problem).map((c) => c.size)).toContain('default');
      expect(benchCases.filter((c) => c.problem === problem).map((c) => c.size)).toContain('large');
    }
    const targets = benchCases.filter((c) => c.targetProfilesPerSecond !== undefined);
    expect(targets.map((c) => [c.id, c.parameters, c.targetProfilesPerSecond])).toEqual([
      ['vcg-redistribution/target', { n: 5, m: 1, grid: 200 }, 10_000],
      ['correlated-revenue/target', { n: 3, grid: 200 }, 20_000],
    ]);
    for (const c of benchCases) expect(() => problemById(c.problem).configure(c.parameters)).not.toThrow();
  });

  it('callsNeededPerProfile: about 4,000 for the waterfilling fix at n = 5, K = 200; n(K + 1) for the scans', () => {
    expect(callsNeededPerProfile('vcg-redistribution', { n: 5, grid: 200 })).toBe(5 * (4 * 201 + 1));
    expect(callsNeededPerProfile('correlated-revenue', { n: 3, grid: 200 })).toBe(603);
    expect(callsNeededPerProfile('single-item-revenue', { n: 2, grid: 500 })).toBe(1002);
  });
});
