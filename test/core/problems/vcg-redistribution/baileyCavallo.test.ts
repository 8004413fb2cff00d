import { describe, expect, it } from 'vitest';
import {
  baileyCavalloCoefficients,
  baileyCavalloUniformFraction,
  baileyCavalloWorstCase,
} from '../../../../src/core/problems/vcg-redistribution/baileyCavallo.ts';
import { expectedLinearFraction } from '../../../../src/core/problems/vcg-redistribution/linearRebate.ts';
import { expectFeasible, settings } from './linearChecks.ts';

describe('Bailey–Cavallo', () => {
  it('baileyCavalloCoefficients put m/n on the others’ (m+1)-th highest bid and 0 elsewhere', () => {
    expect(Array.from(baileyCavalloCoefficients(5, 2))).toEqual([0, 0, 0.4, 0]);
  });

  it('Bailey–Cavallo is IR and never runs a deficit, on step and random profiles', () => {
    for (const [n, m] of settings) expectFeasible(baileyCavalloCoefficients(n, m), n, m);
  });

  it('baileyCavalloUniformFraction agrees with E[b_[k]] = (n+1−k)/(n+1) plugged into the rule', () => {
    for (const [n, m] of settings) {
      const expected = Array.from({ length: n }, (_, k) => (n - k) / (n + 1));
      expect(baileyCavalloUniformFraction(n, m)).toBeCloseTo(
        expectedLinearFraction(baileyCavalloCoefficients(n, m), m, expected),
        13,
      );
    }
    expect(baileyCavalloUniformFraction(5, 1)).toBeCloseTo(0.9, 15);
  });

  it('baileyCavalloWorstCase(n, m) = 1 − (m+1)/n', () => {
    expect(baileyCavalloWorstCase(5, 1)).toBeCloseTo(0.6, 15);
    expect(baileyCavalloWorstCase(12, 10)).toBeCloseTo(1 / 12, 15);
  });
});
