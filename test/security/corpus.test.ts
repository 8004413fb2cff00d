/**
 * The hostile corpus in Node, through the real worker path: the search
 * loop, the evaluator pool and child processes with a heap limit
 * (src/cli/nodeEvaluator.ts), one worker per problem so that every probe
 * runs where the program before it ran. Writes the counts to
 * test-results/security-corpus-node.json for the note.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeEvaluator } from '../../src/cli/nodeEvaluator.ts';
import type { ProblemId } from '../../src/core/problem.ts';
import { hostileCorpus, replyOf, type HostileProgram } from './corpus/index.ts';
import { corpusSetup, runCorpus, type CorpusOutcome, type CorpusRun } from './runCorpus.ts';
import { countBy, expectOutcome, groupBy } from './outcomes.ts';

/** The corpus's time limit per candidate, and its heap limit per worker. */
const timeoutMs = 1_000;
const memoryLimitMb = 64;

/** One run of the loop: the programs of one problem that share a time limit. */
interface Batch {
  readonly problem: ProblemId;
  readonly timeoutMs: number;
  readonly programs: readonly HostileProgram[];
}

const batches: Batch[] = [
  ...groupBy(hostileCorpus, (p) => `${p.problem} ${p.timeLimitMs ?? timeoutMs}`).values(),
].map((programs) => ({
  problem: programs[0].problem,
  timeoutMs: programs[0].timeLimitMs ?? timeoutMs,
  programs,
}));
const runs = new Map<Batch, CorpusRun>();
const outcomes = new Map<string, CorpusOutcome>();

beforeAll(async () => {
  // One batch after another: the slow-code programs are timed against the limit.
  for (const batch of batches) {
    const evaluator = createNodeEvaluator(corpusSetup(batch.problem), {
      timeoutMs: batch.timeoutMs,
      size: 1,
      memoryLimitMb,
    });
    try {
      const run = await runCorpus(batch.problem, batch.programs, evaluator, { timeoutMs: batch.timeoutMs });
      runs.set(batch, run);
      for (const outcome of run.outcomes) outcomes.set(outcome.id, outcome);
    } finally {
      await evaluator.close();
    }
  }
  const all = [...outcomes.values()];
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    join('test-results', 'security-corpus-node.json'),
    JSON.stringify(
      {
        programs: all.length,
        byStatus: countBy(all, (o) => o.status),
        seconds: [...runs].map(([batch, run]) => ({
          ...batch,
          programs: batch.programs.length,
          seconds: run.seconds,
        })),
        outcomes: all,
      },
      null,
      2,
    ),
  );
}, 600_000);

describe('the hostile corpus', () => {
  it('holds at least 100 labelled programs with distinct ids and replies, in every category', () => {
    expect(hostileCorpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(hostileCorpus.map((p) => p.id)).size).toBe(hostileCorpus.length);
    expect(new Set(hostileCorpus.map(replyOf)).size).toBe(hostileCorpus.length);
    const categories = countBy(hostileCorpus, (p) => p.category);
    expect(Object.keys(categories).length).toBeGreaterThanOrEqual(10);
    for (const count of Object.values(categories)) expect(count).toBeGreaterThanOrEqual(5);
    for (const p of hostileCorpus) expect(p.tries).not.toBe('');
  });
});

describe('in Node worker processes with a 64 MB heap and a 1 s limit (8 s for heap growth), every program ends as a recorded candidate', () => {
  it('records the starting heuristic, every program and every probe, in order', () => {
    for (const batch of batches) expect(runs.get(batch)?.records).toBe(1 + 2 * batch.programs.length);
  });

  for (const [category, programs] of groupBy(hostileCorpus, (p) => p.category)) {
    describe(category, () => {
      for (const program of programs) {
        it(`${program.id}: ${program.tries} → ${program.expect.status}`, () => {
          expectOutcome(outcomes.get(program.id), program.expect);
        });
      }
    });
  }
});

describe('no program leaves anything behind for the next candidate', () => {
  for (const batch of batches) {
    it(`${batch.problem} (${batch.programs.length} programs, ${batch.timeoutMs / 1000} s limit): the probe after every program scores exactly what it scores alone`, () => {
      const run = runs.get(batch)!;
      expect(run.probeReference).toEqual(expect.any(Number));
      const differing = run.outcomes
        .filter((o) => o.probeScore !== run.probeReference)
        .map((o) => `${o.id}: probe scored ${o.probeScore} (${o.probe})`);
      expect(differing).toEqual([]);
    });
  }
});
