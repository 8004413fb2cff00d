/**
 * Candidates per minute of a whole search with the demo backend (model time
 * is zero: the replies are scripted), with 1, 2 and all Node workers: the
 * engine's own cost — parsing, dedupe, evaluation in workers, records —
 * from spawning the workers to the last record, endless loops included
 * (each costs its full time limit). Wall time. The workers are started
 * together as the evaluator is made (`prestart`) from the prebundled worker
 * (src/cli/workerBundle.ts; bench/run.ts builds it before timing anything).
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
import { loadavg } from 'node:os';
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
  /** The time limit per candidate, in seconds: a search with a timeout lasts at least this long. */
  readonly timeLimitSeconds: number;
  /** The 1-minute load average of the machine when the search ended. */
  readonly loadAverage: number;
  /** The scores of the candidates in order (null for failures): the same for any number of workers. */
  readonly scores: readonly (number | null)[];
}

/** Several searches of one setting: candidates per minute as a median with its spread. */
export interface RepeatedSearch {
  readonly problem: ProblemId;
  readonly workers: number;
  readonly budget: number;
  readonly candidatesPerMinute: Measured;
  /** Wall seconds of each search, round by round (the rounds of every worker count interleave). */
  readonly runSeconds: readonly number[];
  /** Timeouts over all rounds. */
  readonly timeouts: number;
  /** The time limit per candidate, in seconds. */
  readonly timeLimitSeconds: number;
  /** The machine's 1-minute load average at the end of each search. */
  readonly loadAverage: Measured;
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
  const seconds: number[][] = counts.map(() => []);
  const loads: number[][] = counts.map(() => []);
  const timeouts = counts.map(() => 0);
  let timeLimit = 0;
  const scores: (readonly (number | null)[])[] = counts.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [k, workers] of counts.entries()) {
      const figures = await measureSearch(problem, workers, budget);
      rates[k].push(figures.candidatesPerMinute);
      seconds[k].push(figures.seconds);
      loads[k].push(figures.loadAverage);
      timeouts[k] += figures.timeouts;
      timeLimit = figures.timeLimitSeconds;
      scores[k] = figures.scores;
    }
  }
  return counts.map((workers, k) => ({
    problem,
    workers,
    budget,
    candidatesPerMinute: summarise(rates[k]),
    runSeconds: seconds[k],
    timeouts: timeouts[k],
    timeLimitSeconds: timeLimit,
    loadAverage: summarise(loads[k]),
    scores: scores[k],
  }));
}

/** How much faster `more` workers ran the same searches than `one` worker did. */
export interface SearchSpeedup {
  readonly problem: ProblemId;
  readonly workers: number;
  /** Seconds with one worker ÷ seconds with `workers`, round by round: median and spread. */
  readonly ratio: Measured;
  /**
   * The most `workers` workers could give: a search with a timeout lasts at
   * least the time limit, a wait no extra worker shortens, so the ratio is
   * at most T1 ÷ max(T1 ÷ workers, limit) (Amdahl's law with the limit as
   * the serial part), T1 the median one-worker time.
   */
  readonly bound: number;
}

/** Returns the speedup of `more` over `one` (searches of the same problem, rounds interleaved). */
export function searchSpeedup(one: RepeatedSearch, more: RepeatedSearch): SearchSpeedup {
  const ratios = one.runSeconds.map((t, r) => t / more.runSeconds[r]);
  const t1 = summarise(one.runSeconds).median;
  const serial = one.timeouts > 0 ? one.timeLimitSeconds : 0;
  return {
    problem: one.problem,
    workers: more.workers,
    ratio: summarise(ratios),
    bound: t1 / Math.max(t1 / more.workers, serial),
  };
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
 * at 32 (workers through tsx, started one by one). On the auctions no depth
 * up to 32 hides the wait: their candidates take milliseconds, so 16 of
 * them are done long before the 2 s are up. A real model's generation time dwarfs all this (docs/scaling.md).
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
  const model = createScriptedBackend({ replies: demoReplies(problem, budget, search.seed), label: 'demo' });
  // Timed from here: the workers start booting as the evaluator is made.
  const started = performance.now();
  const evaluator = createNodeEvaluator(
    { problem, parameters: meta.settings.parameters, seed: search.seed, samples: search.samples },
    { timeoutMs: search.evaluationTimeoutMs, size: workers, prestart: true },
  );
  const run = new EvolutionRun({ meta, instance, model, evaluator, store: nullStore });
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
    timeLimitSeconds: search.evaluationTimeoutMs / 1000,
    loadAverage: loadavg()[0],
    scores: run.candidates.map((c) => c.score),
  };
}
