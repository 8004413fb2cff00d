/**
 * The prompt side of programming by example: a network file becomes the
 * examples block and the score every prompt of an NNA run shows.
 */
import type { PromptSettings } from '../evolution/prompt.ts';
import type { ProblemInstance } from '../problem.ts';
import type { NetworkFile } from './networkFile.ts';
import { checkNetworkFits } from './networkMechanism.ts';
import { networkProblem } from './networkProblems.ts';

/**
 * The weight of the pbe operator in a run with a network, next to the
 * default operator weights (10 together): a little under a third of the prompts.
 */
export const defaultPbeWeight = 4;

/**
 * Returns the prompt settings of a run with `network`: its example table
 * and `score` (the fixed network on the run's samples; by default the score
 * stored with the network). Throws a NetworkMismatchError for a network of
 * another setting.
 */
export function networkPromptSettings(
  network: NetworkFile,
  instance: ProblemInstance,
  score: number | undefined = network.evaluation?.score,
): PromptSettings {
  checkNetworkFits(network, instance);
  const examples = networkProblem(instance.problem.id).examples(instance, network.mlp);
  return score === undefined ? { examples } : { examples, networkScore: score };
}
