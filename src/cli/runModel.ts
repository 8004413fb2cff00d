/**
 * The language model of a `mechlab run` or `mechlab resume`: the demo's
 * scripted replies, a replies file, or an OpenAI-compatible server. A
 * resumed run skips the replies its recorded model calls already used, so
 * it asks what an uninterrupted run would have asked next.
 */
import type { ModelPort, RunMeta } from '../core/evolution/ports.ts';
import { problems } from '../core/problems/index.ts';
import { demoLabel, demoModel } from '../llm/demoModel.ts';
import { createOpenAiBackend } from '../llm/openai.ts';
import { createScriptedBackend } from '../llm/scripted.ts';
import { takeFlag } from './args.ts';
import { CliError } from './errors.ts';
import { readJson } from './setup.ts';

export const backends = ['demo', 'scripted', 'openai'] as const;

/** Returns whether `problem` (an id, perhaps unknown) has a parameter named `name`. */
export function problemTakes(problem: string, name: string): boolean {
  return problems.some((p) => p.id === problem && p.parameters.some((spec) => spec.name === name));
}

/** What the model must know of the run: its problem, seed and budget, and the model calls already made. */
export interface ModelContext {
  readonly problem: string;
  readonly seed: number;
  readonly budget: number | undefined;
  /** Model calls a resumed run has made: a scripted model skips that many replies. */
  readonly used: number;
}

/**
 * Returns the model the flags ask for. The language model is named by
 * --llm-model, or by --model unless the problem has a parameter of that
 * name (correlated-revenue's value model).
 */
export function chooseModel(flags: Map<string, string>, context: ModelContext): ModelPort {
  const { problem, seed, budget, used } = context;
  const backend = takeFlag(flags, 'backend') ?? 'demo';
  const replies = takeFlag(flags, 'replies');
  const baseUrl = takeFlag(flags, 'base-url');
  const model =
    takeFlag(flags, 'llm-model') ?? (problemTakes(problem, 'model') ? undefined : takeFlag(flags, 'model'));
  switch (backend) {
    case 'demo':
      return demoModel({ problem, seed, budget, used });
    case 'scripted': {
      if (replies === undefined)
        throw new CliError('--backend scripted needs --replies FILE (a JSON array of reply strings)');
      const list = readJson(replies, 'replies file');
      if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) {
        throw new CliError(`replies file ${replies} must hold a JSON array of strings, one reply each`);
      }
      return createScriptedBackend({ replies: list.slice(used), label: replies });
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
 * Returns the model that goes on with the run `meta`, `used` model calls
 * in: the one the flags name, or, without --backend, the demo when the run
 * was the demo's. Any other model must be named again (a server's address
 * and a replies file's path are not in the run file).
 */
export function resumedModel(flags: Map<string, string>, meta: RunMeta, used: number): ModelPort {
  const { problem, search, budget } = meta.settings;
  const context = { problem, seed: search.seed, budget: budget.candidates, used };
  const recorded = meta.model;
  const isDemo = !recorded || (recorded.backend === 'scripted' && recorded.model === `scripted:${demoLabel}`);
  if (flags.has('backend') || isDemo) return chooseModel(flags, context);
  const again =
    recorded.backend === 'scripted'
      ? `--backend scripted --replies ${recorded.model.replace(/^scripted:/, '')}`
      : `--backend ${recorded.backend} --base-url URL --${problemTakes(problem, 'model') ? 'llm-model' : 'model'} ${recorded.model}`;
  throw new CliError(
    `this run's model was ${recorded.backend} ${recorded.model}: name it again to go on, e.g. ${again}`,
  );
}
