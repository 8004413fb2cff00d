/**
 * Myerson's auction computed from the marginals as if the values were
 * independent (mechanism-notes §3): priority = the ironed virtual value of
 * the marginal law at the rounded bid. Under correlation it is a
 * reasonable, not an optimal, mechanism.
 */
import { ironedVirtualValues } from '../../distributions/ironing.ts';
import { virtualValue } from '../../distributions/virtualValue.ts';
import type { Distribution } from '../../distributions/distribution.ts';
import { bidGrid, gridValue, type BidGrid } from '../../grid.ts';

/** Points per grid step at which ironing is computed, so that ironed intervals end to within h/refine. */
const refine = 8;

/** Returns the ironed virtual value of `marginal` at each grid point, computed on a grid `refine` times finer. */
export function marginalPriorities(marginal: Distribution, grid: BidGrid): Float64Array {
  const fine = bidGrid(grid.top, grid.steps * refine);
  const xs = new Float64Array(fine.steps + 1);
  for (let k = 0; k <= fine.steps; k++) xs[k] = gridValue(fine, k);
  const ironed = ironedVirtualValues(marginal, xs);
  const table = new Float64Array(grid.steps + 1);
  for (let k = 0; k <= grid.steps; k++) table[k] = ironed[k * refine];
  return table;
}

/**
 * Returns the continuous reserve φ⁻¹(0) of a regular marginal on [low, high]
 * by bisection on its virtual value (to 1e-12): the reserve of Myerson from
 * the marginals without the grid, for the revenue from theory.
 */
export function marginalReserve(marginal: Distribution): number {
  let low = marginal.low;
  let high = marginal.high;
  for (let step = 0; step < 60 && high - low > 1e-12; step++) {
    const middle = (low + high) / 2;
    if (virtualValue(marginal, middle) > 0) high = middle;
    else low = middle;
  }
  return (low + high) / 2;
}
