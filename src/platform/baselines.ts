/**
 * The baselines of a run's settings, computed in a worker
 * (workers/baselines.worker.ts) before the run starts, so the user knows
 * what a good score is. Results are cached by problem, checked parameters,
 * seed and samples: the same key always gives the same figures.
 */
import { wrap, type Remote } from 'comlink';
import { readParameters, type ParameterValues, type RawParameters } from '../core/parameters.ts';
import type { ProblemId } from '../core/problem.ts';
import { problemById } from '../core/problems/index.ts';
import type { BaselineResult } from '../core/types.ts';
import type { NetworkFile } from '../core/nn/networkFile.ts';
import { checkNetworkFits } from '../core/nn/networkMechanism.ts';
import type { BaselinesWorkerApi } from '../../workers/baselines.worker.ts';

/** How many parameter sets are remembered (each entry is a handful of numbers). */
const cacheLimit = 64;

const cache = new Map<string, Promise<readonly BaselineResult[]>>();
let worker: Remote<BaselinesWorkerApi> | null = null;

/** Returns the shared worker, started on first use. */
function baselinesWorker(): Remote<BaselinesWorkerApi> {
  worker ??= wrap<BaselinesWorkerApi>(
    new Worker(new URL('../../workers/baselines.worker.ts', import.meta.url), { type: 'module' }),
  );
  return worker;
}

/**
 * Returns the cache key of checked settings: equal keys mean the same sample
 * set and the same figures. A network is known by when it was made and how
 * long it trained, which tells two trained networks apart.
 */
function keyOf(
  problem: ProblemId,
  parameters: ParameterValues,
  seed: number,
  samples: number,
  network: NetworkFile | undefined,
): string {
  const sorted = Object.keys(parameters)
    .sort()
    .map((name) => [name, parameters[name]]);
  const made = network ? [network.createdAt, network.training.milliseconds] : null;
  return JSON.stringify([problem, sorted, seed, samples, made]);
}

/** Throws a RangeError unless `value` is a whole number in [min, max]. */
function checkWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} = ${value} is not allowed: a whole number from ${min} to ${max}`);
  }
}

/**
 * Returns the baselines of a run of `problem` with `parameters`, `seed` and
 * `samples`: the reference mechanisms scored on exactly the sample set the
 * run's evaluation workers draw; with the run's `network`, the fixed
 * network as one more row, the NN baseline. Rejects with a ParameterError
 * (bad parameters, checked here before any work), NetworkMismatchError (a
 * network of another setting, also checked here) or RangeError (seed, samples).
 */
export function runBaselines(
  problem: ProblemId,
  parameters: RawParameters | ParameterValues,
  seed: number,
  samples: number,
  network?: NetworkFile,
): Promise<readonly BaselineResult[]> {
  try {
    const checked = readParameters(problemById(problem).parameters, parameters);
    if (network) checkNetworkFits(network, problemById(problem).configure(checked));
    checkWhole('seed', seed, 0, 2 ** 31 - 1);
    checkWhole('samples', samples, 1, 10_000_000);
    const key = keyOf(problem, checked, seed, samples, network);
    const known = cache.get(key);
    if (known) {
      // Refresh its place: the cache forgets the least recently used key first.
      cache.delete(key);
      cache.set(key, known);
      return known;
    }
    const pending = baselinesWorker()
      .baselines(
        network
          ? { problem, parameters: checked, seed, samples, network }
          : { problem, parameters: checked, seed, samples },
      )
      .then((results) => Object.freeze(results));
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
    if (cache.size > cacheLimit) cache.delete(cache.keys().next().value as string);
    return pending;
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
