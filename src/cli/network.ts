/** Network files for the CLI: read and check one, with errors that name the file. */
import { NetworkFileError, readNetworkFile, type NetworkFile } from '../core/nn/networkFile.ts';
import { NetworkMismatchError, checkNetworkFits } from '../core/nn/networkMechanism.ts';
import type { ProblemInstance } from '../core/problem.ts';
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
