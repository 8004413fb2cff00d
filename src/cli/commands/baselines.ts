/** `mechlab baselines`: the reference mechanisms' scores (and worst cases for redistribution). */
import { rngStream } from '../../core/rng.ts';
import { takeInteger } from '../args.ts';
import { configureFromFlags } from '../setup.ts';
import { fixed, table, withError } from '../format.ts';
import type { Command } from '../command.ts';

export const baselinesCommand: Command = {
  usage: 'mechlab baselines --problem ID [--param value …] [--samples N] [--seed S] [--json]',
  summary: "score the problem's reference mechanisms on N sampled profiles",
  run({ flags, switches }) {
    const samples = takeInteger(flags, 'samples', 100_000, 1, 10_000_000);
    const seed = takeInteger(flags, 'seed', 1, 0, 2 ** 31 - 1);
    const instance = configureFromFlags(flags);
    const baselines = instance.baselines(instance.sample(rngStream(seed, 'evaluation'), samples));
    if (switches.has('json')) {
      return JSON.stringify(
        { problem: instance.problem.id, parameters: instance.parameters, samples, seed, baselines },
        null,
        2,
      );
    }
    const hasWorstCase = baselines.some((b) => b.worstCase !== undefined);
    const header = ['baseline', 'score', 'theory', ...(hasWorstCase ? ['worst case'] : [])];
    return table([
      header,
      ...baselines.map((b) => [
        b.name,
        withError(b.score, b.standardError),
        b.theory === undefined ? '—' : fixed(b.theory),
        ...(hasWorstCase ? [b.worstCase === undefined ? '—' : fixed(b.worstCase)] : []),
      ]),
    ]);
  },
};
