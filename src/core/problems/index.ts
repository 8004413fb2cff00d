/** The registry of problems, by id. Every consumer (engine, UI, CLI) goes through it. */
import { ParameterError } from '../parameters.ts';
import type { Problem, ProblemId } from '../problem.ts';
import { singleItemRevenue } from './single-item-revenue/problem.ts';
import { vcgRedistribution } from './vcg-redistribution/problem.ts';
import { correlatedRevenue } from './correlated-revenue/problem.ts';

export const problems: readonly Problem[] = [singleItemRevenue, vcgRedistribution, correlatedRevenue];

/** Returns the problem with `id`, or throws a ParameterError that lists the known ids. */
export function problemById(id: string): Problem {
  const problem = problems.find((p) => p.id === (id as ProblemId));
  if (!problem) throw new ParameterError('problem', id, `one of ${problems.map((p) => p.id).join(', ')}`);
  return problem;
}
