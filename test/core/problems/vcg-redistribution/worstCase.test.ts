import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import {
  baileyCavalloCoefficients,
  baileyCavalloWorstCase,
} from '../../../../src/core/problems/vcg-redistribution/baileyCavallo.ts';
import { waterfillingFix } from '../../../../src/core/problems/vcg-redistribution/fix.ts';
import { linearRebateMechanism } from '../../../../src/core/problems/vcg-redistribution/linearRebate.ts';
import { worstCaseFraction } from '../../../../src/core/problems/vcg-redistribution/worstCase.ts';
import {
  worstCaseOptimalCoefficients,
  worstCaseOptimalFraction,
} from '../../../../src/core/problems/vcg-redistribution/worstCaseOptimal.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { asHeuristic } from './arbitraries.ts';
import { settings } from './linearChecks.ts';

const search = { randomProfiles: 50, starts: 2, rounds: 2, proposals: 8 };

describe('worstCaseFraction', () => {
  it('worstCaseFraction finds Bailey–Cavallo’s worst case 1 − (m+1)/n', () => {
    for (const [n, m] of settings) {
      const mechanism = linearRebateMechanism(baileyCavalloCoefficients(n, m), {
        n,
        m,
        grid: bidGrid(1, 10),
      });
      const { fraction } = worstCaseFraction(
        mechanism,
        { top: 1, m, ...search },
        rngStream(1, `bc ${n} ${m}`),
      );
      expect(fraction).toBeCloseTo(baileyCavalloWorstCase(n, m), 12);
    }
  });

  it('worstCaseFraction finds the worst-case optimal rule’s 1 − C(n−1, m)/Σ_{k≥m} C(n−1, k)', () => {
    for (const [n, m] of settings) {
      const mechanism = linearRebateMechanism(worstCaseOptimalCoefficients(n, m), {
        n,
        m,
        grid: bidGrid(1, 10),
      });
      const { fraction } = worstCaseFraction(
        mechanism,
        { top: 1, m, ...search },
        rngStream(1, `gc ${n} ${m}`),
      );
      expect(fraction).toBeCloseTo(worstCaseOptimalFraction(n, m), 12);
    }
  });

  it('worstCaseFraction on the grid finds Bailey–Cavallo-on-the-grid’s 1 − (m+1)/n and tries grid profiles only', () => {
    const grid = bidGrid(1, 8);
    for (const [n, m] of settings.slice(0, 6)) {
      const mechanism = linearRebateMechanism(baileyCavalloCoefficients(n, m), { n, m, grid }, grid);
      const tried: number[][] = [];
      const watched = { n, outcome: (b: readonly number[]) => (tried.push([...b]), mechanism.outcome(b)) };
      const { fraction } = worstCaseFraction(
        watched,
        { top: 1, m, grid, ...search },
        rngStream(1, `grid ${n}`),
      );
      expect(fraction).toBeCloseTo(baileyCavalloWorstCase(n, m), 12);
      for (const profile of tried) for (const b of profile) expect(Number.isInteger(b * 8)).toBe(true);
    }
  });

  it('off the grid, a rule on the grid returns nothing when every bid is below one step: its worst case is 0', () => {
    const grid = bidGrid(1, 8);
    const mechanism = linearRebateMechanism(baileyCavalloCoefficients(4, 1), { n: 4, m: 1, grid }, grid);
    const { fraction } = worstCaseFraction(
      { n: 4, outcome: (b) => mechanism.outcome(b) },
      { top: 0.1, m: 1, ...search },
      rngStream(1, 'tiny'),
    );
    expect(fraction).toBe(0);
  });

  it('worstCaseFraction returns a profile that attains the fraction it reports', () => {
    const config = { n: 4, m: 1, grid: bidGrid(1, 16) };
    const mechanism = waterfillingFix(
      asHeuristic((others) => 0.5 * others[1] + 0.2 * others[0]),
      config,
    );
    const { fraction, profile } = worstCaseFraction(
      mechanism,
      { top: 1, m: 1, ...search },
      rngStream(2, 'fixed'),
    );
    const { payments, rebates = [] } = mechanism.outcome(profile);
    expect(rebates.reduce((a, b) => a + b, 0) / payments.reduce((a, b) => a + b, 0)).toBe(fraction);
    expect(fraction).toBeGreaterThanOrEqual(0);
    expect(fraction).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('worstCaseFraction is reproducible from the rng state', () => {
    const mechanism = waterfillingFix(
      asHeuristic((others) => others[2]),
      { n: 5, m: 1, grid: bidGrid(1, 10) },
    );
    const run = () => worstCaseFraction(mechanism, { top: 1, m: 1, ...search }, rngStream(5, 'again'));
    expect(run()).toEqual(run());
  });
});
