/**
 * The figures of a threshold-scan mechanism: who wins over (b₁, b₂) before
 * and after the fix, and bidder 1's threshold t₁ as a function of b₂; any
 * further bidders are held at the marginal median.
 */
import { gridValue } from '../../grid.ts';
import type { HeatmapPlot, LinePlot, Plot } from '../../types.ts';
import { scanResult, type ThresholdScanMechanism } from './fix.ts';

/** Points per axis at most, so a plot costs at most about 100² scans. */
const largestResolution = 100;

/** Returns the grid values shown on each axis: every grid point, or evenly spaced ones when the grid is finer. */
function axis(mechanism: ThresholdScanMechanism): number[] {
  const { grid } = mechanism;
  const points = Math.min(grid.steps, largestResolution);
  return Array.from({ length: points + 1 }, (_, j) => gridValue(grid, Math.round((j * grid.steps) / points)));
}

/** Returns the plots of `mechanism` with bidders 3 … n bidding `median`. */
export function correlatedPlots(mechanism: ThresholdScanMechanism, median: number): Plot[] {
  const n = mechanism.n;
  const xs = axis(mechanism);
  const profile = new Float64Array(n).fill(median);
  const result = scanResult();
  const raw: number[][] = [];
  const fixed: number[][] = [];
  for (const y of xs) {
    profile[1] = y;
    const rawRow: number[] = [];
    const fixedRow: number[] = [];
    for (const x of xs) {
      profile[0] = x;
      mechanism.scan(profile, result);
      rawRow.push(result.rawWinner + 1);
      fixedRow.push(result.winner + 1);
    }
    raw.push(rawRow);
    fixed.push(fixedRow);
  }
  const categories = ['no sale', ...Array.from({ length: n }, (_, i) => `bidder ${i + 1}`)];
  const others = n > 2 ? `, bidders 3–${n} at the median ${Math.round(median * 1000) / 1000}` : '';
  const heatmap = (id: string, title: string, values: number[][]): HeatmapPlot => ({
    kind: 'heatmap',
    id,
    title: `${title}${others}`,
    xLabel: 'b₁ (bid of bidder 1)',
    yLabel: 'b₂ (bid of bidder 2)',
    xs,
    ys: xs,
    values,
    categories,
  });

  const points: [number, number][] = [];
  for (const y of xs) {
    profile[1] = y;
    const t = mechanism.threshold(profile, 0);
    if (Number.isFinite(t)) points.push([y, t]);
  }
  const thresholds: LinePlot = {
    kind: 'line',
    id: 'threshold-bidder-1',
    title: `Bidder 1's price t₁: it wins iff b₁ ≥ t₁ (missing where it never wins)${others}`,
    xLabel: 'b₂ (bid of bidder 2)',
    yLabel: 't₁',
    series: [{ name: 't₁ after the fix', points, step: true }],
  };
  return [
    heatmap('allocation-raw', 'Winner of the raw rule allocate(bids), before the fix', raw),
    heatmap('allocation-fixed', 'Winner after the threshold-scan fix', fixed),
    thresholds,
  ];
}
