/**
 * Staged evaluation in real runs: the loop with a real evaluator pool of
 * in-process evaluation sessions (runFakes.ts sessionPool) on
 * single-item-revenue, so candidates are truly scored on a first stage and
 * screened out against the bar of their island.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCandidate, prepareEvaluation } from '../../../src/core/evolution/evaluateCandidate.ts';
import { EvolutionRun } from '../../../src/core/evolution/loop.ts';
import type { EvaluationSetup, RunMeta } from '../../../src/core/evolution/ports.ts';
import {
  screeningRequest,
  type ScreeningConfig,
  type ScreeningRequest,
} from '../../../src/core/evolution/screening.ts';
import {
  MemoryStore,
  fakeModel,
  instance,
  meta,
  replies,
  scrambled,
  sessionPool,
  untimedRecords,
} from './runFakes.ts';

const screening: ScreeningConfig = { samples: 128, top: 3, z: 3 };
const budget = 36;

/** A reply whose priority returns NaN for the highest bids: 'invalid-output', a failure with code to repair. */
const broken = (r: number) =>
  `{reserve ${r}, broken}\n\`\`\`javascript\nfunction priority(bid, bidder, n) {\n  if (bid > 0.97) return NaN;\n  return bid >= ${r} ? bid : 0;\n}\n\`\`\``;

/** The model's replies: runFakes' forty, every ninth from the fifth broken, so repairs are asked for too. */
const stagedReplies = replies.map((text, i) => (i % 9 === 4 ? broken(0.1 * (i % 10)) : text));

/** The test run's meta: 1,024 samples, and `staged` as its screening ('absent': a run file from before it). */
function stagedMeta(staged: ScreeningConfig | null | 'absent', candidates = budget): RunMeta {
  const base = meta({ candidates });
  const { screening: _, ...search } = base.settings.search;
  return {
    ...base,
    settings: {
      ...base.settings,
      search: { ...search, samples: 1024, ...(staged === 'absent' ? {} : { screening: staged }) },
    },
  };
}

const setup: EvaluationSetup = { problem: 'single-item-revenue', parameters: {}, seed: 7, samples: 1024 };

/** Runs the test run to its end with `size` hosts; returns the store and each code's screening request. */
async function runWith(
  size: number,
  delays: () => number,
  staged: ScreeningConfig | null | 'absent' = screening,
  edit: (meta: RunMeta) => RunMeta = (meta) => meta,
) {
  const store = new MemoryStore();
  const asked = new Map<string, ScreeningRequest | null>();
  const evaluator = sessionPool(setup, size, delays, asked);
  await new EvolutionRun({
    meta: edit(stagedMeta(staged)),
    instance,
    model: fakeModel(stagedReplies),
    evaluator,
    store,
  }).run();
  await evaluator.close();
  return { candidates: store.candidates, asked };
}

