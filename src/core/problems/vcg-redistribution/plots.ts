/**
 * What a rebate rule does, as data for the UI: the rebate one agent gets as
 * one of the others' bids moves and the rest sit at their expected order
 * statistics, for the heuristic as proposed (raw) and after the fix, beside
 * Bailey–Cavallo and the worst-case optimal rule.
 */
import { gridValue } from '../../grid.ts';
import type { LinePlot, Plot } from '../../types.ts';
import { baileyCavalloCoefficients } from './baileyCavallo.ts';
import { linearRebateValue } from './linearRebate.ts';
import type { RedistributionConfig, RedistributionMechanism } from './mechanism.ts';
import { worstCaseOptimalCoefficients } from './worstCaseOptimal.ts';
import { ordinal } from './ordinal.ts';

/** Points per slice at most; the slice follows the grid when it is coarser. */
const MAX_POINTS = 101;

/**
 * Returns the slice along the others' `rank`-th highest bid (1-based): it
 * runs over [0, H] while the other n − 2 sit at `expectedOthers`
 * (E of the order statistics of n − 1 draws) without that rank.
 */
function slice(
  mechanism: RedistributionMechanism,
  config: RedistributionConfig,
  expectedOthers: ArrayLike<number>,
  rank: number,
  id: string,
  title: string,
  xLabel: string,
): LinePlot {
  const { n, m, grid } = config;
  const rest = Array.from(expectedOthers).filter((_, j) => j !== rank - 1);
  const stride = Math.max(1, Math.ceil(grid.steps / (MAX_POINTS - 1)));
  const bc = baileyCavalloCoefficients(n, m);
  const gc = worstCaseOptimalCoefficients(n, m);
  const raw: [number, number][] = [];
  const fixed: [number, number][] = [];
  const bailey: [number, number][] = [];
  const guo: [number, number][] = [];
  const rebates = new Float64Array(n);
  const proposed = new Float64Array(n);
  const points: number[] = [];
  for (let k = 0; k < grid.steps; k += stride) points.push(gridValue(grid, k));
  points.push(grid.top);
  for (const t of points) {
    const others = [...rest, t].sort((a, b) => b - a);
    // Agent 0's rebate depends on the others only, so its own bid is immaterial.
    mechanism.rebatesInto([0, ...others], rebates, proposed);
    raw.push([t, proposed[0]]);
    fixed.push([t, rebates[0]]);
    bailey.push([t, linearRebateValue(bc, others)]);
    guo.push([t, linearRebateValue(gc, others)]);
  }
  return {
    kind: 'line',
    id,
    title,
    xLabel,
    yLabel: 'rebate',
    series: [
      { name: 'heuristic as proposed', points: raw, step: true },
      { name: 'heuristic after the fix', points: fixed, step: true },
      { name: 'Bailey–Cavallo', points: bailey },
      { name: 'worst-case optimal (Guo–Conitzer)', points: guo },
    ],
  };
}

/**
 * Returns two slices of the rebate rule of `mechanism`: along the highest
 * other bid, and along the others' (m+1)-th highest, the bid Bailey–Cavallo
 * rebates on. `expectedOthers[j − 1]` is E of the j-th highest of n − 1 draws.
 */
export function redistributionPlots(
  mechanism: RedistributionMechanism,
  config: RedistributionConfig,
  expectedOthers: ArrayLike<number>,
): Plot[] {
  const { m } = config;
  return [
    slice(
      mechanism,
      config,
      expectedOthers,
      1,
      'rebate-vs-highest-other',
      'Rebate as the highest other bid moves',
      'highest other bid',
    ),
    slice(
      mechanism,
      config,
      expectedOthers,
      m + 1,
      'rebate-vs-pivotal-other',
      `Rebate as the others' ${ordinal(m + 1)} highest bid moves`,
      `others' ${ordinal(m + 1)} highest bid`,
    ),
  ];
}
