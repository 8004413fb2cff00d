import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  comparedProfiles,
  inspectCandidate,
  inspectionSession,
  outcomesDiffer,
  shownProfiles,
  type Inspection,
  type InspectionResult,
} from '../../../src/core/evolution/inspectCandidate.ts';
import { problemById } from '../../../src/core/problems/index.ts';
import type { ProblemId } from '../../../src/core/problem.ts';
import type { HeatmapPlot, LinePlot, Plot } from '../../../src/core/types.ts';

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');
const instanceOf = (problem: ProblemId, parameters = {}) => problemById(problem).configure(parameters);

function ok(inspection: Inspection): InspectionResult {
  if (!inspection.ok) throw new Error(`inspection failed: ${inspection.message}`);
  return inspection;
}

function line(plots: readonly Plot[], id: string): LinePlot {
  const plot = plots.find((p) => p.id === id);
  if (plot?.kind !== 'line') throw new Error(`no line plot ${id} among ${plots.map((p) => p.id).join(', ')}`);
  return plot;
}

function series(plot: LinePlot, name: string) {
  const found = plot.series.find((s) => s.name.startsWith(name));
  if (!found) throw new Error(`no series ${name} in ${plot.series.map((s) => s.name).join(', ')}`);
  return found.points;
}

/** Returns the y of `points` at the largest x ≤ `x`. */
function at(points: readonly (readonly [number, number])[], x: number): number {
  let y = NaN;
  for (const [px, py] of points) if (px <= x + 1e-12) y = py;
  return y;
}

describe('inspectCandidate on single-item-revenue', () => {
  const instance = instanceOf('single-item-revenue', { n: 2, grid: 100 });

  it("plots Myerson's priority 2b − 1 on the virtual value, winning only from the reserve 1/2, and the fix changes nothing", () => {
    const result = ok(inspectCandidate(instance, 1, example('myerson-uniform.js')));
    expect(result.plots.map((p) => p.id)).toEqual(['priority-0', 'allocation-0', 'payment-0']);
    const priority = line(result.plots, 'priority-0');
    expect(priority.series.map((s) => s.name)).toEqual([
      'priority (heuristic)',
      'priority after the fix (monotone envelope)',
      'virtual value φ (clipped at -1)',
      'ironed virtual value φ̄ (clipped at -1)',
    ]);
    for (const x of [0.25, 0.5, 0.8]) {
      expect(at(series(priority, 'priority (heuristic)'), x)).toBeCloseTo(2 * x - 1, 12);
      expect(at(series(priority, 'virtual value'), x)).toBeCloseTo(2 * x - 1, 12);
    }
    const wins = series(line(result.plots, 'allocation-0'), 'after the fix');
    expect(at(wins, 0.49)).toBe(0);
    expect(at(wins, 1)).toBe(1);
    // Against one U[0,1] rival, a bid b ≥ 1/2 wins with probability ≈ b.
    expect(at(wins, 0.75)).toBeGreaterThan(0.6);
    expect(at(wins, 0.75)).toBeLessThan(0.9);
    expect(result.compared).toBe(comparedProfiles);
    expect(result.changed).toBe(0);
    expect(result.examples).toHaveLength(shownProfiles);
  });

  it('shows a non-monotone priority made monotone, and profiles where the fix changed the outcome first', () => {
    const result = ok(inspectCandidate(instance, 1, example('non-monotone.js')));
    const fixed = series(line(result.plots, 'priority-0'), 'priority after the fix');
    for (let k = 1; k < fixed.length; k++) expect(fixed[k][1]).toBeGreaterThanOrEqual(fixed[k - 1][1]);
    expect(at(fixed, 1)).toBeCloseTo(1, 3); // max of sin(6b) is reached at b = π/12 and kept
    const allocation = line(result.plots, 'allocation-0');
    expect(allocation.series.map((s) => s.name)).toEqual(['after the fix', 'before the fix']);
    expect(result.changed).toBeGreaterThan(0);
    expect(result.changed).toBeLessThan(comparedProfiles);
    expect(result.examples[0].changed).toBe(true);
    expect(outcomesDiffer(result.examples[0].unfixed, result.examples[0].fixed)).toBe(true);
  });

  it('draws the same plots and profiles for the same seed', () => {
    const a = ok(inspectCandidate(instance, 3, example('non-monotone.js')));
    const b = ok(inspectCandidate(instance, 3, example('non-monotone.js')));
    expect({ ...a, milliseconds: 0 }).toEqual({ ...b, milliseconds: 0 });
  });
});

