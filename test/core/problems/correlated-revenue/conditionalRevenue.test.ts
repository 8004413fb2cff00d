import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { profileAt, sampleProfiles } from '../../../../src/core/samples.ts';
import { estimateMean } from '../../../../src/core/statistics.ts';
import { thresholdScanFix } from '../../../../src/core/problems/correlated-revenue/fix.ts';
import { parseModel, type ValueModel } from '../../../../src/core/problems/correlated-revenue/models.ts';
import { commonConditional } from '../../../../src/core/problems/correlated-revenue/commonComponent.ts';
import {
  copulaConditional,
  copulaConditionalDensity,
} from '../../../../src/core/problems/correlated-revenue/gaussianCopula.ts';
import { uniformMyersonRevenue } from '../../../../src/core/problems/correlated-revenue/revenueTheory.ts';
import { conditionalCdf, conditionalFigures, conditionalGreedyShare } from './conditionalRevenue.ts';

/** Returns v ↦ f(v | v₋ᵢ) of `model`. */
function conditionalDensity(model: ValueModel, values: number[], i: number): (v: number) => number {
  if (model.kind === 'copula') {
    const law = copulaConditional(model.rho, values, i);
    return (v) => copulaConditionalDensity(law, v);
  }
  const law = commonConditional(model.rho, values, i);
  return (v) => law.density(v);
}

/** Returns ∫₀¹ φᵢ f 1{greedy picks i} dv by the midpoint rule on `cells` cells (brute force). */
function bruteGreedyShare(model: ValueModel, values: number[], i: number, cells: number): number {
  const density = conditionalDensity(model, values, i);
  const cdf = conditionalCdf(model, values, i);
  const phi = new Float64Array(values.length);
  let total = 0;
  for (let k = 0; k < cells; k++) {
    const v = (k + 0.5) / cells;
    const profile = values.slice();
    profile[i] = v;
    model.conditionalVirtualValues(profile, phi);
    const best = Math.max(...phi);
    if (phi[i] > 0 && phi[i] === best && phi.indexOf(best) === i) {
      const f = density(v);
      total += (v * f - (1 - cdf(v))) / cells; // φ·f = v·f − (1 − F)
    }
  }
  return total;
}

const highestWithReserve =
  (reserve: number) =>
  (bids: number[]): number => {
    let w = -1;
    for (let i = 0; i < bids.length; i++) if (bids[i] >= reserve && (w < 0 || bids[i] > bids[w])) w = i;
    return w;
  };

describe('Rao–Blackwellised revenue and greedy bound (test support)', () => {
  it('integrate the greedy share in closed form as the brute-force midpoint integral does (copula and common, n = 2, 3)', () => {
    const rng = rngStream(3, 'profiles');
    for (const spec of ['copula:0.5', 'copula:0.8', 'common:0.5']) {
      const model = parseModel(spec);
      for (const n of [2, 3]) {
        for (let k = 0; k < 4; k++) {
          const values = Array.from({ length: n }, () => rng());
          for (let i = 0; i < n; i++) {
            const exact = conditionalGreedyShare(model, values, i);
            expect(exact, `${spec} n=${n} ${values} i=${i}`).toBeCloseTo(
              bruteGreedyShare(model, values, i, 20_000),
              3,
            );
          }
        }
      }
    }
  });

  it("at ρ = 0 give Myerson's revenue for both the bound and second price with reserve 0.5 (within 4 standard errors plus the grid bias)", () => {
    const model = parseModel('copula:0');
    const grid = bidGrid(1, 200);
    const samples = sampleProfiles(rngStream(1, 'evaluation'), 2, 4_000, model.sampler(2));
    const mechanism = thresholdScanFix(highestWithReserve(0.5) as unknown as Heuristic, { n: 2, grid });
    const { revenue, bound } = conditionalFigures(model, mechanism, samples);
    const theory = uniformMyersonRevenue(2); // 5/12
    const b = estimateMean(bound);
    const r = estimateMean(revenue);
    expect(Math.abs(b.mean - theory)).toBeLessThan(4 * b.standardError);
    expect(Math.abs(r.mean - theory)).toBeLessThan(4 * r.standardError + grid.step);
  });

  it('estimate the same revenue as the Monte Carlo mean of the payments, with a smaller standard error', () => {
    const model = parseModel('copula:0.5');
    const grid = bidGrid(1, 100);
    const samples = sampleProfiles(rngStream(2, 'evaluation'), 2, 4_000, model.sampler(2));
    const mechanism = thresholdScanFix(highestWithReserve(0.4) as unknown as Heuristic, { n: 2, grid });
    const { revenue } = conditionalFigures(model, mechanism, samples);
    const payments = Float64Array.from({ length: samples.count }, (_, s) =>
      mechanism.outcome(profileAt(samples, s)).payments.reduce((a, b) => a + b, 0),
    );
    const paired = estimateMean(payments.map((p, s) => p - revenue[s]));
    expect(Math.abs(paired.mean)).toBeLessThan(4 * paired.standardError);
    expect(estimateMean(revenue).standardError).toBeLessThan(0.5 * estimateMean(payments).standardError);
  });
});
