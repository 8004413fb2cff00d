/**
 * Which prompt iteration k sends: the operator, the island and the parents.
 * A pure function of the database, the records and a per-iteration random
 * stream, so the same run makes the same choices in every environment.
 */
import type { Rng } from '../rng.ts';
import type { SearchConfig } from './config.ts';
import type { ProgramDatabase } from './database.ts';
import type { Candidate, CandidateStatus, OperatorId } from './record.ts';
import { agreementOf, chooseByTwoObjectives, type SecondObjective } from './selection.ts';

/**
 * The search settings a plan reads. The settings of a run with a neural
 * network (documented in config.ts) are optional, so run files without
 * them plan exactly as before.
 */
export type PlanConfig = SearchConfig & {
  /** Weight of the pbe operator next to operatorWeights; absent or 0: never drawn. */
  readonly pbeWeight?: number;
  readonly secondObjective?: SecondObjective;
};

/** The operators a plan draws by weight. */
type PromptedOperator = Exclude<OperatorId, 'seed' | 'repair'>;

export interface IterationPlan {
  readonly operator: OperatorId;
  readonly island: number;
  /** Parents as records, in the order the operator receives them. */
  readonly parents: readonly Candidate[];
}

/** Returns an operator drawn by `weights`, keyed by operator id (zero weights never drawn). */
export function drawOperator(weights: Readonly<Record<string, number>>, rng: Rng): PromptedOperator {
  const entries = Object.entries(weights) as [PromptedOperator, number][];
  const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
  if (!(total > 0)) throw new RangeError('every operator weight is 0: switch at least one operator on');
  let ticket = rng() * total;
  for (const [operator, weight] of entries) {
    ticket -= Math.max(0, weight);
    if (ticket < 0) return operator;
  }
  return entries[entries.length - 1][0];
}

/** Statuses that are not failures: nothing to repair. A screened-out candidate ran correctly, it merely scored low. */
const unrepairable: ReadonlySet<CandidateStatus> = new Set(['ok', 'duplicate', 'screened-out']);

/** Returns the most recent failed candidate among `applied` that has code and no repair yet. */
export function repairTarget(applied: readonly Candidate[]): Candidate | null {
  const repaired = new Set(applied.filter((c) => c.operator === 'repair').flatMap((c) => c.parentIds));
  for (let i = applied.length - 1; i >= 0; i--) {
    const c = applied[i];
    if (!unrepairable.has(c.status) && c.code !== null && !repaired.has(c.id)) return c;
  }
  return null;
}

/**
 * Returns `k` parents from `island`. By score alone, the database's draw.
 * With the second objective 'agreement', a pool of 2k drawn the same way
 * is cut to the k of lowest Pareto rank on (score, agreement with the
 * network), so parents that behave like the network survive next to those
 * that score best (NSGA-II's non-dominated sorting on a tournament pool).
 */
function chooseParents(
  database: ProgramDatabase,
  byId: ReadonlyMap<string, Candidate>,
  island: number,
  config: PlanConfig,
  rng: Rng,
): Candidate[] {
  const k = config.parentsPerPrompt;
  const pool = config.secondObjective === 'agreement' ? 2 * k : k;
  const parents = database
    .chooseParents(island, pool, rng)
    .map((entry) => byId.get(entry.id))
    .filter((c): c is Candidate => c !== undefined);
  if (pool === k) return parents;
  const points = parents.map((c) => ({ score: c.score ?? -Infinity, second: agreementOf(c.metrics) }));
  return chooseByTwoObjectives(points, k).map((i) => parents[i]);
}

/**
 * Returns the plan of one iteration: a repair of the latest unrepaired
 * failure with probability `repairProbability`, otherwise an operator drawn
 * by weight with parents chosen from one island (two-parent operators get
 * `parentsPerPrompt`, one-parent operators the best of those).
 */
export function planIteration(
  database: ProgramDatabase,
  applied: readonly Candidate[],
  byId: ReadonlyMap<string, Candidate>,
  config: PlanConfig,
  rng: Rng,
): IterationPlan {
  const target = rng() < config.repairProbability ? repairTarget(applied) : null;
  if (target) return { operator: 'repair', island: target.island, parents: [target] };
  // pbe joins the draw last, so a run without it draws exactly as before.
  const weights = config.pbeWeight
    ? { ...config.operatorWeights, pbe: config.pbeWeight }
    : config.operatorWeights;
  const operator = drawOperator(weights, rng);
  const island = database.chooseIsland(rng);
  return { operator, island, parents: chooseParents(database, byId, island, config, rng) };
}
