/**
 * A stored network as a mechanism of its problem: checked against the
 * instance, made a heuristic (plain forward pass), then fixed, evaluated
 * and verified exactly like a candidate's code — the "NN baseline".
 */
import type { Heuristic, ProblemInstance, VerifyOptions } from '../problem.ts';
import { rngStream } from '../rng.ts';
import type { BaselineResult, Mechanism, SampleSet } from '../types.ts';
import type { NetworkEvaluation, NetworkFile } from './networkFile.ts';
import { networkProblem } from './networkProblems.ts';

/** A network that does not fit the instance it is used with; `message` says how they differ. */
export class NetworkMismatchError extends Error {
  override readonly name = 'NetworkMismatchError';
}

/** Parameters that only shape the fix (the bid grid), not what the network learnt. */
const fixOnly = new Set(['grid']);

/** Returns `name=value …` of the parameters that define the setting a network learnt. */
function settingText(parameters: Readonly<Record<string, number | string>>): string {
  return Object.entries(parameters)
    .filter(([name]) => !fixOnly.has(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/**
 * Throws a NetworkMismatchError unless `network` was trained for
 * `instance`'s problem and setting (the bid grid may differ) and has the
 * shape the problem needs.
 */
export function checkNetworkFits(network: NetworkFile, instance: ProblemInstance): void {
  const wanted = `${instance.problem.id} ${settingText(instance.parameters)}`;
  const trained = `${network.problem} ${settingText(network.parameters)}`;
  if (wanted !== trained)
    throw new NetworkMismatchError(
      `the network was trained for ${trained}, but this is ${wanted}: train a network for this setting`,
    );
  const [inputs, outputs] = networkProblem(instance.problem.id).shape(instance);
  const layers = network.mlp.layers;
  if (layers[0].inputs !== inputs || layers[layers.length - 1].outputs !== outputs)
    throw new NetworkMismatchError(
      `the network maps ${layers[0].inputs} inputs to ${layers[layers.length - 1].outputs} outputs; this problem needs ${inputs} to ${outputs}`,
    );
}

/** Returns the network as its problem's heuristic, after checking that it fits. */
export function networkHeuristic(network: NetworkFile, instance: ProblemInstance): Heuristic {
  checkNetworkFits(network, instance);
  return networkProblem(instance.problem.id).heuristic(instance, network.mlp);
}

/** Returns the fixed network: SP, IR (and ND) on every profile, as for any heuristic. */
export function networkMechanism(network: NetworkFile, instance: ProblemInstance): Mechanism {
  return instance.fix(networkHeuristic(network, instance));
}

/**
 * Returns the fixed network's evaluation on `samples` (drawn with `seed`)
 * and its verification with `budget` (a run uses its per-candidate budget).
 */
export function evaluateNetwork(
  network: NetworkFile,
  instance: ProblemInstance,
  samples: SampleSet,
  seed: number,
  budget?: VerifyOptions,
): NetworkEvaluation {
  const started = performance.now();
  const mechanism = networkMechanism(network, instance);
  const evaluation = instance.evaluate(mechanism, samples);
  const certificate = instance.verify(mechanism, rngStream(seed, 'verification'), budget);
  return {
    seed,
    samples: samples.count,
    score: evaluation.score,
    standardError: evaluation.standardError,
    metrics: evaluation.metrics,
    verification: {
      passed: certificate.passed,
      checks: certificate.checks,
      maxViolation: Math.max(0, ...certificate.properties.map((p) => p.maxViolation)),
    },
    milliseconds: performance.now() - started,
  };
}

/** Returns the fixed network as a baseline row scored on `samples`: the "NN baseline". */
export function networkBaseline(
  network: NetworkFile,
  instance: ProblemInstance,
  samples: SampleSet,
): BaselineResult {
  const { score, standardError } = instance.evaluate(networkMechanism(network, instance), samples);
  const hidden = network.training.schedule.hidden.join('×');
  return { id: 'neural-network', name: `Neural network (${hidden} hidden, fixed)`, score, standardError };
}
