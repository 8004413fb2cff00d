import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectCandidate } from '../../../src/core/evolution/inspectCandidate.ts';
import { mechanismModule, outcomeText, usageBids } from '../../../src/core/export/mechanismModule.ts';
import type { RawParameters } from '../../../src/core/parameters.ts';
import type { ProblemId } from '../../../src/core/problem.ts';
import { problemById } from '../../../src/core/problems/index.ts';
import { rngStream } from '../../../src/core/rng.ts';
import { profileAt } from '../../../src/core/samples.ts';
import { compileHeuristic } from '../../../src/core/sandbox/compile.ts';
import type { Outcome } from '../../../src/core/types.ts';
import { candidateOf, metaOf } from './fixtures.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mechlab-module-'));

interface ExportedModule {
  mechanism(bids: number[]): Outcome;
  [heuristic: string]: unknown;
}

/** Writes the module of `code` and imports it, as a user's code would. */
async function exported(problem: ProblemId, parameters: RawParameters, code: string) {
  const file = mechanismModule(candidateOf(code), metaOf(problem, parameters));
  const path = join(scratch, `${Math.random().toString(36).slice(2)}-${file.name}`);
  writeFileSync(path, file.text);
  return { file, module: (await import(/* @vite-ignore */ pathToFileURL(path).href)) as ExportedModule };
}

/** Returns MechLab's own fixed mechanism of `code`. */
function fixedInCore(problem: ProblemId, parameters: RawParameters, code: string) {
  const instance = problemById(problem).configure(parameters);
  const compiled = compileHeuristic(code, instance.problem.heuristic);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return { instance, fixed: instance.fix(compiled.heuristic) };
}

/** Expects the exported module and MechLab's fix to agree on sampled and awkward profiles. */
async function expectSameOutcomes(problem: ProblemId, parameters: RawParameters, code: string, count = 120) {
  const { module } = await exported(problem, parameters, code);
  const { instance, fixed } = fixedInCore(problem, parameters, code);
  const samples = instance.sample(rngStream(11, 'export-test'), count);
  const profiles = Array.from({ length: count }, (_, s) => Array.from(profileAt(samples, s)));
  const n = instance.n;
  profiles.push(
    Array.from({ length: n }, (_, i) => (i === 0 ? Number.NaN : 0.5)),
    Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0.3)),
    Array.from({ length: n }, (_, i) => (i === 0 ? 1e9 : 0.7)),
    Array.from({ length: n }, () => 0.5),
  );
  for (const profile of profiles) {
    const mine = module.mechanism([...profile]);
    const theirs = fixed.outcome(profile);
    expect(mine.allocation).toEqual(theirs.allocation);
    expect(mine.payments).toEqual(theirs.payments);
    if (theirs.rebates) {
      expect(mine.rebates).toHaveLength(n);
      mine.rebates!.forEach((r, i) => expect(r).toBeCloseTo(theirs.rebates![i], 9));
    }
  }
  return { module };
}

