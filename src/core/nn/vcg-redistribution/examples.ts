/**
 * The redistribution network's behaviour as a compact table for the
 * prompt (programming by example): what `rebate(others, n, m)` returns at
 * the extremes (the step profiles that span all sorted profiles, §2), at
 * typical others, along slices that move one of the others' bids with the
 * rest typical, and where the slope along a slice changes most. Inputs are
 * grid values, as the fix passes them.
 */
import { gridValue, roundDownToGrid, type BidGrid } from '../../grid.ts';
import type { ProblemInstance } from '../../problem.ts';
import { ordinal } from '../../problems/vcg-redistribution/ordinal.ts';
import { rngStream } from '../../rng.ts';
import { gridDigits, short } from '../format.ts';
import type { MlpWeights } from '../mlp.ts';
import { rebateNetworkHeuristic } from './heuristic.ts';
import { rebateSetting } from './setting.ts';

/** Points per slice shown, and points scanned per slice to find where the slope changes. */
const slicePoints = 4;
const scanPoints = 41;
/** Change points shown at most (the sharpest of each slice). */
const changePoints = 3;

type Rebate = (others: number[], n: number, m: number) => number;

/** Returns the mean of the others' sorted bids over sampled profiles, each at its nearest grid point. */
function typicalOthers(instance: ProblemInstance, grid: BidGrid): number[] {
  const n = instance.n;
  const count = 2_000;
  const samples = instance.sample(rngStream(0, 'nn-examples'), count);
  const sums = new Float64Array(n - 1);
  for (let s = 0; s < count; s++) {
    const others = Array.from(samples.values.subarray(s * n, s * n + n - 1)).sort((a, b) => b - a);
    for (let j = 0; j < n - 1; j++) sums[j] += others[j];
  }
  return Array.from(sums, (sum) =>
    gridValue(grid, Math.min(grid.steps, Math.round(sum / count / grid.step))),
  );
}

/** Returns the others with position j moved to `value` (a grid value between its neighbours). */
function moved(others: readonly number[], j: number, value: number): number[] {
  const copy = [...others];
  copy[j] = value;
  return copy;
}

/** Returns the grid values from `low` to `high` at `points` evenly spaced positions (distinct, rounded down). */
function spread(low: number, high: number, points: number, round: (x: number) => number): number[] {
  const values = Array.from({ length: points }, (_, k) => round(low + ((high - low) * k) / (points - 1)));
  return [...new Set(values)];
}

/** Returns the rows of the table: input lists under comment headings. */
export function rebateExampleRows(instance: ProblemInstance, mlp: MlpWeights): [string, number[][]][] {
  const { n, grid } = rebateSetting(instance);
  const top = grid.top;
  const round = (x: number) => roundDownToGrid(grid, Math.min(top, Math.max(0, x)));
  const typical = typicalOthers(instance, grid);
  const rebate = rebateNetworkHeuristic(mlp, top) as unknown as Rebate;
  const m = Number(instance.parameters.m);

  const extremes = [0, ...Array.from({ length: n - 1 }, (_, j) => j + 1)].map((ones) =>
    Array.from({ length: n - 1 }, (_, j) => (j < ones ? top : 0)),
  );
  const sliced = [...new Set([0, Math.min(m, n - 2), n - 2])];
  const slices: [string, number[][]][] = [];
  const kinks: { others: number[]; bend: number }[] = [];
  for (const j of sliced) {
    const low = j === n - 2 ? 0 : typical[j + 1];
    const high = j === 0 ? top : typical[j - 1];
    const rows = spread(low, high, slicePoints, round).map((value) => moved(typical, j, value));
    slices.push([`others[${j}] (the others' ${ordinal(j + 1)}-highest bid) moving, the rest typical`, rows]);
    // The largest second difference along a fine scan is where the network's slope changes most.
    const scan = spread(low, high, scanPoints, round).map((value) => moved(typical, j, value));
    const values = scan.map((others) => rebate(others, n, m));
    let sharpest: { others: number[]; bend: number } | null = null;
    for (let k = 1; k + 1 < scan.length; k++) {
      const bend = Math.abs(values[k + 1] - 2 * values[k] + values[k - 1]);
      if (bend > 1e-3 * top && bend > (sharpest?.bend ?? 0)) sharpest = { others: scan[k], bend };
    }
    if (sharpest) kinks.push(sharpest);
  }
  kinks.sort((a, b) => b.bend - a.bend);
  const groups: [string, number[][]][] = [
    ['extremes: no bids, then the highest k others at the top of the grid', extremes],
    ['typical others (mean sorted bids)', [typical]],
    ...slices,
  ];
  const changes = kinks.slice(0, changePoints).map((kink) => kink.others);
  if (changes.length > 0) groups.push(['where the slope along a slice changes most', changes]);
  // Each input once, in its first group.
  const seen = new Set<string>();
  return groups
    .map(([title, rows]): [string, number[][]] => [
      title,
      rows.filter((row) => {
        const key = row.join(',');
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
    ])
    .filter(([, rows]) => rows.length > 0);
}

/** Returns the example table of the rebate network as prompt text, one call per line. */
export function rebateExamples(instance: ProblemInstance, mlp: MlpWeights): string {
  const { n, m, grid } = rebateSetting(instance);
  const rebate = rebateNetworkHeuristic(mlp, grid.top) as unknown as Rebate;
  const digits = gridDigits(grid);
  const lines: string[] = [];
  for (const [title, rows] of rebateExampleRows(instance, mlp)) {
    lines.push(`// ${title}`);
    for (const others of rows) {
      const shown = others.map((x) => short(x, digits)).join(', ');
      lines.push(`rebate([${shown}], ${n}, ${m}) = ${short(Math.max(0, rebate(others, n, m)), 4)}`);
    }
  }
  return lines.join('\n');
}
