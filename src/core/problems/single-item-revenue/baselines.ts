/**
 * Reference auctions (mechanism-notes §1), computed from the distributions,
 * never typed in, each run through the same fix and scored on the same
 * samples as every candidate, with its revenue from theory beside it: the
 * difference is the grid bias (plus Monte Carlo noise).
 */
import type { Distribution } from '../../distributions/distribution.ts';
import { ironedVirtualValues } from '../../distributions/ironing.ts';
import { bidGrid, gridIndex, type BidGrid } from '../../grid.ts';
import type { BaselineResult, SampleSet } from '../../types.ts';
import { evaluateAuction } from './evaluate.ts';
import { monotoneEnvelopeFix } from './fix.ts';
import { myersonRevenue, optimalReserve, secondPriceRevenue } from './revenueTheory.ts';
import type { AuctionConfig, Priority } from './skeleton.ts';

/** Returns the priority of second price with anonymous reserve r: the bid, if it reaches r. */
export function secondPriceWithReserve(reserve: number): Priority {
  return (bid) => (bid >= reserve ? bid : 0);
}

/** Points per grid step at which ironing is computed, so that ironed intervals end to within h/REFINE. */
const REFINE = 8;

/**
 * Returns the priority of Myerson's optimal auction: each bidder's ironed
 * virtual value φ̄_i(bid), tabulated on the grid (computed on a grid REFINE
 * times finer, whose every REFINE-th point is a grid point).
 */
export function myersonOptimal(dists: readonly Distribution[], grid: BidGrid): Priority {
  const fine = bidGrid(grid.top, grid.steps * REFINE);
  const xs = new Float64Array(fine.steps + 1);
  for (let k = 0; k <= fine.steps; k++) xs[k] = (k * fine.top) / fine.steps;
  const cache = new Map<Distribution, Float64Array>();
  const tables = dists.map((d) => {
    let table = cache.get(d);
    if (!table) {
      const ironed = ironedVirtualValues(d, xs);
      table = new Float64Array(grid.steps + 1);
      for (let g = 0; g <= grid.steps; g++) table[g] = ironed[g * REFINE];
      cache.set(d, table);
    }
    return table;
  });
  return (bid, bidder) => tables[bidder][gridIndex(grid, bid)];
}

/** Returns the baselines scored on `samples`: second price, with the optimal reserve, and Myerson. */
export function auctionBaselines(
  dists: readonly Distribution[],
  config: AuctionConfig,
  samples: SampleSet,
): BaselineResult[] {
  const top = config.grid.top;
  const score = (priority: Priority) => evaluateAuction(monotoneEnvelopeFix(priority, config), samples);
  const reserve = optimalReserve(dists, top);
  const runs = [
    {
      id: 'second-price',
      name: 'Second price, no reserve',
      priority: secondPriceWithReserve(0),
      theory: secondPriceRevenue(dists, top),
    },
    {
      id: 'second-price-reserve',
      name: `Second price, optimal reserve ${Number(reserve.reserve.toPrecision(4))}`,
      priority: secondPriceWithReserve(reserve.reserve),
      theory: reserve.revenue,
    },
    {
      id: 'myerson',
      name: 'Myerson: highest ironed virtual value',
      priority: myersonOptimal(dists, config.grid),
      theory: myersonRevenue(dists, top),
    },
  ];
  return runs.map(({ id, name, priority, theory }) => {
    const { score: mean, standardError } = score(priority);
    return { id, name, score: mean, standardError, theory };
  });
}
