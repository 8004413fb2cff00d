import { describe, expect, it } from 'vitest';
import { parseDistributionList } from '../../../../src/core/distributions/parse.ts';
import { bidGrid } from '../../../../src/core/grid.ts';
import { monotoneEnvelopeFix } from '../../../../src/core/problems/single-item-revenue/fix.ts';
import { auctionPlots } from '../../../../src/core/problems/single-item-revenue/plots.ts';
import type { Priority } from '../../../../src/core/problems/single-item-revenue/skeleton.ts';
import { unfixedPriorityAuction } from '../../../../src/core/problems/single-item-revenue/unfixed.ts';
import type { LinePlot, Plot } from '../../../../src/core/types.ts';

function line(plots: readonly Plot[], id: string): LinePlot {
  const plot = plots.find((p) => p.id === id);
  if (!plot || plot.kind !== 'line') throw new Error(`no line plot ${id}`);
  return plot;
}

function series(plot: LinePlot, prefix: string) {
  const found = plot.series.find((s) => s.name.startsWith(prefix));
  if (!found) throw new Error(`no series ${prefix} in ${plot.id}`);
  return found.points;
}

describe('auctionPlots(auction, dists)', () => {
  const dists = parseDistributionList('uniform:0:1', 3);
  const config = { n: 3, grid: bidGrid(1, 100) };

  it('draws one set of plots for bidders that share distribution and priorities', () => {
    const plots = auctionPlots(
      monotoneEnvelopeFix((bid) => bid - 0.5, config),
      dists,
    );
    expect(plots.map((p) => p.id)).toEqual(['priority-0', 'allocation-0', 'payment-0']);
    expect(plots[0].title).toMatch(/^Bidders 0, 1, 2 \(each\): priority/);
  });

  it('draws plots per bidder when priorities depend on the bidder', () => {
    const plots = auctionPlots(
      monotoneEnvelopeFix((bid, bidder) => bid - 0.1 * bidder, config),
      dists,
    );
    expect(plots.map((p) => p.id)).toEqual([
      'priority-0',
      'allocation-0',
      'payment-0',
      'priority-1',
      'allocation-1',
      'payment-1',
      'priority-2',
      'allocation-2',
      'payment-2',
    ]);
  });

  it('shows the raw and fixed priority beside φ = 2v − 1 and its ironed version', () => {
    const plot = line(
      auctionPlots(
        monotoneEnvelopeFix((bid) => Math.sin(10 * bid), config),
        dists,
      ),
      'priority-0',
    );
    const raw = series(plot, 'priority (heuristic)');
    const fixed = series(plot, 'priority after the fix');
    for (let k = 0; k < raw.length; k++) expect(fixed[k][1]).toBeGreaterThanOrEqual(raw[k][1]);
    for (const [x, y] of series(plot, 'virtual value')) expect(y).toBeCloseTo(2 * x - 1, 12);
    for (const [x, y] of series(plot, 'ironed virtual value')) expect(y).toBeCloseTo(2 * x - 1, 9);
    expect(raw.some(([, y], k) => y < fixed[k][1])).toBe(true);
  });

  it('after the fix, the chance of winning rises with the bid and the expected payment never exceeds bid × chance', () => {
    const wobbly: Priority = (bid, bidder) => Math.sin(12 * bid + bidder) + bid;
    const plots = auctionPlots(monotoneEnvelopeFix(wobbly, config), dists);
    const wins = series(line(plots, 'allocation-0'), 'after the fix');
    const pays = series(line(plots, 'payment-0'), 'after the fix');
    for (let k = 1; k < wins.length; k++) expect(wins[k][1]).toBeGreaterThanOrEqual(wins[k - 1][1]);
    for (let k = 0; k < pays.length; k++)
      expect(pays[k][1]).toBeLessThanOrEqual(pays[k][0] * wins[k][1] + 1e-12);
    // Before the fix the same heuristic wins less often at some higher bid.
    const before = series(line(plots, 'allocation-0'), 'before the fix');
    expect(before.some(([, y], k) => k > 0 && y < before[k - 1][1])).toBe(true);
  });

  it('second price on U[0, 1]: the chance of winning is about bid², the payment about 2·bid³/3', () => {
    const plots = auctionPlots(
      monotoneEnvelopeFix((bid) => bid, config),
      dists,
    );
    const wins = series(line(plots, 'allocation-0'), 'after the fix');
    const pays = series(line(plots, 'payment-0'), 'after the fix');
    // 256 seeded profiles of the others: binomial noise below 0.032; grid ±0.01.
    for (const [x, y] of wins) expect(Math.abs(y - x * x)).toBeLessThan(0.1);
    for (const [x, y] of pays) expect(Math.abs(y - (2 * x ** 3) / 3)).toBeLessThan(0.1);
  });

  it('draws only the mechanism’s own curves for an unfixed auction', () => {
    const plots = auctionPlots(
      unfixedPriorityAuction((bid) => bid, config),
      dists,
    );
    expect(line(plots, 'allocation-0').series.map((s) => s.name)).toEqual(['unfixed']);
    expect(line(plots, 'priority-0').series.some((s) => s.name.includes('after the fix'))).toBe(false);
  });

  it('is deterministic', () => {
    const make = () =>
      auctionPlots(
        monotoneEnvelopeFix((bid, bidder) => bid * (bidder + 1), config),
        dists,
      );
    expect(make()).toEqual(make());
  });
});
