/**
 * The independent verifier: probes any mechanism from outside (only
 * `mechanism.outcome`) for strategy-proofness, individual rationality,
 * feasibility and, for redistribution, non-deficit (mechanism-notes §0, §2),
 * first on random profiles, then by an adversarial search from the worst of
 * them. A certificate that passes is evidence, not proof; one that fails
 * carries a witness that replays exactly.
 */
import type { VerifyOptions } from '../problem.ts';
import type { Rng } from '../rng.ts';
import type { Certificate, Mechanism } from '../types.ts';
import { coordinateAscent, WorstCases, type AscentBudget } from './adversarial.ts';
import { MechanismProbe } from './probe.ts';
import { bestDeviation, deviationCount, fillDeviations } from './strategyProof.ts';
import { utilityOf } from './utility.ts';

export interface VerifySetup {
  readonly mechanism: Mechanism;
  /** Draws one profile of true values (length n). */
  readonly sampleProfile: (rng: Rng) => number[];
  /** Misreports (and adversarial values) are tried across [low, high]. */
  readonly bidRange: readonly [number, number];
  /** Σ allocation ≤ units, each allocation in [0, 1]. */
  readonly units: number;
  /** Whether to check Σ payments − Σ rebates ≥ 0. */
  readonly budget: boolean;
}

/**
 * Defaults, sized so that verifying a fast mechanism with n = 5 takes well
 * under a second: 200 profiles × 5 agents × 90 misreports ≈ 90,000 outcomes,
 * and about half as many again for the adversarial search.
 */
export const verifyDefaults = {
  /** Random true profiles checked. */
  profiles: 200,
  /** Evenly spaced misreports per agent and profile (random and near-value points are added). */
  deviations: 64,
  /** Coordinate-ascent rounds from each starting point. */
  adversarialRounds: 8,
  /** Starting points of the adversarial search, per property. */
  adversarialStarts: 4,
  /** Values tried per agent and round when a margin costs one outcome (IR, feasibility, budget). */
  cheapProposals: 24,
  /** Values tried per agent and round when a margin costs a full deviation scan (SP). */
  deviationProposals: 3,
  /** Float tolerance relative to max(1, |low|, |high|). */
  relativeTolerance: 1e-9,
} as const;

function readCount(value: number | undefined, fallback: number, least: number, name: string): number {
  const count = value ?? fallback;
  if (!Number.isInteger(count) || count < least)
    throw new RangeError(`${name} must be a whole number ≥ ${least}, got ${count}`);
  return count;
}

/**
 * Returns a certificate for `setup.mechanism`: per property the number of
 * checks, the largest violation and a witness. `passed` holds when every
 * largest violation is within the tolerance. The same `rng` state gives the
 * same certificate. Exceptions thrown by the mechanism propagate.
 */
export function verifyMechanism(setup: VerifySetup, rng: Rng, options: VerifyOptions = {}): Certificate {
  const { mechanism, bidRange, units, budget } = setup;
  const [low, high] = bidRange;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`bidRange must be two finite numbers low < high, got [${low}, ${high}]`);
  }
  const profiles = readCount(options.profiles, verifyDefaults.profiles, 0, 'profiles');
  const grid = readCount(options.deviations, verifyDefaults.deviations, 2, 'deviations');
  const rounds = readCount(
    options.adversarialRounds,
    verifyDefaults.adversarialRounds,
    0,
    'adversarialRounds',
  );
  const random = Math.max(4, Math.ceil(grid / 8));
  const n = mechanism.n;
  const probe = new MechanismProbe(mechanism, units, budget);
  const points = new Float64Array(deviationCount(n, grid, random));
  const scratch = new Float64Array(n);

  /** Returns the best deviation gain of `agent` at true profile `values`. */
  const deviationGain = (values: Float64Array, agent: number, truthful: number) => {
    fillDeviations(points, values, agent, bidRange, grid, random, rng);
    return bestDeviation(probe, values, agent, truthful, points, scratch).gain;
  };

  const starts = verifyDefaults.adversarialStarts;
  const worst = { sp: new WorstCases(starts), ir: new WorstCases(starts), feasible: new WorstCases(starts) };
  const worstDeficit = new WorstCases(budget ? starts : 0);
  const values = new Float64Array(n);
  const truthful = new Float64Array(n);
  for (let s = 0; s < profiles; s++) {
    const drawn = setup.sampleProfile(rng);
    if (drawn.length !== n)
      throw new RangeError(`sampleProfile returned ${drawn.length} values for n = ${n}`);
    values.set(drawn);
    probe.profiles++;
    const truth = probe.examine(values);
    for (let i = 0; i < n; i++) truthful[i] = utilityOf(truth, i, values[i]);
    worst.ir.offer(probe.irMargin, values, 0, rng);
    worst.feasible.offer(probe.feasibleMargin, values, 0, rng);
    worstDeficit.offer(probe.deficit, values, 0, rng);
    for (let i = 0; i < n; i++) worst.sp.offer(deviationGain(values, i, truthful[i]), values, i, rng);
  }

  const cheap: AscentBudget = { rounds, proposals: verifyDefaults.cheapProposals };
  const examined = (read: () => number) => (candidate: Float64Array) => {
    probe.profiles++;
    probe.examine(candidate);
    return read();
  };
  for (const start of worst.sp.points()) {
    const gain = (candidate: Float64Array) => {
      probe.profiles++;
      const u = utilityOf(probe.examine(candidate), start.agent, candidate[start.agent]);
      return deviationGain(candidate, start.agent, u);
    };
    coordinateAscent(start, gain, bidRange, { rounds, proposals: verifyDefaults.deviationProposals }, rng);
  }
  for (const start of worst.ir.points())
    coordinateAscent(
      start,
      examined(() => probe.irMargin),
      bidRange,
      cheap,
      rng,
    );
  for (const start of worst.feasible.points()) {
    coordinateAscent(
      start,
      examined(() => probe.feasibleMargin),
      bidRange,
      cheap,
      rng,
    );
  }
  for (const start of worstDeficit.points())
    coordinateAscent(
      start,
      examined(() => probe.deficit),
      bidRange,
      cheap,
      rng,
    );

  const tolerance = verifyDefaults.relativeTolerance * Math.max(1, Math.abs(low), Math.abs(high));
  const tallies = [probe.strategyProof, probe.individuallyRational, probe.feasible];
  if (budget) tallies.push(probe.nonDeficit);
  const properties = tallies.map((tally) => tally.toCheck());
  return {
    profiles: probe.profiles,
    checks: properties.reduce((sum, p) => sum + p.checks, 0),
    properties,
    tolerance,
    passed: properties.every((p) => p.maxViolation <= tolerance),
  };
}
