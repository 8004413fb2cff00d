/**
 * The vcg-redistribution problem (mechanism-notes §2): the model writes a
 * rebate rule, the waterfilling fix makes it safe, and the score is the
 * expected fraction of VCG's revenue given back.
 */
import { parseDistribution, distributionFormats } from '../../distributions/parse.ts';
import { bidGrid } from '../../grid.ts';
import { ParameterError, readParameters, type ParameterSpec, type RawParameters } from '../../parameters.ts';
import type { Heuristic, Problem, ProblemInstance, VerifyOptions } from '../../problem.ts';
import type { Rng } from '../../rng.ts';
import { sampleProfiles } from '../../samples.ts';
import { verifyMechanism } from '../../verify/verifyMechanism.ts';
import { redistributionBaselines } from './baselines.ts';
import { evaluateRedistribution } from './evaluate.ts';
import { waterfillingFix } from './fix.ts';
import type { RedistributionConfig, RedistributionMechanism } from './mechanism.ts';
import { expectedOrderStatistics } from '../../distributions/orderStatistics.ts';
import { redistributionPlots } from './plots.ts';
import { describeRedistribution, rebateDoc, redistributionSkeleton, starterRebate } from './skeleton.ts';
import { unfixedRedistribution } from './unfixed.ts';

/**
 * The verifier's default budget for this problem, smaller than the generic
 * one because every outcome runs the whole waterfilling fix (about
 * C(n,2)·(K+1) heuristic calls): about a second at n = 5, K = 100.
 */
const verifyBudget: VerifyOptions = { profiles: 40, deviations: 32, adversarialRounds: 4 };

/**
 * The default grid: K = 100 steps. Measured (see the report of this
 * module): fix + evaluation of 10,000 profiles at n = 5 takes about half a
 * second of CPU for a rule that never needs the fix (C(n,2)·(K+1) heuristic
 * calls per profile), and Bailey–Cavallo on the grid loses about 0.007 of
 * the fraction against exact bids (the bias shrinks like 1/K).
 */
export const DEFAULT_GRID_STEPS = 100;

const parameters: readonly ParameterSpec[] = [
  {
    name: 'n',
    label: 'Agents',
    description: 'Number of agents, each wanting at most one unit',
    kind: 'integer',
    default: 5,
    min: 3,
    max: 12,
  },
  {
    name: 'm',
    label: 'Units',
    description: 'Number of identical units for sale (at most n − 2)',
    kind: 'integer',
    default: 1,
    min: 1,
    max: 10,
  },
  {
    name: 'dist',
    label: 'Values',
    description: 'The distribution of every agent’s value (i.i.d.)',
    kind: 'text',
    default: 'uniform:0:1',
    format: distributionFormats,
  },
  {
    name: 'grid',
    label: 'Grid steps',
    description: 'Steps K of the bid grid the fix rounds down to (bias ~1/K, cost ~K)',
    kind: 'integer',
    default: DEFAULT_GRID_STEPS,
    min: 4,
    max: 2000,
  },
];

function configure(raw: RawParameters): ProblemInstance<RedistributionMechanism> {
  const values = readParameters(parameters, raw);
  const n = values.n as number;
  const m = values.m as number;
  if (m > n - 2)
    throw new ParameterError('m', raw.m ?? m, `a whole number from 1 to ${n - 2} when n = ${n} (m ≤ n − 2)`);
  const dist = parseDistribution(values.dist as string);
  const config: RedistributionConfig = { n, m, grid: bidGrid(dist.high, values.grid as number) };
  // Computed on first use: the LP and the integrals are cheap but not free.
  let expected: Float64Array | undefined;
  let expectedOthers: Float64Array | undefined;
  const instance: ProblemInstance<RedistributionMechanism> = {
    problem: vcgRedistribution,
    parameters: values,
    n,
    describe: () => describeRedistribution(config, dist),
    skeleton: () => redistributionSkeleton(config),
    starter: () => starterRebate,
    sample: (rng: Rng, count: number) =>
      sampleProfiles(rng, n, count, (draw, out, offset) => {
        for (let i = 0; i < n; i++) out[offset + i] = dist.sample(draw);
      }),
    unfixed: (heuristic: Heuristic) => unfixedRedistribution(heuristic, config),
    fix: (heuristic: Heuristic) => waterfillingFix(heuristic, config),
    evaluate: evaluateRedistribution,
    baselines: (samples) =>
      redistributionBaselines(samples, config, (expected ??= expectedOrderStatistics(dist, n))),
    verify: (mechanism, rng: Rng, options?: VerifyOptions) =>
      verifyMechanism(
        {
          mechanism,
          sampleProfile: (draw) => Array.from({ length: n }, () => dist.sample(draw)),
          // A quarter above the grid top, so bids that round to H are probed too.
          bidRange: [0, 1.25 * config.grid.top],
          units: m,
          budget: true,
        },
        rng,
        { ...verifyBudget, ...options },
      ),
    plots: (mechanism) =>
      redistributionPlots(mechanism, config, (expectedOthers ??= expectedOrderStatistics(dist, n - 1))),
  };
  return instance;
}

export const vcgRedistribution: Problem = {
  id: 'vcg-redistribution',
  title: 'VCG redistribution',
  description:
    'Several identical units go to the highest bidders by VCG, which is strategy-proof but collects money ' +
    'that is lost to the agents. Design a rebate rule that pays back as much of it as possible, using only ' +
    'the other agents’ bids, without ever paying back more than VCG collected.',
  parameters,
  heuristic: { name: 'rebate', parameters: ['others', 'n', 'm'], doc: rebateDoc },
  configure,
};