describe('mechanismModule(candidate, meta)', () => {
  it('exports a single-item auction with the outcomes of the monotone envelope fix, for a non-monotone priority', async () => {
    await expectSameOutcomes(
      'single-item-revenue',
      { n: 3, dist: 'uniform:0:1,exponential:1,bimodal', grid: 60 },
      'function priority(bid, bidder, n) { return bidder === 1 ? NaN : Math.sin(6 * bid) - 0.2 * bidder; }',
    );
  });

  it('exports Myerson for two uniform bidders: the item sells above the reserve, at the second bid or the reserve', async () => {
    const { module } = await expectSameOutcomes(
      'single-item-revenue',
      { n: 2, grid: 100 },
      'function priority(bid, bidder, n) { return 2 * bid - 1; }',
    );
    // Priority 2b − 1 is 0 at b = 1/2, which does not beat the reserve 0: the first winning grid bid is 0.51.
    expect(module.mechanism([0.8, 0.3])).toEqual({ allocation: [1, 0], payments: [0.51, 0] });
    expect(module.mechanism([0.8, 0.65])).toEqual({ allocation: [1, 0], payments: [0.65, 0] });
    expect(module.mechanism([0.4, 0.3])).toEqual({ allocation: [0, 0], payments: [0, 0] });
    expect(typeof module.priority).toBe('function');
  });

  it('exports VCG with the waterfilling rebates of a rule that needs the fix', async () => {
    const greedy = 'function rebate(others, n, m) { return others[0] / 2 + (others[2] > 0.5 ? 1e9 : 0); }';
    const { module } = await expectSameOutcomes('vcg-redistribution', { n: 4, m: 1, grid: 16 }, greedy, 60);
    const outcome = module.mechanism([0.9, 0.7, 0.4, 0.1]);
    expect(outcome.allocation).toEqual([1, 0, 0, 0]);
    expect(outcome.payments).toEqual([0.7, 0, 0, 0]);
    const total = outcome.rebates!.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(0.7 + 1e-12);
  });

  it('exports VCG with Bailey–Cavallo unchanged by the fix', async () => {
    const { module } = await expectSameOutcomes(
      'vcg-redistribution',
      { n: 5, m: 2, grid: 20 },
      'function rebate(others, n, m) { return (m / n) * others[m]; }',
      40,
    );
    // Others of agent 0 are [0.6, 0.4, 0.2, 0.1]: its rebate is (2/5)·0.2.
    expect(module.mechanism([0.9, 0.6, 0.4, 0.2, 0.1]).rebates![0]).toBeCloseTo(0.08, 12);
  });

  it('exports the threshold scan for correlated bidders, for a rule that is not monotone', async () => {
    const lowestAboveReserve =
      'function allocate(bids) { let w = -1; for (let i = 0; i < bids.length; i++) if (bids[i] >= 0.3 && (w < 0 || bids[i] < bids[w])) w = i; return w; }';
    await expectSameOutcomes('correlated-revenue', { n: 3, grid: 20 }, lowestAboveReserve, 80);
    const reserve =
      'function allocate(bids) { let w = -1; for (let i = 0; i < bids.length; i++) if (bids[i] >= 0.5 && (w < 0 || bids[i] > bids[w])) w = i; return w; }';
    const { module } = await expectSameOutcomes('correlated-revenue', { n: 2, grid: 20 }, reserve, 40);
    expect(module.mechanism([0.9, 0.6])).toEqual({ allocation: [1, 0], payments: [0.6, 0] });
  });

  it("keeps the heuristic's top-level names apart from the fix's", async () => {
    const code = [
      'const n = 99;',
      'const K = 3;',
      'function gridIndex(x) { return -1; }',
      'function priority(bid, bidder, count) { return gridIndex(bid) + n * bid - K * 16; }',
    ].join('\n');
    await expectSameOutcomes('single-item-revenue', { n: 2, grid: 40 }, code, 40);
  });

  it('writes a header with the run, the score and a usage example whose result the module reproduces', async () => {
    const parameters = { n: 2, grid: 100 };
    const code = 'function priority(bid, bidder, n) { return 2 * bid - 1; }';
    const meta = metaOf('single-item-revenue', parameters, 'Myerson */ check');
    const inspection = inspectCandidate(problemById('single-item-revenue').configure(parameters), 3, code);
    if (!inspection.ok) throw new Error(inspection.message);
    const file = mechanismModule(candidateOf(code), meta, inspection.usage);
    expect(file.name).toBe('Myerson-check-c0007.mechanism.mjs');
    const lines = file.text.split('\n');
    expect(lines[0]).toBe('// MechLab mechanism c0007 from the run "Myerson */ check"');
    expect(lines).toContain('// Parameters: n = 2, dist = uniform:0:1, grid = 100');
    expect(lines).toContain(
      '// Score: 0.4123 ± 0.0101 (expected revenue of the fixed mechanism) on 512 sampled profiles, seed 3',
    );
    expect(lines).toContain("//   import { mechanism } from './Myerson-check-c0007.mechanism.mjs';");
    expect(
      usageBids('single-item-revenue', problemById('single-item-revenue').configure(parameters).parameters),
    ).toEqual([0.8, 0.3]);
    expect(lines).toContain('//   const outcome = mechanism([0.8, 0.3]);');
    expect(lines).toContain('//   // → { allocation: [1, 0], payments: [0.51, 0] }');
    const path = join(scratch, file.name);
    writeFileSync(path, file.text);
    const module = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as ExportedModule;
    expect(`//   // → ${outcomeText(module.mechanism([0.8, 0.3]))}`).toBe(
      '//   // → { allocation: [1, 0], payments: [0.51, 0] }',
    );
  });

  it('refuses a candidate without code, saying why', () => {
    const candidate = candidateOf(null, { status: 'parse-error' });
    expect(() => mechanismModule(candidate, metaOf('single-item-revenue', {}))).toThrow(
      "c0007 has no code to export: no function was found in the model's reply (parse-error)",
    );
  });
});