describe('staged evaluation in a run', () => {
  it('records screened-out candidates with their first-stage figures, no score and no verification', async () => {
    const { candidates } = await runWith(1, () => 0);
    const out = candidates.filter((c) => c.status === 'screened-out');
    expect(out.length).toBeGreaterThanOrEqual(3);
    const prepared = prepareEvaluation(setup);
    for (const c of out) {
      expect(c.score).toBeNull();
      expect(c.standardError).toBeNull();
      expect(c.verification).toBeNull();
      expect(c.error?.reason).toBe('screened-out');
      expect(c.error?.message).toMatch(
        /^scored 0\.\d+ ± 0\.\d+ on the first 128 profiles, below the bar 0\.\d+/,
      );
      const [first, bar] = c.metrics;
      expect(first.id).toBe('screening-score');
      expect(bar.id).toBe('screening-bar');
      expect(first.value + 3 * (first.standardError ?? 0)).toBeLessThan(bar.value);
      // Scored in full, it would indeed have stayed below the bar.
      expect(evaluateCandidate(prepared, c.code as string).score).toBeLessThan(bar.value);
    }
    // Screened-out candidates are never parents, and never sent for repair.
    const ids = new Set(out.map((c) => c.id));
    expect(candidates.some((c) => c.parentIds.some((p) => ids.has(p)))).toBe(false);
  });

  it('takes the bar from the island as the prompt saw it, and scores seeds and repairs in full', async () => {
    const { candidates, asked } = await runWith(1, () => 0);
    const depth = stagedMeta(screening).settings.search.pipelineDepth;
    const repairs = candidates.filter((c) => c.operator === 'repair');
    expect(repairs.length).toBeGreaterThan(0);
    let staged = 0;
    for (const c of candidates) {
      if (!asked.has(c.code as string)) continue; // not evaluated: a parse error or a textual duplicate
      // The database of prompt k holds candidates 0 … k − depth − 1 (no island was reset in this short run).
      const seen = candidates.filter(
        (p) => p.iteration === 0 || (p.iteration < c.iteration - depth && p.island === c.island),
      );
      const scores = seen.filter((p) => p.status === 'ok').map((p) => p.score as number);
      const expected =
        c.operator === 'seed' || c.operator === 'repair' ? null : screeningRequest(screening, scores);
      expect(asked.get(c.code as string), c.id).toEqual(expected);
      if (expected) staged++;
    }
    expect(staged).toBeGreaterThan(10);
  });

  it('makes the same run with 1 and 2 workers, whatever order evaluations finish in', async () => {
    const one = await runWith(1, () => 0);
    const two = await runWith(2, scrambled(11));
    const twoAgain = await runWith(2, scrambled(12));
    expect(one.candidates.filter((c) => c.status === 'screened-out').length).toBeGreaterThan(0);
    expect(untimedRecords(two.candidates)).toEqual(untimedRecords(one.candidates));
    expect(untimedRecords(twoAgain.candidates)).toEqual(untimedRecords(one.candidates));
  });

  it('resumed mid-run, ends with the same records as an uninterrupted run', async () => {
    const whole = await runWith(2, scrambled(3));
    const store = new MemoryStore();
    const staged = stagedMeta(screening);
    await store.createRun(staged);
    let seen = 0;
    let evaluator = sessionPool(setup, 2, scrambled(4));
    const run: EvolutionRun = new EvolutionRun({
      meta: staged,
      instance,
      model: fakeModel(stagedReplies),
      evaluator,
      store,
      listener: (e) => {
        if (e.type === 'candidate' && ++seen === 15) run.pause();
      },
    });
    expect(await run.run()).toBe('paused');
    await evaluator.close();
    const saved = await store.loadRun();
    const recorded = saved!.candidates.length;
    expect(recorded).toBeLessThan(budget);
    evaluator = sessionPool(setup, 1, scrambled(5));
    const resumed = new EvolutionRun({
      meta: staged,
      instance,
      model: fakeModel(stagedReplies.slice(recorded - 1)),
      evaluator,
      store,
      resume: { progress: saved!.progress, candidates: saved!.candidates },
    });
    expect(await resumed.run()).toBe('finished');
    await evaluator.close();
    expect(store.candidates.slice(recorded).some((c) => c.status === 'screened-out')).toBe(true);
    expect(untimedRecords(store.candidates)).toEqual(untimedRecords(whole.candidates));
  });

  it('screens nothing in a run saved before staged evaluation existed, nor in one that switched it off', async () => {
    for (const staged of ['absent', null] as const) {
      const { candidates, asked } = await runWith(1, () => 0, staged);
      expect(candidates).toHaveLength(budget + 1);
      expect(candidates.some((c) => c.status === 'screened-out')).toBe(false);
      expect([...asked.values()].every((r) => r === null)).toBe(true);
    }
  });

  it('screens nothing when parents are chosen on two objectives: a low score may still be a parent for its agreement', async () => {
    const twoObjectives = (m: RunMeta): RunMeta => ({
      ...m,
      settings: { ...m.settings, search: { ...m.settings.search, secondObjective: 'agreement' } },
    });
    const { candidates, asked } = await runWith(1, () => 0, screening, twoObjectives);
    expect(asked.size).toBeGreaterThan(20);
    expect([...asked.values()].every((r) => r === null)).toBe(true);
    expect(candidates.some((c) => c.status === 'screened-out')).toBe(false);
  });
});
