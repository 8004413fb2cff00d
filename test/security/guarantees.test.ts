/**
 * The guarantees, checked from outside (issue 9, item 6): only the CLI's
 * `mechlab outcomes` is asked — the fixed mechanism's allocation, payments
 * and rebates on profiles this test chooses — and strategy-proofness,
 * individual rationality, no deficit and feasibility are checked here from
 * those numbers alone, without the project's verifier. The mechanisms come
 * from the hostile corpus (every program that is a function and runs: the
 * scored ones and those with invalid outputs) and from random heuristics.
 * Each agent of each profile is probed with many misreports: a coarse sweep
 * of the value range, bids just around its value and the grid, and random
 * ones. Writes the counts to test-results/security-guarantees.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProblemId } from '../../src/core/problem.ts';
import { mechlab } from '../cli/mechlabProcess.ts';
import { parseReply } from '../../src/core/evolution/parse.ts';
import { problemById } from '../../src/core/problems/index.ts';
import { hostileCorpus, replyOf } from './corpus/index.ts';

interface Outcome {
  readonly allocation: number[];
  readonly payments: number[];
  readonly rebates?: number[];
}

/** The problems at their default settings, as `mechlab problems` lists them. */
const settings: Record<ProblemId, { n: number; units: number; grid: number }> = {
  'single-item-revenue': { n: 2, units: 1, grid: 500 },
  'vcg-redistribution': { n: 5, units: 1, grid: 100 },
  'correlated-revenue': { n: 2, units: 1, grid: 200 },
};
const tolerance = 1e-9;

/** A small seeded generator (mulberry32), so the probes are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns the misreports probed for an agent of value `v` on a grid of `steps`: a sweep, the neighbourhood, random bids. */
function misreports(v: number, steps: number, next: () => number): number[] {
  const h = 1 / steps;
  const sweep = Array.from({ length: 11 }, (_, k) => k / 10);
  const near = [v - 2 * h, v - h, v - h / 2, v - 1e-7, v + 1e-7, v + h / 2, v + h, v + 2 * h];
  const onGrid = [Math.floor(v * steps) / steps, Math.ceil(v * steps) / steps];
  const others = [next(), next(), next()];
  return [...sweep, ...near, ...onGrid, ...others].filter((b) => b >= 0 && b <= 1 && b !== v);
}

/** The profiles asked about: truthful ones, and for each agent of each its misreports. */
interface Probe {
  readonly truthful: number[][];
  /** [truthful profile index, agent, row of the profile with the misreport]. */
  readonly deviations: [number, number, number][];
  readonly rows: number[][];
}

/** Returns `count` truthful profiles of `n` values (random, plus grid points and the ends) and every misreport of every agent. */
function probeFor(n: number, steps: number, count: number, seed: number): Probe {
  const next = random(seed);
  const truthful = Array.from({ length: count }, (_, k) =>
    Array.from({ length: n }, (_, i) =>
      k === 0 ? (i === 0 ? 1 : 0) : k === 1 ? Math.round(next() * steps) / steps : next(),
    ),
  );
  const rows = [...truthful];
  const deviations: [number, number, number][] = [];
  truthful.forEach((profile, t) => {
    for (let i = 0; i < n; i++) {
      for (const b of misreports(profile[i], steps, next)) {
        deviations.push([t, i, rows.length]);
        rows.push(profile.map((x, j) => (j === i ? b : x)));
      }
    }
  });
  return { truthful, deviations, rows };
}

/** Returns agent i's utility at value v from `o`: v·x − p + r. */
function utility(o: Outcome, i: number, v: number): number {
  return v * o.allocation[i] - o.payments[i] + (o.rebates?.[i] ?? 0);
}

interface Violations {
  sp: string[];
  ir: string[];
  deficit: string[];
  feasibility: string[];
}

