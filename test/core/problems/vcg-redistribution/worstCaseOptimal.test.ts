import { describe, expect, it } from 'vitest';
import {
  worstCaseOptimalCoefficients,
  worstCaseOptimalFraction,
} from '../../../../src/core/problems/vcg-redistribution/worstCaseOptimal.ts';
import { baileyCavalloWorstCase } from '../../../../src/core/problems/vcg-redistribution/baileyCavallo.ts';
import { expectFeasible, settings } from './linearChecks.ts';

describe('Guo–Conitzer worst-case optimal rebate', () => {
  it('worstCaseOptimalCoefficients(4, 1) = [0, 2/7, −1/7] and (3, 1) is Bailey–Cavallo [0, 1/3]', () => {
    const c = worstCaseOptimalCoefficients(4, 1);
    expect(Array.from(c)).toEqual([0, expect.closeTo(2 / 7, 15), expect.closeTo(-1 / 7, 15)]);
    expect(Array.from(worstCaseOptimalCoefficients(3, 1))).toEqual([0, expect.closeTo(1 / 3, 15)]);
  });

  it('the worst-case optimal rule is IR and never runs a deficit, on step and random profiles', () => {
    for (const [n, m] of settings) expectFeasible(worstCaseOptimalCoefficients(n, m), n, m);
  });

  it('worstCaseOptimalFraction(n, m) = 1 − C(n−1, m)/Σ_{k≥m} C(n−1, k) is at least Bailey–Cavallo’s worst case', () => {
    expect(worstCaseOptimalFraction(4, 1)).toBeCloseTo(4 / 7, 15);
    expect(worstCaseOptimalFraction(5, 1)).toBeCloseTo(1 - 4 / 15, 15);
    for (const [n, m] of settings) {
      expect(worstCaseOptimalFraction(n, m)).toBeGreaterThanOrEqual(baileyCavalloWorstCase(n, m) - 1e-12);
    }
  });
});
