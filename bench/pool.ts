/**
 * Candidates per minute through the real worker pool (child processes, as
 * `mechlab run` uses them) with 1, 2 and all cores: the case's heuristic,
 * each copy with its own comment so that every one is compiled afresh, as
 * distinct candidates are. The pools are warmed first (workers spawned and
 * prepared, one candidate each), so the figure is the steady rate of a
 * long run. Wall time: parallel work is what is being measured. The pools
 * of every worker count take turns, batch by batch, so that other load on
 * the machine falls on all of them alike.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createNodeEvaluator } from '../src/cli/nodeEvaluator.ts';
import { benchSamples, benchSeed } from './evaluation.ts';
import type { BenchCase } from './cases.ts';

export interface PoolFigures {
  readonly workers: number;
  readonly candidates: number;
  readonly seconds: number;
  readonly candidatesPerMinute: number;
}

/** Returns the worker counts to measure: 1, 2 and all cores (without repeats). */
export function workerCounts(): number[] {
  return [...new Set([1, 2, availableParallelism()])];
}

/**
 * Evaluates `batches` rounds of candidates on one warm pool per worker
 * count in `counts`, taking turns: in each round, each pool gets a batch of
 * `perWorker` × its workers copies of the case's heuristic. Returns each
 * count's batches, in the order of `counts`.
 */
export async function measurePools(
  benchCase: BenchCase,
  root: string,
  counts: readonly number[],
  perWorker: number,
  batches: number,
): Promise<PoolFigures[][]> {
  const source = readFileSync(join(root, benchCase.heuristic), 'utf8');
  let copies = 0;
  const next = () => `${source}\n// copy ${copies++}\n`;
  const setup = {
    problem: benchCase.problem,
    parameters: benchCase.parameters,
    seed: benchSeed,
    samples: benchSamples,
  };
  const pools = counts.map((size) => createNodeEvaluator(setup, { timeoutMs: 60_000, size }));
  try {
    for (const [k, pool] of pools.entries())
      await Promise.all(Array.from({ length: counts[k] }, () => pool.evaluate(next())));
    const figures: PoolFigures[][] = counts.map(() => []);
    for (let b = 0; b < batches; b++) {
      for (const [k, pool] of pools.entries()) {
        const count = perWorker * counts[k];
        const started = performance.now();
        const results = await Promise.all(Array.from({ length: count }, () => pool.evaluate(next())));
        const seconds = (performance.now() - started) / 1000;
        const failed = results.find((r) => r.status !== 'ok');
        if (failed) throw new Error(`${benchCase.id}: ${failed.status} ${failed.error?.message ?? ''}`);
        figures[k].push({
          workers: counts[k],
          candidates: count,
          seconds,
          candidatesPerMinute: (count / seconds) * 60,
        });
      }
    }
    return figures;
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
