/**
 * The paper's experiments as ready-made settings (Liu, Guo, Conitzer 2025):
 * Myerson rediscovery with uniform, exponential and irregular bidders, VCG
 * redistribution for a few (n, m), and revenue with correlated bidders.
 */
import type { RawParameters } from './parameters.ts';
import type { ProblemId } from './problem.ts';

export interface ExperimentPreset {
  readonly id: string;
  readonly title: string;
  /** One line: what the run should rediscover or beat. */
  readonly goal: string;
  readonly problem: ProblemId;
  readonly parameters: RawParameters;
}

export const presets: readonly ExperimentPreset[] = [
  {
    id: 'myerson-uniform',
    title: 'Myerson rediscovery — uniform bidders',
    goal: 'Find the virtual value 2v − 1: second price with reserve ½ (revenue 5/12 for two bidders).',
    problem: 'single-item-revenue',
    parameters: { n: 2, dist: 'uniform:0:1' },
  },
  {
    id: 'myerson-exponential',
    title: 'Myerson rediscovery — exponential bidders',
    goal: 'Find the reserve 1/λ that Myerson’s auction sets for exponential values.',
    problem: 'single-item-revenue',
    parameters: { n: 3, dist: 'exponential:1' },
  },
  {
    id: 'myerson-irregular',
    title: 'Myerson rediscovery — irregular (bimodal) bidders',
    goal: 'Beat the best reserve price: the optimum needs the ironed virtual value.',
    problem: 'single-item-revenue',
    parameters: { n: 3, dist: 'bimodal' },
  },
  {
    id: 'redistribution-5-1',
    title: 'VCG redistribution — 5 agents, 1 unit',
    goal: 'Return more of VCG’s payments than Bailey–Cavallo (0.9) without ever running a deficit.',
    problem: 'vcg-redistribution',
    parameters: { n: 5, m: 1 },
  },
  {
    id: 'redistribution-8-3',
    title: 'VCG redistribution — 8 agents, 3 units',
    goal: 'Beat the optimal linear rebates on average while keeping every profile in budget.',
    problem: 'vcg-redistribution',
    parameters: { n: 8, m: 3 },
  },
  {
    id: 'correlated-common',
    title: 'Correlated bidders — common component',
    goal: 'Beat second price with the best reserve when values share a common part.',
    problem: 'correlated-revenue',
    parameters: { n: 2, model: 'common:0.5' },
  },
  {
    id: 'correlated-copula',
    title: 'Correlated bidders — Gaussian copula',
    goal: 'Close the gap to the conditional-virtual-value bound under strong correlation.',
    problem: 'correlated-revenue',
    parameters: { n: 3, model: 'copula:0.7' },
  },
];
