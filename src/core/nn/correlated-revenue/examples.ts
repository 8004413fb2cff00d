/**
 * The allocation network's behaviour as a compact table for the prompt
 * (programming by example). An allocation is piecewise constant, so a
 * slice — one bidder's bid x scanned over the whole grid, the others
 * fixed — is shown exactly as the intervals of x with the same winner:
 * the points where the network's behaviour changes are the interval ends.
 * Slices put the others low, middling and high; a few sampled profiles and
 * the extremes follow. Bids are grid values, as the fix passes them.
 */
import { bidGrid, gridValue, roundDownToGrid, type BidGrid } from '../../grid.ts';
import type { ProblemInstance } from '../../problem.ts';
import { rngStream } from '../../rng.ts';
import type { MlpWeights } from '../mlp.ts';
import { gridDigits, short } from '../format.ts';
import { allocationNetworkHeuristic } from './heuristic.ts';

/** Levels of the others' bids in the slices, and sampled profiles shown. */
const levels = [0.2, 0.5, 0.8];
const sampledRows = 4;

type Allocate = (bids: number[]) => number;

/** One slice: bidder `bidder` scans the grid, the others bid `others` (in bidder order, without it). */
export interface Slice {
  readonly bidder: number;
  readonly others: readonly number[];
  /** Maximal runs of grid points with the same winner: [first x, winner]. */
  readonly runs: readonly (readonly [number, number])[];
}

/** Returns the profile with `x` inserted at position `bidder` among `others`. */
function withBid<T>(others: readonly T[], bidder: number, x: T): T[] {
  return [...others.slice(0, bidder), x, ...others.slice(bidder)];
}

/** Returns the slice of `allocate` along bidder `bidder` with the others fixed. */
export function scanSlice(
  allocate: Allocate,
  grid: BidGrid,
  bidder: number,
  others: readonly number[],
): Slice {
  const runs: [number, number][] = [];
  for (let k = 0; k <= grid.steps; k++) {
    const x = gridValue(grid, k);
    const winner = allocate(withBid(others, bidder, x));
    if (runs.length === 0 || runs[runs.length - 1][1] !== winner) runs.push([x, winner]);
  }
  return { bidder, others, runs };
}

/** Returns the slices shown: bidder 0 against others at each level, and the last bidder at the middle level; for n ≥ 3 also others spread out. */
export function exampleSlices(allocate: Allocate, grid: BidGrid, n: number): Slice[] {
  const round = (x: number) => roundDownToGrid(grid, x);
  const flat = (level: number) => new Array<number>(n - 1).fill(round(level));
  const slices = levels.map((level) => scanSlice(allocate, grid, 0, flat(level)));
  slices.push(scanSlice(allocate, grid, n - 1, flat(0.5)));
  if (n >= 3) {
    const others = Array.from({ length: n - 1 }, (_, j) => round(0.8 - (0.6 * j) / (n - 2)));
    slices.push(scanSlice(allocate, grid, 0, others));
  }
  return slices;
}

/** Returns one slice as a line: `allocate([x, 0.5]): -1 for x < 0.31; 1 for 0.31 ≤ x < 0.5; 0 for x ≥ 0.5`. */
function sliceLine(slice: Slice, digits: number): string {
  const bids = withBid(
    slice.others.map((b) => short(b, digits)),
    slice.bidder,
    'x',
  );
  const parts = slice.runs.map(([from, winner], r) => {
    const next = slice.runs[r + 1]?.[0];
    const lower = r === 0 ? '' : `${short(from, digits)} ≤ `;
    const range =
      next === undefined
        ? r === 0
          ? 'every x'
          : `x ≥ ${short(from, digits)}`
        : `${lower}x < ${short(next, digits)}`;
    return `${winner} for ${range}`;
  });
  return `allocate([${bids.join(', ')}]) → ${parts.join('; ')}`;
}

/** Returns the example table of the allocation network as prompt text. */
export function allocationExamples(instance: ProblemInstance, mlp: MlpWeights): string {
  const n = instance.n;
  const grid = bidGrid(1, Number(instance.parameters.grid));
  const allocate = allocationNetworkHeuristic(mlp) as unknown as Allocate;
  const digits = gridDigits(grid);
  const round = (x: number) => roundDownToGrid(grid, x);
  const lines = [
    '// one bid x over the whole grid, the others fixed: what allocate returns on each range of x (-1: no sale)',
  ];
  for (const slice of exampleSlices(allocate, grid, n)) lines.push(sliceLine(slice, digits));
  lines.push('// sampled profiles and the extremes');
  const samples = instance.sample(rngStream(0, 'nn-examples'), sampledRows);
  const profiles = Array.from({ length: sampledRows }, (_, s) =>
    Array.from(samples.values.subarray(s * n, s * n + n), round),
  );
  profiles.push(new Array<number>(n).fill(0), new Array<number>(n).fill(1));
  for (const bids of profiles)
    lines.push(`allocate([${bids.map((b) => short(b, digits)).join(', ')}]) = ${allocate(bids)}`);
  return lines.join('\n');
}
