/**
 * `mechlab run`: the same engine as the browser, headless — Node worker
 * processes evaluate, each candidate is written to the run file (through
 * its journal) as it arrives, and the file imports into the app. A run
 * paused with Ctrl-C, or killed, goes on with `mechlab resume`.
 */
import { defaultSearchConfig } from '../../core/evolution/config.ts';
import type { PlanConfig } from '../../core/evolution/plan.ts';
import type { RunMeta, RunSettings } from '../../core/evolution/ports.ts';
import { defaultScreening, type ScreeningConfig } from '../../core/evolution/screening.ts';
import type { NetworkFile } from '../../core/nn/networkFile.ts';
import { defaultPbeWeight } from '../../core/nn/promptSettings.ts';
import { nodePoolSize } from '../nodeEvaluator.ts';
import { FileRunStore } from '../fileRunStore.ts';
import { takeFlag, takeInteger } from '../args.ts';
import { CliError } from '../errors.ts';
import { configureFromFlags } from '../setup.ts';
import { expectNetworkFits, networkPrompt, readNetwork } from '../network.ts';
import { executeRun } from '../runExecution.ts';
import { chooseModel } from '../runModel.ts';
import type { Command } from '../command.ts';

/**
 * Returns the staged evaluation the flags ask for: --screening on (the
 * default) or off, and --screen-samples N, the first stage's profiles.
 */
function chooseScreening(flags: Map<string, string>, samples: number): ScreeningConfig | null {
  const mode = takeFlag(flags, 'screening') ?? 'on';
  if (mode !== 'on' && mode !== 'off')
    throw new CliError(`--screening ${mode} is not known; on (the default) or off`);
  const asked = flags.has('screen-samples');
  const first = takeInteger(flags, 'screen-samples', defaultScreening.samples, 1, 10_000_000);
  if (mode === 'off') {
    if (asked) throw new CliError('--screen-samples needs --screening on');
    return null;
  }
  // A first stage as large as the sample set is no stage at all: only say so when it was asked for.
  if (asked && first >= samples)
    throw new CliError(
      `--screen-samples ${first} is not allowed: the first stage must be smaller than --samples (${samples})`,
    );
  return { ...defaultScreening, samples: first };
}

export const runCommand: Command = {
  usage:
    'mechlab run --problem ID [--param value …] [--backend demo|scripted|openai] [--replies FILE] [--base-url URL --model|--llm-model NAME] [--budget N] [--seed S] [--samples N] [--workers W] [--time-limit SECONDS] [--screening on|off] [--screen-samples N] [--network net.json [--pbe-weight W] [--objective agreement]] --out run.json',
  summary: 'run the search headless with Node workers and write a run file the app can import',
  async run({ flags, switches }) {
    const out = takeFlag(flags, 'out');
    if (out === undefined) throw new CliError('--out FILE is required: where the run file is written');
    const budget = takeInteger(flags, 'budget', 50, 1, 100_000);
    const seed = takeInteger(flags, 'seed', defaultSearchConfig.seed, 0, 2 ** 31 - 1);
    const samples = takeInteger(flags, 'samples', defaultSearchConfig.samples, 16, 10_000_000);
    const workers = takeInteger(flags, 'workers', nodePoolSize(), 1, 64);
    const depth = takeInteger(flags, 'depth', defaultSearchConfig.pipelineDepth, 0, 64);
    const timeLimit = takeInteger(
      flags,
      'time-limit',
      defaultSearchConfig.evaluationTimeoutMs / 1000,
      1,
      3600,
    );
    const screening = chooseScreening(flags, samples);
    const networkPath = takeFlag(flags, 'network');
    const pbeWeight = takeInteger(flags, 'pbe-weight', defaultPbeWeight, 0, 1000);
    const objective = takeFlag(flags, 'objective');
    if (networkPath === undefined && (objective !== undefined || flags.has('pbe-weight')))
      throw new CliError('--objective and --pbe-weight need --network FILE (a network from mechlab train)');
    if (objective !== undefined && objective !== 'agreement')
      throw new CliError(`--objective ${objective} is not known; the only second objective is agreement`);
    const problemFlag = flags.get('problem') ?? '';
    const model = chooseModel(flags, { problem: problemFlag, seed, budget, used: 0 });
    const instance = configureFromFlags(flags);
    const network = networkPath === undefined ? undefined : readNetwork(networkPath);
    if (network && networkPath) expectNetworkFits(network, instance, networkPath);

    const search: PlanConfig = {
      ...defaultSearchConfig,
      seed,
      samples,
      pipelineDepth: depth,
      evaluationTimeoutMs: timeLimit * 1000,
      screening,
      ...(network ? { pbeWeight } : {}),
      ...(objective === 'agreement' ? { secondObjective: objective } : {}),
    };
    // The network is stored with the run, so the run can be resumed and its network re-evaluated.
    const settings: RunSettings & { readonly network?: NetworkFile } = {
      problem: instance.problem.id,
      parameters: { ...instance.parameters },
      search,
      budget: { candidates: budget },
      generation: { temperature: 0.8, topP: 0.95, maxTokens: 768 },
      ...(network ? { network } : {}),
    };
    const quiet = switches.has('json');
    const promptSettings = network ? networkPrompt(network, instance, seed, samples, quiet) : undefined;
    const now = Date.now();
    const meta: RunMeta = {
      id: `run-${now.toString(36)}`,
      name: `${instance.problem.title} (${model.model}, seed ${seed})`,
      createdAt: now,
      updatedAt: now,
      settings,
      model: { backend: model.backend, model: model.model },
    };
    const store = new FileRunStore(out);
    await store.createRun(meta);
    return executeRun({ meta, instance, model, store, workers, promptSettings, quiet });
  },
};
