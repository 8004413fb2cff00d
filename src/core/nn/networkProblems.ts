/**
 * What MechLab knows about a network for each problem that has one: its
 * kind, its shape, its loss, how it becomes a heuristic and how its
 * behaviour is shown to the model. The two networks of NNA-AMD-LLM:
 * rebates for vcg-redistribution, allocations for correlated-revenue.
 */
import type { Heuristic, ProblemId, ProblemInstance } from '../problem.ts';
import type { MlpWeights } from './mlp.ts';
import { networkKinds, type NetworkKind } from './networkFile.ts';
import type { TrainingObjective } from './objective.ts';
import { allocationExamples } from './correlated-revenue/examples.ts';
import { allocationNetworkHeuristic } from './correlated-revenue/heuristic.ts';
import { allocationObjective, defaultAllocationPenalties } from './correlated-revenue/objective.ts';
import { rebateExamples } from './vcg-redistribution/examples.ts';
import { rebateNetworkHeuristic } from './vcg-redistribution/heuristic.ts';
import { defaultRebatePenalties, rebateObjective } from './vcg-redistribution/objective.ts';
import { rebateSetting } from './vcg-redistribution/setting.ts';

export type Penalties = Readonly<Record<string, number>>;

export interface NetworkProblem {
  readonly kind: NetworkKind;
  /** The penalty weights of the loss and their defaults. */
  readonly defaultPenalties: Penalties;
  /** Returns [inputs, outputs] of the network for `instance`. */
  shape(instance: ProblemInstance): readonly [number, number];
  objective(instance: ProblemInstance, batchProfiles: number, penalties: Penalties): TrainingObjective;
  heuristic(instance: ProblemInstance, mlp: MlpWeights): Heuristic;
  /** Returns the prompt's table of the network's behaviour. */
  examples(instance: ProblemInstance, mlp: MlpWeights): string;
}

const rebate: NetworkProblem = {
  kind: networkKinds['vcg-redistribution'],
  defaultPenalties: defaultRebatePenalties as unknown as Penalties,
  shape: (instance) => [instance.n - 1, 1],
  objective: (instance, batch, penalties) =>
    rebateObjective(instance, batch, { ...defaultRebatePenalties, ...penalties }),
  heuristic: (instance, mlp) => rebateNetworkHeuristic(mlp, rebateSetting(instance).grid.top),
  examples: rebateExamples,
};

const allocation: NetworkProblem = {
  kind: networkKinds['correlated-revenue'],
  defaultPenalties: defaultAllocationPenalties as unknown as Penalties,
  shape: (instance) => [instance.n, instance.n + 1],
  objective: (instance, batch, penalties) =>
    allocationObjective(instance, batch, { ...defaultAllocationPenalties, ...penalties }),
  heuristic: (_, mlp) => allocationNetworkHeuristic(mlp),
  examples: allocationExamples,
};

const byProblem: Readonly<Record<keyof typeof networkKinds, NetworkProblem>> = {
  'vcg-redistribution': rebate,
  'correlated-revenue': allocation,
};

/** The problems a network can be trained for. */
export const networkProblemIds = Object.keys(byProblem) as ProblemId[];

/** Returns the network setup of `problem`, or throws a RangeError naming the problems that have one. */
export function networkProblem(problem: ProblemId): NetworkProblem {
  const found = (byProblem as Partial<Record<ProblemId, NetworkProblem>>)[problem];
  if (!found)
    throw new RangeError(`${problem} has no network; networks exist for ${networkProblemIds.join(' and ')}`);
  return found;
}

/** Throws a RangeError unless every name in `penalties` is one of the problem's penalty weights, finite and ≥ 0. */
export function checkPenalties(problem: NetworkProblem, penalties: Penalties): void {
  const known = Object.keys(problem.defaultPenalties);
  for (const [name, value] of Object.entries(penalties)) {
    if (!known.includes(name)) throw new RangeError(`unknown penalty '${name}'; known: ${known.join(', ')}`);
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`penalty ${name} must be a number ≥ 0`);
  }
}