describe('inspectCandidate on vcg-redistribution', () => {
  const instance = instanceOf('vcg-redistribution', { n: 4, m: 1, grid: 20 });

  it('plots Bailey–Cavallo on top of the Bailey–Cavallo baseline, unchanged by the fix', () => {
    const result = ok(inspectCandidate(instance, 1, example('bailey-cavallo.js')));
    expect(result.plots.map((p) => p.id)).toEqual(['rebate-vs-highest-other', 'rebate-vs-pivotal-other']);
    const slice = line(result.plots, 'rebate-vs-pivotal-other');
    const after = series(slice, 'heuristic after the fix');
    const baseline = series(slice, 'Bailey–Cavallo');
    expect(after.length).toBe(baseline.length);
    after.forEach(([x, y], k) => {
      expect(x).toBe(baseline[k][0]);
      expect(y).toBeCloseTo(baseline[k][1], 12);
    });
    expect(series(slice, 'worst-case optimal').length).toBe(after.length);
    expect(result.changed).toBe(0);
    expect(result.examples[0].fixed.rebates).toHaveLength(4);
  });

  it('shows the fix cutting a greedy rule back to no deficit', () => {
    const greedy = 'function rebate(others, n, m) { return others[0]; }';
    const result = ok(inspectCandidate(instance, 1, greedy));
    expect(result.changed).toBeGreaterThan(comparedProfiles / 2);
    const example = result.examples[0];
    const sum = (xs: readonly number[] = []) => xs.reduce((a, b) => a + b, 0);
    const revenue = sum(example.fixed.payments);
    expect(sum(example.unfixed.rebates)).toBeGreaterThan(revenue);
    expect(sum(example.fixed.rebates)).toBeLessThanOrEqual(revenue + 1e-9);
    const raw = series(line(result.plots, 'rebate-vs-highest-other'), 'heuristic as proposed');
    expect(at(raw, 0.5)).toBeCloseTo(0.5, 12);
  });
});

describe('inspectCandidate on correlated-revenue', () => {
  const instance = instanceOf('correlated-revenue', { n: 2, grid: 20 });

  it('draws the allocation regions of a reserve rule on the two-bidder grid', () => {
    const result = ok(inspectCandidate(instance, 1, example('reserve-highest.js')));
    expect(result.plots.map((p) => p.id)).toEqual([
      'allocation-raw',
      'allocation-fixed',
      'threshold-bidder-1',
    ]);
    const fixed = result.plots[1] as HeatmapPlot;
    expect(fixed.categories).toEqual(['no sale', 'bidder 1', 'bidder 2']);
    expect(fixed.xs).toHaveLength(21);
    const cell = (x: number, y: number) => fixed.values[fixed.ys.indexOf(y)][fixed.xs.indexOf(x)];
    expect(cell(0.3, 0.2)).toBe(0);
    expect(cell(0.9, 0.6)).toBe(1);
    expect(cell(0.6, 0.9)).toBe(2);
    expect((result.plots[0] as HeatmapPlot).values).toEqual(fixed.values);
    expect(result.changed).toBe(0);
  });
});

describe('inspectCandidate failures', () => {
  const instance = instanceOf('single-item-revenue', { n: 2, grid: 50 });

  it('reports code without the expected function as a parse error with the fix to make', () => {
    const failure = inspectCandidate(instance, 1, 'function nope(bid) { return bid; }');
    expect(failure).toMatchObject({ ok: false, reason: 'parse-error' });
    expect(failure.ok || failure.message).toContain('No function named `priority`');
  });

  it('reports forbidden globals and thrown exceptions with what happened', () => {
    const forbidden = inspectCandidate(instance, 1, 'function priority(b, i, n) { return fetch(b); }');
    expect(forbidden).toMatchObject({ ok: false, reason: 'forbidden' });
    const thrown = inspectCandidate(
      instance,
      1,
      'function priority(b, i, n) { if (b > 0.5) throw new RangeError("too high"); return b; }',
    );
    expect(thrown).toEqual({
      ok: false,
      reason: 'runtime-error',
      message: 'the heuristic threw RangeError: too high',
    });
  });
});

describe('inspectionSession()', () => {
  const setup = { problem: 'single-item-revenue' as const, parameters: { n: 2 }, seed: 5, samples: 512 };

  it('asks to be prepared first', () => {
    expect(() => inspectionSession().inspect('')).toThrow(/before prepare\(\)/);
  });

  it("inspects candidates with the run's problem and seed", () => {
    const session = inspectionSession();
    session.prepare(setup);
    const inspection = ok(session.inspect(example('non-monotone.js')));
    const direct = ok(
      inspectCandidate(instanceOf('single-item-revenue', { n: 2 }), 5, example('non-monotone.js')),
    );
    expect({ ...inspection, milliseconds: 0 }).toEqual({ ...direct, milliseconds: 0 });
  });
});
