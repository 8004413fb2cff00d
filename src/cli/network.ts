/** Network files for the CLI: read and check one, with errors that name the file; a run's prompt settings from one. */
import type { PromptSettings } from '../core/evolution/prompt.ts';
import { NetworkFileError, readNetworkFile, type NetworkFile } from '../core/nn/networkFile.ts';
import { NetworkMismatchError, checkNetworkFits, evaluateNetwork } from '../core/nn/networkMechanism.ts';
import { networkPromptSettings } from '../core/nn/promptSettings.ts';
import type { ProblemInstance } from '../core/problem.ts';
import { rngStream } from '../core/rng.ts';
import { CliError } from './errors.ts';
import { readJson } from './setup.ts';

/** Returns the network file at `path`, or throws a CliError that says what is wrong with it. */
export function readNetwork(path: string): NetworkFile {
  try {
    return readNetworkFile(readJson(path, 'network file'));
  } catch (error) {
    if (error instanceof NetworkFileError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Throws a CliError unless the network at `path` was trained for `instance`'s setting. */
export function expectNetworkFits(network: NetworkFile, instance: ProblemInstance, path: string): void {
  try {
    checkNetworkFits(network, instance);
  } catch (error) {
    if (error instanceof NetworkMismatchError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/**
 * Returns the prompt settings of a run with `network`: its examples and its
 * score on the run's own samples — the stored one when the network was
 * scored on the same sample set, else scored now.
 */
export function networkPrompt(
  network: NetworkFile,
  instance: ProblemInstance,
  seed: number,
  samples: number,
  quiet: boolean,
): PromptSettings {
  const stored = network.evaluation;
  if (stored && stored.seed === seed && stored.samples === samples)
    return networkPromptSettings(network, instance, stored.score);
  if (!quiet) process.stderr.write(`scoring the network on the run's ${samples} samples…\n`);
  const scored = evaluateNetwork(
    network,
    instance,
    instance.sample(rngStream(seed, 'evaluation'), samples),
    seed,
  );
  return networkPromptSettings(network, instance, scored.score);
}
