/**
 * Candidates per minute of a whole search with the demo backend (model time
 * is zero: the replies are scripted), with 1 and 2 Node workers: the
 * engine's own cost — parsing, dedupe, evaluation in workers, records.
 */
import { EvolutionRun } from '../src/core/evolution/loop.ts';
import { defaultSearchConfig } from '../src/core/evolution/config.ts';
import type { RunMeta, RunProgress, RunStore } from '../src/core/evolution/ports.ts';
import type { Candidate } from '../src/core/evolution/record.ts';
import type { ProblemId } from '../src/core/problem.ts';
import { problemById } from '../src/core/problems/index.ts';
import { createScriptedBackend } from '../src/llm/scripted.ts';
import { demoReplies } from '../src/llm/demoReplies.ts';
import { createNodeEvaluator } from '../src/cli/nodeEvaluator.ts';

/** Keeps nothing: the benchmark measures the engine, not storage. */
const nullStore: RunStore = {
  async createRun() {},
  async recordCandidate(_id: string, _c: Candidate, _p: RunProgress) {},
  async saveProgress() {},
  async loadRun() {
    return null;
  },
};

export interface SearchFigures {
  readonly problem: ProblemId;
  readonly workers: number;
  readonly candidates: number;
  readonly seconds: number;
  readonly candidatesPerMinute: number;
  readonly timeouts: number;
}

/** Runs a demo search of `budget` candidates and returns its speed. Time limit 2 s per candidate. */
export async function measureSearch(
  problem: ProblemId,
  workers: number,
  budget: number,
): Promise<SearchFigures> {
  const instance = problemById(problem).configure({});
  const search = { ...defaultSearchConfig, evaluationTimeoutMs: 2000, pipelineDepth: workers };
  const meta: RunMeta = {
    id: 'bench',
    name: 'bench',
    createdAt: 0,
    updatedAt: 0,
    model: null,
    settings: {
      problem,
      parameters: { ...instance.parameters },
      search,
      budget: { candidates: budget },
      generation: { temperature: 0.8, topP: 0.95, maxTokens: 768 },
    },
  };
  const evaluator = createNodeEvaluator(
    { problem, parameters: meta.settings.parameters, seed: search.seed, samples: search.samples },
    { timeoutMs: search.evaluationTimeoutMs, size: workers },
  );
  const model = createScriptedBackend({ replies: demoReplies(problem, budget, search.seed), label: 'demo' });
  const run = new EvolutionRun({ meta, instance, model, evaluator, store: nullStore });
  const started = performance.now();
  await run.run();
  const seconds = (performance.now() - started) / 1000;
  await evaluator.close();
  const timeouts = run.candidates.filter((c) => c.status === 'timeout').length;
  return {
    problem,
    workers,
    candidates: run.candidates.length,
    seconds,
    candidatesPerMinute: (run.candidates.length / seconds) * 60,
    timeouts,
  };
}
