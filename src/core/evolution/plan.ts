/**
 * Which prompt iteration k sends: the operator, the island and the parents.
 * A pure function of the database, the records and a per-iteration random
 * stream, so the same run makes the same choices in every environment.
 */
import type { Rng } from '../rng.ts';
import type { DrawnOperator, SearchConfig } from './config.ts';
import type { ProgramDatabase } from './database.ts';
import type { Candidate, OperatorId } from './record.ts';

export interface IterationPlan {
  readonly operator: OperatorId;
  readonly island: number;
  /** Parents as records, in the order the operator receives them. */
  readonly parents: readonly Candidate[];
}

/** Returns an operator drawn by `weights` (zero weights never drawn). */
export function drawOperator(weights: SearchConfig['operatorWeights'], rng: Rng): DrawnOperator {
  const entries = Object.entries(weights) as [DrawnOperator, number][];
  const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
  if (!(total > 0)) throw new RangeError('every operator weight is 0: switch at least one operator on');
  let ticket = rng() * total;
  for (const [operator, weight] of entries) {
    ticket -= Math.max(0, weight);
    if (ticket < 0) return operator;
  }
  return entries[entries.length - 1][0];
}

/** Returns the most recent failed candidate among `applied` that has code and no repair yet. */
export function repairTarget(applied: readonly Candidate[]): Candidate | null {
  const repaired = new Set(applied.filter((c) => c.operator === 'repair').flatMap((c) => c.parentIds));
  for (let i = applied.length - 1; i >= 0; i--) {
    const c = applied[i];
    if (c.status !== 'ok' && c.status !== 'duplicate' && c.code !== null && !repaired.has(c.id)) return c;
  }
  return null;
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
  config: SearchConfig,
  rng: Rng,
): IterationPlan {
  const target = rng() < config.repairProbability ? repairTarget(applied) : null;
  if (target) return { operator: 'repair', island: target.island, parents: [target] };
  const operator = drawOperator(config.operatorWeights, rng);
  const island = database.chooseIsland(rng);
  const entries = database.chooseParents(island, config.parentsPerPrompt, rng);
  const parents = entries.map((entry) => byId.get(entry.id)).filter((c): c is Candidate => c !== undefined);
  return { operator, island, parents };
}
