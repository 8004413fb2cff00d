/**
 * Training a problem's network from a request, end to end: configure the
 * problem, train on its loss, then fix, evaluate and verify the trained
 * network like a candidate, and return the network file. One function for
 * the browser's training worker and for `mechlab train`.
 */
import { verificationBudget } from '../evolution/evaluateCandidate.ts';
import { problemById } from '../problems/index.ts';
import { rngStream } from '../rng.ts';
import {
  networkFileFormat,
  networkFileVersion,
  type NetworkEvaluation,
  type NetworkFile,
} from './networkFile.ts';
import { evaluateNetwork } from './networkMechanism.ts';
import { checkPenalties, networkProblem } from './networkProblems.ts';
import { trainNetwork, type TrainingOptions } from './train.ts';
import type { TrainingRequest } from './trainingRequest.ts';

export interface TrainProblemOptions extends TrainingOptions {
  /** Called once training is over and the fixed network is being scored. */
  readonly onEvaluating?: () => void;
  /** Milliseconds since the epoch, for the file's createdAt. */
  readonly clock?: () => number;
}

/** Trains the network `request` describes and returns it as a network file; throws ParameterError or RangeError for bad settings. */
export async function trainProblemNetwork(
  request: TrainingRequest,
  options: TrainProblemOptions,
): Promise<NetworkFile> {
  const instance = problemById(request.problem).configure(request.parameters);
  const setup = networkProblem(instance.problem.id);
  const penalties = { ...setup.defaultPenalties, ...request.penalties };
  checkPenalties(setup, penalties);
  if (!Number.isInteger(request.batchProfiles) || request.batchProfiles < 1 || request.batchProfiles > 65_536)
    throw new RangeError('batchProfiles must be a whole number from 1 to 65536');
  const objective = setup.objective(instance, request.batchProfiles, penalties);
  const trained = await trainNetwork(objective, request.schedule, options);
  const network: NetworkFile = {
    format: networkFileFormat,
    version: networkFileVersion,
    problem: instance.problem.id,
    parameters: { ...instance.parameters },
    kind: setup.kind,
    createdAt: (options.clock ?? Date.now)(),
    mlp: trained.mlp,
    training: {
      backend: trained.backend,
      schedule: { ...request.schedule, hidden: [...request.schedule.hidden] },
      batchProfiles: request.batchProfiles,
      penalties,
      milliseconds: trained.milliseconds,
      history: trained.history,
    },
    evaluation: null,
  };
  if (request.evaluation === null) return network;
  options.signal?.throwIfAborted();
  options.onEvaluating?.();
  const { samples, seed } = request.evaluation;
  const evaluation: NetworkEvaluation = evaluateNetwork(
    network,
    instance,
    instance.sample(rngStream(seed, 'evaluation'), samples),
    seed,
    verificationBudget,
  );
  return { ...network, evaluation };
}
