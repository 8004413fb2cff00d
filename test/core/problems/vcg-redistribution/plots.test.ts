import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import { waterfillingFix } from '../../../../src/core/problems/vcg-redistribution/fix.ts';
import { redistributionPlots } from '../../../../src/core/problems/vcg-redistribution/plots.ts';
import type { LinePlot } from '../../../../src/core/types.ts';
import { asHeuristic } from './arbitraries.ts';

const n = 5;
const m = 2;
const config = { n, m, grid: bidGrid(1, 250) };
/** E of the order statistics of n − 1 = 4 uniform draws. */
const expectedOthers = [0.8, 0.6, 0.4, 0.2];

describe('redistributionPlots', () => {
  const mechanism = waterfillingFix(
    asHeuristic((others) => others[0]),
    config,
  );
  const plots = redistributionPlots(mechanism, config, expectedOthers) as LinePlot[];

  it('redistributionPlots gives two line slices, along the highest and the (m+1)-th highest other bid', () => {
    expect(plots.map((p) => [p.kind, p.id])).toEqual([
      ['line', 'rebate-vs-highest-other'],
      ['line', 'rebate-vs-pivotal-other'],
    ]);
    expect(plots[1].xLabel).toBe("others' 3rd highest bid");
    for (const plot of plots) {
      expect(plot.series.map((s) => s.name)).toEqual([
        'heuristic as proposed',
        'heuristic after the fix',
        'Bailey–Cavallo',
        'worst-case optimal (Guo–Conitzer)',
      ]);
      const xs = plot.series[0].points.map(([x]) => x);
      expect(xs[0]).toBe(0);
      expect(xs.at(-1)).toBe(1);
      expect(xs.length).toBeLessThanOrEqual(101);
    }
  });

  it('the fixed rebate never exceeds the proposed one, and Bailey–Cavallo is m/n of the others’ (m+1)-th highest', () => {
    for (const plot of plots) {
      const [raw, fixed, bailey] = plot.series;
      fixed.points.forEach(([, y], i) => {
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(raw.points[i][1]);
      });
      for (const [x, y] of bailey.points) {
        const rest = expectedOthers.filter((_, j) => j !== (plot.id === 'rebate-vs-highest-other' ? 0 : m));
        const others = [...rest, x].sort((a, b) => b - a);
        expect(y).toBeCloseTo((m / n) * others[m], 14);
      }
    }
  });

  it('the proposed series is the heuristic on the rounded others: here the highest of them', () => {
    const [raw] = plots[0].series;
    for (const [x, y] of raw.points)
      expect(y).toBeCloseTo(Math.floor(Math.max(x, 0.6) * 250 + 1e-9) / 250, 12);
  });
});
