import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../../../src/core/distributions/parse.ts';
import { baileyCavalloCoefficients } from '../../../../src/core/problems/vcg-redistribution/baileyCavallo.ts';
import { expectedLinearFraction } from '../../../../src/core/problems/vcg-redistribution/linearRebate.ts';
import { optimalInExpectationCoefficients } from '../../../../src/core/problems/vcg-redistribution/optimalInExpectation.ts';
import { expectedOrderStatistics } from '../../../../src/core/distributions/orderStatistics.ts';
import { worstCaseOptimalCoefficients } from '../../../../src/core/problems/vcg-redistribution/worstCaseOptimal.ts';
import { expectFeasible, settings } from './linearChecks.ts';

describe('optimal-in-expectation linear rebate', () => {
  for (const spec of ['uniform:0:1', 'exponential:1', 'bimodal']) {
    it(`optimalInExpectationCoefficients (${spec}) is IR and never runs a deficit, on step and random profiles`, () => {
      for (const [n, m] of settings) {
        expectFeasible(
          optimalInExpectationCoefficients(m, expectedOrderStatistics(parseDistribution(spec), n)),
          n,
          m,
        );
      }
    });

    it(`optimalInExpectationCoefficients (${spec}) redistributes at least as much in expectation as Bailey–Cavallo and Guo–Conitzer`, () => {
      for (const [n, m] of settings) {
        const expected = expectedOrderStatistics(parseDistribution(spec), n);
        const best = expectedLinearFraction(optimalInExpectationCoefficients(m, expected), m, expected);
        expect(best).toBeGreaterThanOrEqual(
          expectedLinearFraction(baileyCavalloCoefficients(n, m), m, expected) - 1e-9,
        );
        expect(best).toBeGreaterThanOrEqual(
          expectedLinearFraction(worstCaseOptimalCoefficients(n, m), m, expected) - 1e-9,
        );
      }
    });
  }

  it('optimalInExpectationCoefficients beats both classical rules strictly for n = 12, m = 1 on U[0,1]', () => {
    const expected = expectedOrderStatistics(parseDistribution('uniform:0:1'), 12);
    const best = expectedLinearFraction(optimalInExpectationCoefficients(1, expected), 1, expected);
    expect(best).toBeGreaterThan(
      expectedLinearFraction(worstCaseOptimalCoefficients(12, 1), 1, expected) + 1e-4,
    );
    expect(best).toBeGreaterThan(
      expectedLinearFraction(baileyCavalloCoefficients(12, 1), 1, expected) + 1e-2,
    );
  });
});
