/**
 * Scores a problem's reference mechanisms off the main thread. It runs only
 * MechLab's own core code (no model output), so the realm is not hardened.
 * The samples are drawn exactly as an evaluation worker draws a run's
 * samples (prepareEvaluation), so these are the baselines of that run.
 */
import { expose } from 'comlink';
import { prepareEvaluation } from '../src/core/evolution/evaluateCandidate.ts';
import type { EvaluationSetup } from '../src/core/evolution/ports.ts';
import type { BaselineResult } from '../src/core/types.ts';
import { networkBaseline } from '../src/core/nn/networkMechanism.ts';

/** What the baselines worker exposes through comlink. */
export interface BaselinesWorkerApi {
  /**
   * Returns the baselines on the sample set of a run with `setup`, and the
   * fixed network (the NN baseline) last when `setup` has one; throws a
   * ParameterError, or a NetworkMismatchError for a network of another setting.
   */
  baselines(setup: EvaluationSetup): BaselineResult[];
}

const api: BaselinesWorkerApi = {
  baselines(setup) {
    const { instance, samples } = prepareEvaluation(setup);
    const rows = instance.baselines(samples);
    return setup.network ? [...rows, networkBaseline(setup.network, instance, samples)] : rows;
  },
};
expose(api);
