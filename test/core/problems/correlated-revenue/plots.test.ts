import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import type { HeatmapPlot, LinePlot } from '../../../../src/core/types.ts';
import { thresholdScanFix } from '../../../../src/core/problems/correlated-revenue/fix.ts';
import { correlatedPlots } from '../../../../src/core/problems/correlated-revenue/plots.ts';

const heuristic = (f: (bids: number[]) => unknown) => f as unknown as Heuristic;
const highestWithReserve = (reserve: number) =>
  heuristic((bids) => {
    let w = -1;
    for (let i = 0; i < bids.length; i++) if (bids[i] >= reserve && (w < 0 || bids[i] > bids[w])) w = i;
    return w;
  });

describe('correlatedPlots(mechanism, median)', () => {
  it('draws the raw and fixed winners over (b₁, b₂) and the threshold t₁(b₂)', () => {
    const mechanism = thresholdScanFix(highestWithReserve(0.5), { n: 2, grid: bidGrid(1, 40) });
    const [raw, fixed, threshold] = correlatedPlots(mechanism, 0.5) as [HeatmapPlot, HeatmapPlot, LinePlot];
    expect([raw.id, fixed.id, threshold.id]).toEqual([
      'allocation-raw',
      'allocation-fixed',
      'threshold-bidder-1',
    ]);
    expect(raw.xs).toHaveLength(41);
    expect(raw.values).toHaveLength(41);
    expect(raw.categories).toEqual(['no sale', 'bidder 1', 'bidder 2']);
    // A monotone rule: both maps agree with the mechanism's own outcome.
    raw.ys.forEach((y, j) =>
      raw.xs.forEach((x, i) => {
        const allocation = mechanism.outcome([x, y]).allocation;
        const winner = allocation.indexOf(1);
        expect(fixed.values[j][i]).toBe(winner + 1);
        expect(raw.values[j][i]).toBe(winner + 1);
      }),
    );
    // t₁(b₂) = max(0.5, b₂): bidder 1 has the lower index, so it wins ties.
    for (const [b2, t1] of threshold.series[0].points) expect(t1).toBeCloseTo(Math.max(0.5, b2), 12);
    expect(threshold.series[0].points).toHaveLength(41);
  });

  it('shows the fix turning a non-monotone rule into up-sets: along each row, bidder 1 wins from a threshold on', () => {
    const rule = heuristic((bids) => (Math.sin(12 * bids[0]) > 0 ? 0 : 1));
    const mechanism = thresholdScanFix(rule, { n: 2, grid: bidGrid(1, 60) });
    const [raw, fixed] = correlatedPlots(mechanism, 0.5) as [HeatmapPlot, HeatmapPlot];
    let differs = false;
    fixed.values.forEach((row, j) => {
      const first = row.indexOf(1);
      if (first >= 0) for (let i = first; i < row.length; i++) expect(row[i]).toBe(1);
      if (row.some((v, i) => v !== raw.values[j][i])) differs = true;
    });
    expect(differs).toBe(true);
  });

  it('caps the resolution at 101 points per axis and holds further bidders at the median', () => {
    const seen: number[][] = [];
    const rule = heuristic((bids) => {
      seen.push(bids.slice());
      return -1;
    });
    const plots = correlatedPlots(thresholdScanFix(rule, { n: 4, grid: bidGrid(1, 400) }), 0.5) as [
      HeatmapPlot,
      HeatmapPlot,
      LinePlot,
    ];
    expect(plots[0].xs).toHaveLength(101);
    expect(plots[0].categories).toHaveLength(5);
    expect(plots[0].title).toMatch(/median 0\.5/);
    expect(seen.every((bids) => bids[2] === 0.5 && bids[3] === 0.5)).toBe(true);
    // Bidder 1 never wins: no threshold points.
    expect(plots[2].series[0].points).toHaveLength(0);
  });
});
