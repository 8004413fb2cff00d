/**
 * What the benchmark measures: each problem at its default size and at a
 * large one, plus the two sizes issue 8 sets targets for, each with one
 * representative heuristic from examples/ (one that needs no fix, so the
 * fix does all of its scans: the common case in a search, and the most
 * calls). Also the calls each problem's fix needs per profile before any
 * sharing of work, the figure "calls made" is compared with.
 */
import type { RawParameters } from '../src/core/parameters.ts';
import type { ProblemId } from '../src/core/problem.ts';

export interface BenchCase {
  /** Stable key in results.json: problem and size. */
  readonly id: string;
  readonly problem: ProblemId;
  readonly size: 'default' | 'target' | 'large';
  /** Parameters beyond the defaults. */
  readonly parameters: RawParameters;
  /** A file in examples/ with the heuristic. */
  readonly heuristic: string;
  /** Profiles per second (fix + evaluation, one core) that issue 8 requires, if any. */
  readonly targetProfilesPerSecond?: number;
}

export const benchCases: readonly BenchCase[] = [
  {
    id: 'single-item-revenue/default',
    problem: 'single-item-revenue',
    size: 'default',
    parameters: {},
    heuristic: 'examples/myerson-uniform.js',
  },
  {
    id: 'single-item-revenue/large',
    problem: 'single-item-revenue',
    size: 'large',
    parameters: { n: 10, grid: 2000 },
    heuristic: 'examples/myerson-uniform.js',
  },
  {
    id: 'vcg-redistribution/default',
    problem: 'vcg-redistribution',
    size: 'default',
    parameters: {},
    heuristic: 'examples/bailey-cavallo.js',
  },
  {
    id: 'vcg-redistribution/target',
    problem: 'vcg-redistribution',
    size: 'target',
    parameters: { n: 5, m: 1, grid: 200 },
    heuristic: 'examples/bailey-cavallo.js',
    targetProfilesPerSecond: 10_000,
  },
  {
    id: 'vcg-redistribution/large',
    problem: 'vcg-redistribution',
    size: 'large',
    parameters: { n: 10, m: 3 },
    heuristic: 'examples/bailey-cavallo.js',
  },
  {
    id: 'correlated-revenue/default',
    problem: 'correlated-revenue',
    size: 'default',
    parameters: {},
    heuristic: 'examples/reserve-highest.js',
  },
  {
    id: 'correlated-revenue/target',
    problem: 'correlated-revenue',
    size: 'target',
    parameters: { n: 3, grid: 200 },
    heuristic: 'examples/reserve-highest.js',
    targetProfilesPerSecond: 20_000,
  },
  {
    id: 'correlated-revenue/large',
    problem: 'correlated-revenue',
    size: 'large',
    parameters: { n: 4 },
    heuristic: 'examples/reserve-highest.js',
  },
];

/**
 * Returns the heuristic calls per profile the fix needs when nothing is
 * shared between agents or profiles (mechanism-notes §1–3):
 * - vcg-redistribution: each of the n agents scans its (n − 1) others'
 *   completions by every x ∈ G, asking about ȳ once and about each
 *   ȳ − {q} + {x}: n·((n − 1)(K + 1) + 1), about 4,000 at n = 5, K = 200;
 * - correlated-revenue: the threshold scan asks about every grid bid of
 *   every bidder: n(K + 1);
 * - single-item-revenue: each bidder's monotone envelope up to its bid
 *   needs its priority at every grid point: n(K + 1) at most.
 */
export function callsNeededPerProfile(
  problem: ProblemId,
  parameters: Readonly<Record<string, unknown>>,
): number {
  const n = Number(parameters.n);
  const points = Number(parameters.grid) + 1;
  return problem === 'vcg-redistribution' ? n * ((n - 1) * points + 1) : n * points;
}
