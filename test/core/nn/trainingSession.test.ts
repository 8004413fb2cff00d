import './backends.ts';
import { describe, expect, it } from 'vitest';
import { trainingSession, type TrainingProgress } from '../../../src/core/nn/trainingSession.ts';
import type { TrainingRequest } from '../../../src/core/nn/trainingRequest.ts';

const request: TrainingRequest = {
  problem: 'correlated-revenue',
  parameters: { n: 2, grid: 20 },
  schedule: { epochs: 3, stepsPerEpoch: 5, learningRate: 0.01, hidden: [4], seed: 2 },
  batchProfiles: 16,
  evaluation: { samples: 64, seed: 2 },
};

describe('trainingSession', () => {
  it('reports each epoch, then the scoring, and returns the network file', async () => {
    const progress: TrainingProgress['type'][] = [];
    const network = await trainingSession().train(request, 'wasm', (p) => progress.push(p.type));
    expect(progress).toEqual(['epoch', 'epoch', 'epoch', 'evaluating']);
    expect(network).toMatchObject({
      format: 'mechlab-network',
      problem: 'correlated-revenue',
      parameters: { model: 'common:0.5', n: 2, grid: 20 },
      kind: 'allocation',
      training: { backend: 'wasm', batchProfiles: 16, penalties: { monotonicity: 2, maxRaise: 0.2 } },
      evaluation: { samples: 64, seed: 2, verification: { passed: true } },
    });
    expect(network.training.history).toHaveLength(3);
  });

  it('stops at the next step after cancel(), with an AbortError, and can train again', async () => {
    const session = trainingSession();
    const epochs: number[] = [];
    const training = session.train(request, 'cpu', (p) => {
      if (p.type !== 'epoch') return;
      epochs.push(p.report.epoch);
      session.cancel();
    });
    await expect(training).rejects.toMatchObject({ name: 'AbortError', message: 'training was cancelled' });
    expect(epochs).toEqual([1]);
    await expect(session.train({ ...request, evaluation: null }, 'cpu')).resolves.toMatchObject({
      evaluation: null,
    });
  });

  it('trains one network at a time', async () => {
    const session = trainingSession();
    const first = session.train(request, 'cpu');
    await expect(session.train(request, 'cpu')).rejects.toThrow(
      'a network is already being trained in this session',
    );
    await first;
  });

  it('says which setting is wrong', async () => {
    await expect(
      trainingSession().train({ ...request, problem: 'single-item-revenue' }, 'cpu'),
    ).rejects.toThrow(
      'single-item-revenue has no network; networks exist for vcg-redistribution and correlated-revenue',
    );
    await expect(trainingSession().train({ ...request, penalties: { deficit: 1 } }, 'cpu')).rejects.toThrow(
      "unknown penalty 'deficit'; known: monotonicity, maxRaise",
    );
    await expect(trainingSession().train({ ...request, parameters: { n: 9 } }, 'cpu')).rejects.toThrow(
      'n = 9 is not allowed: a whole number from 2 to 6',
    );
  });
});
