/** Network files built by hand, so tests of what uses a network need no training, and a quick trained one for those that do. */
import type { NetworkFile } from '../../../src/core/nn/networkFile.ts';
import type { MlpWeights } from '../../../src/core/nn/mlp.ts';
import { problemById } from '../../../src/core/problems/index.ts';
import type { ProblemId } from '../../../src/core/problem.ts';
import type { RawParameters } from '../../../src/core/parameters.ts';
import { trainProblemNetwork } from '../../../src/core/nn/trainProblemNetwork.ts';

/** Bailey–Cavallo at n = 4, m = 1 as a network: 0.25 · relu(others[1]). */
export const baileyCavalloMlp: MlpWeights = {
  layers: [
    { inputs: 3, outputs: 1, weights: [0, 1, 0], biases: [0], activation: 'relu' },
    { inputs: 1, outputs: 1, weights: [0.25], biases: [0], activation: 'linear' },
  ],
};

/** Two bidders: the highest bid wins if it is at least 0.3 (scores b_0, b_1, and 0.3 for no sale). */
export const reserveMlp: MlpWeights = {
  layers: [{ inputs: 2, outputs: 3, weights: [1, 0, 0, 0, 1, 0], biases: [0, 0, 0.3], activation: 'linear' }],
};

/** Returns a network file holding `mlp` for `problem` at `parameters` (checked, defaults filled in). */
export function networkFile(problem: ProblemId, parameters: RawParameters, mlp: MlpWeights): NetworkFile {
  const instance = problemById(problem).configure(parameters);
  return {
    format: 'mechlab-network',
    version: 1,
    problem,
    parameters: { ...instance.parameters },
    kind: problem === 'vcg-redistribution' ? 'rebate' : 'allocation',
    createdAt: 1_700_000_000_000,
    mlp,
    training: {
      backend: 'cpu',
      schedule: { epochs: 1, stepsPerEpoch: 1, learningRate: 0.01, hidden: [1], seed: 1 },
      batchProfiles: 1,
      penalties: {},
      milliseconds: 1,
      history: [{ epoch: 1, epochs: 1, loss: 0.5, terms: { fraction: 0.5 }, milliseconds: 1 }],
    },
    evaluation: null,
  };
}

/**
 * Returns a small network trained for `problem` at `parameters` on the CPU
 * backend in seconds (8 epochs of 25 steps, 8 hidden units, 64 profiles a
 * batch), scored fixed on 2,000 evaluation samples of seed 1.
 */
export function quicklyTrainedNetwork(problem: ProblemId, parameters: RawParameters): Promise<NetworkFile> {
  return trainProblemNetwork(
    {
      problem,
      parameters,
      schedule: { epochs: 8, stepsPerEpoch: 25, learningRate: 0.01, hidden: [8], seed: 1 },
      batchProfiles: 64,
      evaluation: { samples: 2_000, seed: 1 },
    },
    { backend: 'cpu' },
  );
}
