/**
 * `mechlab run`: the same engine as the browser, headless — Node worker
 * threads evaluate, the run file is rewritten atomically as candidates
 * arrive, and the file imports into the app.
 */
import { EvolutionRun } from '../../core/evolution/loop.ts';
import { defaultSearchConfig } from '../../core/evolution/config.ts';
import type { PlanConfig } from '../../core/evolution/plan.ts';
import type { EvaluationSetup, ModelPort, RunMeta, RunSettings } from '../../core/evolution/ports.ts';
import type { PromptSettings } from '../../core/evolution/prompt.ts';
import { isValidStatus, type Candidate } from '../../core/evolution/record.ts';
import { defaultScreening, type ScreeningConfig } from '../../core/evolution/screening.ts';
import { evaluateNetwork } from '../../core/nn/networkMechanism.ts';
import type { NetworkFile } from '../../core/nn/networkFile.ts';
import { defaultPbeWeight, networkPromptSettings } from '../../core/nn/promptSettings.ts';
import type { ProblemInstance } from '../../core/problem.ts';
import { rngStream } from '../../core/rng.ts';
import { createScriptedBackend } from '../../llm/scripted.ts';
import { createOpenAiBackend } from '../../llm/openai.ts';
import { demoReplies } from '../../llm/demoReplies.ts';
import { createNodeEvaluator, nodePoolSize } from '../nodeEvaluator.ts';
import { FileRunStore } from '../fileRunStore.ts';
import { takeFlag, takeInteger } from '../args.ts';
import { CliError } from '../errors.ts';
import { problems } from '../../core/problems/index.ts';
import { configureFromFlags, readJson } from '../setup.ts';
import { expectNetworkFits, readNetwork } from '../network.ts';
import type { Command } from '../command.ts';

const backends = ['demo', 'scripted', 'openai'] as const;

/** Returns whether `problem` (an id, perhaps unknown) has a parameter named `name`. */
function problemTakes(problem: string, name: string): boolean {
  return problems.some((p) => p.id === problem && p.parameters.some((spec) => spec.name === name));
}

/**
 * Returns the model the flags ask for. The language model is named by
 * --llm-model, or by --model unless the problem has a parameter of that
 * name (correlated-revenue's value model).
 */
function chooseModel(flags: Map<string, string>, problem: string, seed: number, budget: number): ModelPort {
  const backend = takeFlag(flags, 'backend') ?? 'demo';
  const replies = takeFlag(flags, 'replies');
  const baseUrl = takeFlag(flags, 'base-url');
  const model =
    takeFlag(flags, 'llm-model') ?? (problemTakes(problem, 'model') ? undefined : takeFlag(flags, 'model'));
  switch (backend) {
    case 'demo':
      return createScriptedBackend({ replies: demoReplies(problem, budget, seed), label: 'demo' });
    case 'scripted': {
      if (replies === undefined)
        throw new CliError('--backend scripted needs --replies FILE (a JSON array of reply strings)');
      const list = readJson(replies, 'replies file');
      if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) {
        throw new CliError(`replies file ${replies} must hold a JSON array of strings, one reply each`);
      }
      return createScriptedBackend({ replies: list, label: replies });
    }
    case 'openai':
      if (baseUrl === undefined || model === undefined) {
        const modelFlag = problemTakes(problem, 'model')
          ? '--llm-model NAME (--model is this problem’s value model)'
          : '--model NAME';
        throw new CliError(
          `--backend openai needs --base-url URL and ${modelFlag} (e.g. http://127.0.0.1:8080 for llama.cpp server)`,
        );
      }
      return createOpenAiBackend({ baseUrl, model });
    default:
      throw new CliError(`--backend ${backend} is not known; one of ${backends.join(', ')}`);
  }
}

/**
 * Returns the prompt settings of a run with `network`: its examples and its
 * score on the run's own samples — the stored one when the network was
 * scored on the same sample set, else scored now.
 */
function networkPrompt(
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

function progressLine(candidate: Candidate, best: number | null): string {
  const score = candidate.score === null ? '' : ` ${candidate.score.toFixed(4)}`;
  const reason =
    candidate.status === 'ok' ? '' : ` — ${candidate.error?.message.split('\n')[0].slice(0, 100) ?? ''}`;
  return `${candidate.id} ${candidate.operator.padEnd(9)} ${candidate.status}${score}${reason}${best === null ? '' : `   best ${best.toFixed(4)}`}`;
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
    const model = chooseModel(flags, problemFlag, seed, budget);
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
    const setup: EvaluationSetup & { readonly network?: NetworkFile } = {
      problem: settings.problem,
      parameters: settings.parameters,
      seed,
      samples,
      ...(network ? { network } : {}),
    };
    const evaluator = createNodeEvaluator(setup, {
      timeoutMs: settings.search.evaluationTimeoutMs,
      size: workers,
      prestart: model.backend === 'scripted', // scripted replies keep every worker busy at once
    });
    let best: number | null = null;
    const run = new EvolutionRun({
      meta,
      instance,
      model,
      evaluator,
      store,
      promptSettings,
      listener: (event) => {
        if (event.type === 'new-best') best = event.candidate.score;
        if (event.type === 'candidate' && !quiet)
          process.stderr.write(progressLine(event.candidate, best) + '\n');
        if (event.type === 'error' || event.type === 'storage')
          process.stderr.write(`mechlab: ${event.message}\n`);
      },
    });
    const interrupt = () => run.stop();
    process.once('SIGINT', interrupt);
    const started = performance.now();
    let status;
    try {
      status = await run.run();
    } finally {
      process.off('SIGINT', interrupt);
      await evaluator.close();
    }
    const candidates = run.candidates;
    // Screened-out candidates ran correctly: valid, only not scored on the whole sample set.
    const valid = candidates.filter((c) => isValidStatus(c.status)).length;
    const screenedOut = candidates.filter((c) => c.status === 'screened-out').length;
    const summary = {
      status,
      out,
      candidates: candidates.length,
      valid,
      screenedOut,
      best: best,
      seconds: (performance.now() - started) / 1000,
    };
    return quiet
      ? JSON.stringify(summary)
      : `${status}: ${candidates.length} candidates (${valid} valid${screenedOut > 0 ? `, ${screenedOut} screened out` : ''}), best score ${best === null ? '—' : (best as number).toFixed(4)}, ${summary.seconds.toFixed(1)} s — wrote ${out}`;
  },
};
