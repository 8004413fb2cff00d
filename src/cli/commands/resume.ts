/**
 * `mechlab resume`: goes on with a run file that `mechlab run` left before
 * its budget was spent — paused with Ctrl-C, or killed (its journal is
 * folded in first, so no recorded candidate is lost). The run keeps its own
 * settings and seed; it asks the model what an uninterrupted run would
 * have asked next, so a demo run resumed ends with the same records.
 */
import { problemById } from '../../core/problems/index.ts';
import { takeFlag, takeInteger } from '../args.ts';
import { CliError } from '../errors.ts';
import { FileRunStore } from '../fileRunStore.ts';
import { networkPrompt } from '../network.ts';
import { nodePoolSize } from '../nodeEvaluator.ts';
import { executeRun } from '../runExecution.ts';
import { resumedModel } from '../runModel.ts';
import type { Command } from '../command.ts';

export const resumeCommand: Command = {
  usage:
    'mechlab resume --run run.json [--workers W] [--backend demo|scripted|openai] [--replies FILE] [--base-url URL --model|--llm-model NAME]',
  summary: 'go on with a run that was paused (Ctrl-C) or killed, from its run file, to its budget',
  async run({ flags, switches }) {
    const path = takeFlag(flags, 'run');
    if (path === undefined) throw new CliError('--run FILE is required: the run file `mechlab run` wrote');
    const workers = takeInteger(flags, 'workers', nodePoolSize(), 1, 64);
    const store = new FileRunStore(path);
    const stored = await store.load();
    if (!stored) throw new CliError(`cannot read run file ${path}: no such file`);
    const { meta, progress, candidates } = stored;
    if (!progress || candidates.length === 0)
      throw new CliError(
        `${path} holds run '${meta.id}' with no records yet: start it again with mechlab run`,
      );
    if (progress.status === 'finished' || progress.status === 'stopped')
      throw new CliError(
        `run '${meta.id}' in ${path} is ${progress.status}: only a paused or interrupted run can go on`,
      );
    const quiet = switches.has('json');
    const model = resumedModel(flags, meta, Math.max(0, candidates.length - 1));
    const leftOver = [...flags.keys()];
    if (leftOver.length > 0)
      throw new CliError(
        `--${leftOver[0]} is not a flag of mechlab resume: the run keeps the problem and settings it was started with`,
      );
    const instance = problemById(meta.settings.problem).configure(meta.settings.parameters);
    const { network, search } = meta.settings;
    const promptSettings = network
      ? networkPrompt(network, instance, search.seed, search.samples, quiet)
      : undefined;
    if (!quiet)
      process.stderr.write(
        `resuming run '${meta.id}' after ${candidates.length - 1} of ${meta.settings.budget.candidates ?? '?'} candidates…\n`,
      );
    return executeRun({
      meta,
      instance,
      model,
      store,
      workers,
      promptSettings,
      resume: { progress, candidates },
      quiet,
    });
  },
};
