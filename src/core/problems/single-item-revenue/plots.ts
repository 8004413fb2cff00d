/**
 * What a priority auction does, as plot data: per bidder, its priority on
 * the grid before and after the fix beside its true and ironed virtual
 * values, and its chance of winning and expected payment as functions of
 * its bid, against other bidders drawn from their distributions (a small
 * fixed seeded set, so the plots of every candidate are comparable).
 * Bidders with the same distribution and the same priorities share plots.
 */
import type { Distribution } from '../../distributions/distribution.ts';
import { ironedVirtualValues } from '../../distributions/ironing.ts';
import { virtualValue } from '../../distributions/virtualValue.ts';
import { gridIndex, gridValue } from '../../grid.ts';
import { rngStream } from '../../rng.ts';
import type { LinePlot, Plot } from '../../types.ts';
import { localThresholdSearch } from './localThreshold.ts';
import { settle, type PriorityAuction, type Settlement } from './skeleton.ts';

/** Profiles of the other bidders each allocation point averages over. */
const OTHER_PROFILES = 256;
/** Most bids at which curves are drawn. */
const POINTS = 201;

type Point = readonly [number, number];

function sameTable(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  for (let g = 0; g < a.length; g++) if (!Object.is(a[g], b[g])) return false;
  return true;
}

/** Returns groups of bidders with equal distributions and equal priority tables, each led by its lowest index. */
function bidderGroups(auction: PriorityAuction, dists: readonly Distribution[]): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < auction.n; i++) {
    const group = groups.find(
      ([j]) =>
        dists[j].spec === dists[i].spec &&
        sameTable(auction.raw[j], auction.raw[i]) &&
        sameTable(auction.priorities[j], auction.priorities[i]),
    );
    if (group) group.push(i);
    else groups.push([i]);
  }
  return groups;
}

/** Returns the grid indices at which curves are drawn: at most POINTS, always including 0 and K. */
function drawnIndices(steps: number): number[] {
  const stride = Math.max(1, Math.ceil(steps / (POINTS - 1)));
  const indices: number[] = [];
  for (let g = 0; g < steps; g += stride) indices.push(g);
  indices.push(steps);
  return indices;
}

/** Returns "Bidder 2" or "Bidders 0, 1, 2 (each)". */
function groupName(group: readonly number[]): string {
  return group.length === 1 ? `Bidder ${group[0]}` : `Bidders ${group.join(', ')} (each)`;
}

/** Returns the priority plot of one group: raw, fixed, φ and φ̄ (virtual values clipped below at −H). */
function priorityPlot(auction: PriorityAuction, dist: Distribution, group: readonly number[]): LinePlot {
  const { grid } = auction;
  const i = group[0];
  const shown = drawnIndices(grid.steps);
  const xs = shown.map((g) => gridValue(grid, g));
  const finite = (table: Float64Array): Point[] =>
    shown.filter((g) => Number.isFinite(table[g])).map((g) => [gridValue(grid, g), table[g]]);
  const floor = -grid.top;
  const clip = (value: number): number => Math.max(floor, value);
  const ironed = ironedVirtualValues(dist, xs);
  const series = [
    { name: 'priority (heuristic)', points: finite(auction.raw[i]), step: true },
    ...(auction.fixed
      ? [
          {
            name: 'priority after the fix (monotone envelope)',
            points: finite(auction.priorities[i]),
            step: true,
          },
        ]
      : []),
    {
      name: `virtual value φ (clipped at ${floor})`,
      points: xs.map((x): Point => [x, clip(virtualValue(dist, x))]),
    },
    {
      name: `ironed virtual value φ̄ (clipped at ${floor})`,
      points: xs.map((x, k): Point => [x, clip(ironed[k])]),
    },
  ];
  return {
    kind: 'line',
    id: `priority-${i}`,
    title: `${groupName(group)}: priority and virtual value, values ${dist.label}`,
    xLabel: 'bid',
    yLabel: 'priority / virtual value',
    series,
  };
}

/** Returns the allocation and payment plots of one group, against seeded profiles of the others. */
function interimPlots(
  auction: PriorityAuction,
  dists: readonly Distribution[],
  group: readonly number[],
): LinePlot[] {
  const { n, grid } = auction;
  const i = group[0];
  const rng = rngStream(0, 'single-item-revenue/plots');
  const others = new Int32Array(OTHER_PROFILES * n);
  for (let s = 0; s < OTHER_PROFILES; s++) {
    for (let j = 0; j < n; j++) others[s * n + j] = j === i ? 0 : gridIndex(grid, dists[j].sample(rng));
  }
  const shown = drawnIndices(grid.steps);
  const round: Settlement = { winner: -1, priceIndex: 0 };
  const indices = new Int32Array(n);
  const curves = (tables: readonly Float64Array[], threshold: PriorityAuction['threshold']) => {
    const wins: Point[] = [];
    const pays: Point[] = [];
    for (const g of shown) {
      let won = 0;
      let paid = 0;
      for (let s = 0; s < OTHER_PROFILES; s++) {
        for (let j = 0; j < n; j++) indices[j] = others[s * n + j];
        indices[i] = g;
        settle(tables, indices, threshold, round);
        if (round.winner === i) {
          won++;
          paid += gridValue(grid, round.priceIndex);
        }
      }
      wins.push([gridValue(grid, g), won / OTHER_PROFILES]);
      pays.push([gridValue(grid, g), paid / OTHER_PROFILES]);
    }
    return { wins, pays };
  };
  const local = localThresholdSearch(auction.raw);
  const after = curves(auction.priorities, auction.fixed ? auction.threshold : local);
  // Unless the fix changed some table, the unfixed skeleton does exactly the same.
  const changed = auction.raw.some((table, j) => !sameTable(table, auction.priorities[j]));
  const before = auction.fixed ? (changed ? curves(auction.raw, local) : after) : undefined;
  const label = auction.fixed ? 'after the fix' : 'unfixed';
  const against = `against ${OTHER_PROFILES} seeded profiles of the others`;
  return [
    {
      kind: 'line',
      id: `allocation-${i}`,
      title: `${groupName(group)}: chance of winning ${against}`,
      xLabel: 'bid',
      yLabel: 'probability of winning',
      series: [
        { name: label, points: after.wins, step: true },
        ...(before ? [{ name: 'before the fix', points: before.wins, step: true }] : []),
      ],
    },
    {
      kind: 'line',
      id: `payment-${i}`,
      title: `${groupName(group)}: expected threshold payment ${against}`,
      xLabel: 'bid',
      yLabel: 'expected payment',
      series: [
        { name: label, points: after.pays, step: true },
        ...(before ? [{ name: 'before the fix', points: before.pays, step: true }] : []),
      ],
    },
  ];
}

/** Returns the plots of `auction` for bidders with distributions `dists`. */
export function auctionPlots(auction: PriorityAuction, dists: readonly Distribution[]): Plot[] {
  return bidderGroups(auction, dists).flatMap((group) => [
    priorityPlot(auction, dists[group[0]], group),
    ...interimPlots(auction, dists, group),
  ]);
}