/** Returns every violation the outcomes show: SP by the probes, IR and no deficit and feasibility on the truthful profiles. */
function violations(probe: Probe, outcomes: Outcome[], units: number): Violations {
  const found: Violations = { sp: [], ir: [], deficit: [], feasibility: [] };
  probe.truthful.forEach((profile, t) => {
    const o = outcomes[t];
    const where = `[${profile.join(', ')}]`;
    profile.forEach((v, i) => {
      if (utility(o, i, v) < -tolerance) found.ir.push(`agent ${i} at ${where}: utility ${utility(o, i, v)}`);
    });
    const surplus = o.payments.reduce((a, b) => a + b, 0) - (o.rebates ?? []).reduce((a, b) => a + b, 0);
    if (surplus < -tolerance) found.deficit.push(`${where}: deficit ${-surplus}`);
    const allocated = o.allocation.reduce((a, b) => a + b, 0);
    if (!o.allocation.every((x) => x === 0 || x === 1) || allocated > units)
      found.feasibility.push(`${where}: allocation [${o.allocation.join(', ')}]`);
  });
  for (const [t, i, row] of probe.deviations) {
    const v = probe.truthful[t][i];
    const gain = utility(outcomes[row], i, v) - utility(outcomes[t], i, v);
    if (gain > tolerance)
      found.sp.push(
        `agent ${i} of [${probe.truthful[t].join(', ')}] gains ${gain} by bidding ${probe.rows[row][i]}`,
      );
  }
  return found;
}

/** Random heuristics for `problem`: arithmetic, kinks, non-monotone bumps and comparisons of random constants. */
function randomHeuristics(problem: ProblemId, count: number, seed: number): string[] {
  const constant = fc.double({ min: -2, max: 2, noNaN: true }).map((c) => c.toFixed(3));
  const atoms: Record<ProblemId, string[]> = {
    'single-item-revenue': ['bid', 'bidder', 'n', 'bid * bid'],
    'vcg-redistribution': ['others[0]', 'others[1]', 'others[2]', 'others[3]', 'n', 'm'],
    'correlated-revenue': ['bids[0]', 'bids[1]', 'bids[0] * bids[1]'],
  };
  const expression = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(...atoms[problem]),
      constant,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc
        .tuple(fc.constantFrom('Math.sin', 'Math.abs', 'Math.floor', 'Math.exp'), tie('e'))
        .map(([f, a]) => `${f}(${a})`),
      fc.tuple(tie('e'), constant, tie('e'), tie('e')).map(([a, c, b, d]) => `(${a} > ${c} ? ${b} : ${d})`),
    ),
  })).e;
  const program =
    problem === 'correlated-revenue'
      ? fc
          .tuple(expression, constant, expression, constant)
          .map(
            ([a, c, b, d]) =>
              `function allocate(bids) {\n  return ${a} > ${c} ? 0 : ${b} > ${d} ? 1 : -1;\n}`,
          )
      : expression.map((e) =>
          problem === 'single-item-revenue'
            ? `function priority(bid, bidder, n) {\n  return ${e};\n}`
            : `function rebate(others, n, m) {\n  return ${e};\n}`,
        );
  return fc.sample(program, { numRuns: count, seed });
}

/**
 * Corpus programs that never answer with a finite number: their fixed
 * mechanism is the empty one (no sale, no rebate), which out-nan stands for.
 */
const emptyLikeOutNan = new Set([
  'out-string',
  'out-array',
  'out-minus-infinity',
  'out-undefined',
  'out-null',
  'out-boolean',
  'out-bigint',
  'out-number-object',
  'out-function',
  'out-rebate-string',
  'valueof-computed-returned',
  'tostring-computed-returned',
  'thenable-returned',
  'iterator-returned',
]);

/**
 * The corpus programs that are functions of their arguments and run — the
 * scored ones and those with invalid outputs — as the reply parser hands
 * them to the sandbox.
 */
const corpusFunctions = hostileCorpus
  .filter(
    (p) =>
      !emptyLikeOutNan.has(p.id) &&
      (p.expect.status === 'ok' ||
        (p.expect.status === 'invalid-output' && !String(p.expect.reason).includes('asked again'))),
  )
  .map((p) => {
    const parsed = parseReply(replyOf(p), problemById(p.problem).heuristic);
    if (!parsed.ok) throw new Error(`${p.id} does not parse: ${parsed.error.message}`);
    return { id: p.id, problem: p.problem, code: parsed.code };
  });

