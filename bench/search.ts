/**
 * Candidates per minute of a whole search with the demo backend (model time
 * is zero: the replies are scripted), with 1, 2 and all Node workers: the
 * engine's own cost — parsing, dedupe, evaluation in workers, records —
 * from spawning the workers to the last record. Wall time.
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
import { summarise, type Measured } from './measure.ts';

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
  /** The scores of the candidates in order (null for failures): the same for any number of workers. */
  readonly scores: readonly (number | null)[];
}

/** Several searches of one setting: candidates per minute as a median with its spread. */
export interface RepeatedSearch {
  readonly problem: ProblemId;
  readonly workers: number;
  readonly budget: number;
  readonly candidatesPerMinute: Measured;
  readonly timeouts: number;
  /** The scores of the last run's candidates, in order. */
  readonly scores: readonly (number | null)[];
}

/**
 * Runs `runs` rounds of demo searches of `budget` candidates, one search
 * per worker count in each round (each a fresh run with fresh workers), so
 * that other load on the machine falls on every count alike. Returns the
 * figures per count, in the order of `counts`.
 */
export async function repeatSearches(
  problem: ProblemId,
  counts: readonly number[],
  budget: number,
  runs: number,
): Promise<RepeatedSearch[]> {
  const rates: number[][] = counts.map(() => []);
  const timeouts = counts.map(() => 0);
  const scores: (readonly (number | null)[])[] = counts.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [k, workers] of counts.entries()) {
      const figures = await measureSearch(problem, workers, budget);
      rates[k].push(figures.candidatesPerMinute);
      timeouts[k] += figures.timeouts;
      scores[k] = figures.scores;
    }
  }
  return counts.map((workers, k) => ({
    problem,
    workers,
    budget,
    candidatesPerMinute: summarise(rates[k]),
    timeouts: timeouts[k],
    scores: scores[k],
  }));
}

/**
 * The pipeline depth of every benchmark search: the same for any number of
 * workers, so that 1, 2 and all workers run the very same search (the same
 * candidates, the same records) and only the speed differs. While one
 * worker waits out an endless loop's 2 s, another can evaluate about
 * 2 s / 0.13 s ≈ 15 redistribution candidates, but only as many as the
 * depth lets the model write ahead of the records. Measured on the
 * redistribution demo (40 candidates, one endless loop, a quiet machine),
 * 2 workers against 1: 1.46× at depth 4, 1.47× at 8, 1.70× at 16, 1.67×
 * at 32. A real model's generation time dwarfs all this (docs/scaling.md).
 */
export const benchPipelineDepth = 16;

/** Runs a demo search of `budget` candidates and returns its speed. Time limit 2 s per candidate. */
export async function measureSearch(
  problem: ProblemId,
  workers: number,
  budget: number,
): Promise<SearchFigures> {
  const instance = problemById(problem).configure({});
  const search = { ...defaultSearchConfig, evaluationTimeoutMs: 2000, pipelineDepth: benchPipelineDepth };
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
    scores: run.candidates.map((c) => c.score),
  };
}
