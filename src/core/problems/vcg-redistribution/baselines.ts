/**
 * The reference rules (mechanism-notes §2), computed from their formulas and
 * scored on the same samples as every candidate: VCG without redistribution,
 * Bailey–Cavallo, Guo–Conitzer's worst-case optimal rule, the
 * optimal-in-expectation linear rule, and Bailey–Cavallo on the bid grid,
 * whose gap to Bailey–Cavallo is the bias the grid costs.
 */
import { rngStream } from '../../rng.ts';
import type { BaselineResult, SampleSet } from '../../types.ts';
import { baileyCavalloCoefficients } from './baileyCavallo.ts';
import { redistributedFraction } from './evaluate.ts';
import { expectedLinearFraction, linearRebateMechanism } from './linearRebate.ts';
import type { RedistributionConfig, RedistributionMechanism } from './mechanism.ts';
import { optimalInExpectationCoefficients } from './optimalInExpectation.ts';
import { worstCaseOptimalCoefficients } from './worstCaseOptimal.ts';
import { worstCaseFraction } from './worstCase.ts';

/** The linear rules of the baselines, by id, for a setting and its expected order statistics. */
export function baselineRules(m: number, expected: ArrayLike<number>) {
  const n = expected.length;
  return [
    { id: 'vcg', name: 'VCG (no redistribution)', coefficients: new Float64Array(n - 1) },
    { id: 'bailey-cavallo', name: 'Bailey–Cavallo', coefficients: baileyCavalloCoefficients(n, m) },
    {
      id: 'worst-case-optimal',
      name: 'Worst-case optimal linear (Guo–Conitzer)',
      coefficients: worstCaseOptimalCoefficients(n, m),
    },
    {
      id: 'optimal-in-expectation',
      name: 'Optimal-in-expectation linear',
      coefficients: optimalInExpectationCoefficients(m, expected),
    },
  ] as const;
}

/**
 * Returns the baselines scored on `samples`, each with its worst case
 * (searched, exact for linear rules) and, for the exact linear rules, its
 * expected fraction from `expected[k − 1]` = E[b_[k]].
 */
export function redistributionBaselines(
  samples: SampleSet,
  config: RedistributionConfig,
  expected: ArrayLike<number>,
): BaselineResult[] {
  const { m, grid } = config;
  const rules = baselineRules(m, expected);
  const score = (id: string, name: string, mechanism: RedistributionMechanism, theory?: number) => {
    const { mean, standardError } = redistributedFraction(mechanism, samples);
    // A fixed seed: the same baselines every time, whatever else the run draws.
    const worst = worstCaseFraction(
      mechanism,
      { top: grid.top, m, grid: mechanism.grid },
      rngStream(0, `worst-case:${id}`),
    );
    const result: BaselineResult = { id, name, score: mean, standardError, worstCase: worst.fraction };
    return theory === undefined ? result : { ...result, theory };
  };
  const results = rules.map((rule) =>
    score(
      rule.id,
      rule.name,
      linearRebateMechanism(rule.coefficients, config),
      expectedLinearFraction(rule.coefficients, m, expected),
    ),
  );
  const onGrid = linearRebateMechanism(rules[1].coefficients, config, grid);
  results.push(score('bailey-cavallo-grid', `Bailey–Cavallo on the bid grid (K = ${grid.steps})`, onGrid));
  return results;
}
