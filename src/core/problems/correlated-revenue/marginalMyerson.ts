/**
 * Myerson's auction computed from the marginals as if the values were
 * independent (mechanism-notes §3): single-item-revenue's `myersonOptimal`
 * with every bidder's law set to the marginal, i.e. priority = the ironed
 * virtual value of the marginal at the rounded bid. Under correlation it is
 * a reasonable, not an optimal, mechanism. This file adds its reserve off
 * the grid, for the revenue from theory.
 */
import type { Distribution } from '../../distributions/distribution.ts';
import { virtualValue } from '../../distributions/virtualValue.ts';

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