const scratch = mkdtempSync(join(tmpdir(), 'mechlab-guarantees-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Checked {
  readonly name: string;
  readonly problem: ProblemId;
  readonly profiles: number;
  readonly deviations: number;
  readonly found: Violations;
  readonly seconds: number;
}

/** Asks `mechlab outcomes` about `code`'s fixed mechanism on the probe's profiles and returns what the outcomes show. */
async function check(name: string, problem: ProblemId, code: string, seed: number): Promise<Checked> {
  const { n, units, grid } = settings[problem];
  const probe = probeFor(n, grid, problem === 'vcg-redistribution' ? 8 : 16, seed);
  const heuristic = join(scratch, `${name}.js`);
  const profiles = join(scratch, `${name}.json`);
  writeFileSync(heuristic, code);
  writeFileSync(profiles, JSON.stringify(probe.rows));
  const started = performance.now();
  const run = await mechlab([
    'outcomes',
    '--problem',
    problem,
    '--heuristic',
    heuristic,
    '--profiles',
    profiles,
  ]);
  if (run.status !== 0) throw new Error(`mechlab outcomes failed for ${name}: ${run.stderr}`);
  const outcomes = JSON.parse(run.stdout) as Outcome[];
  expect(outcomes).toHaveLength(probe.rows.length);
  return {
    name,
    problem,
    profiles: probe.truthful.length,
    deviations: probe.deviations.length,
    found: violations(probe, outcomes, units),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Runs `tasks` with at most `width` at a time (each spawns a process). */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const k = next++;
        results[k] = await tasks[k]();
      }
    }),
  );
  return results;
}

describe(
  'SP, IR and no deficit, checked from outside with `mechlab outcomes` only',
  { timeout: 600_000 },
  () => {
    it('finds no violation in the fixed mechanisms of the hostile corpus and of random heuristics', async () => {
      const problems: ProblemId[] = ['single-item-revenue', 'vcg-redistribution', 'correlated-revenue'];
      const tasks = [
        ...corpusFunctions.map((p, k) => () => check(p.id, p.problem, p.code, 1_000 + k)),
        ...problems.flatMap((problem, j) =>
          randomHeuristics(problem, 8, 77 + j).map(
            (code, k) => () => check(`random-${problem}-${k}`, problem, code, 2_000 + 10 * j + k),
          ),
        ),
      ];
      const checked = await inParallel(tasks, 3);
      const totals = {
        mechanisms: checked.length,
        fromCorpus: corpusFunctions.length,
        random: checked.length - corpusFunctions.length,
        truthfulProfiles: checked.reduce((s, c) => s + c.profiles, 0),
        misreports: checked.reduce((s, c) => s + c.deviations, 0),
        slowest: [...checked]
          .sort((a, b) => b.seconds - a.seconds)
          .slice(0, 5)
          .map((c) => `${c.name} ${c.seconds.toFixed(1)} s`),
        violations: {
          sp: checked.flatMap((c) => c.found.sp.map((v) => `${c.name}: ${v}`)),
          ir: checked.flatMap((c) => c.found.ir.map((v) => `${c.name}: ${v}`)),
          deficit: checked.flatMap((c) => c.found.deficit.map((v) => `${c.name}: ${v}`)),
          feasibility: checked.flatMap((c) => c.found.feasibility.map((v) => `${c.name}: ${v}`)),
        },
      };
      mkdirSync('test-results', { recursive: true });
      writeFileSync(join('test-results', 'security-guarantees.json'), JSON.stringify(totals, null, 2));
      expect(totals.fromCorpus).toBeGreaterThanOrEqual(30);
      expect(totals.misreports).toBeGreaterThan(35_000);
      expect(totals.violations).toEqual({ sp: [], ir: [], deficit: [], feasibility: [] });
    });

    it('would see a violation: the same check flags a mechanism that is not strategy-proof', () => {
      // A first-price auction, written out as outcomes: the winner pays its own bid.
      const probe = probeFor(2, 500, 10, 5);
      const firstPrice = probe.rows.map((b): Outcome => {
        const w = b[0] >= b[1] ? 0 : 1;
        return {
          allocation: [w === 0 ? 1 : 0, w === 1 ? 1 : 0],
          payments: [w === 0 ? b[0] : 0, w === 1 ? b[1] : 0],
        };
      });
      const found = violations(probe, firstPrice, 1);
      expect(found.sp.length).toBeGreaterThan(10);
      expect(found.ir).toEqual([]);
      // And paying more than it collects is a deficit; giving two items to one seller's bidders is infeasible.
      const generous = firstPrice.map((o) => ({ ...o, rebates: [1, 1], allocation: [1, 1] }));
      const bad = violations(probe, generous, 1);
      expect(bad.deficit.length).toBe(10);
      expect(bad.feasibility.length).toBe(10);
    });
  },
);
