import { describe, expect, it } from 'vitest';
import type { Distribution } from '../../../../src/core/distributions/distribution.ts';
import { bidGrid, gridValue, type BidGrid } from '../../../../src/core/grid.ts';
import { commonComponentMarginal } from '../../../../src/core/problems/correlated-revenue/commonComponent.ts';
import { marginalReserve } from '../../../../src/core/problems/correlated-revenue/marginalMyerson.ts';
import { myersonOptimal } from '../../../../src/core/problems/single-item-revenue/baselines.ts';
import { uniformSum } from '../../../../src/core/distributions/uniformSum.ts';

/** Returns the priority of Myerson from `marginal` (as the baselines build it) at every grid point. */
function marginalPriorities(marginal: Distribution, grid: BidGrid): number[] {
  const priority = myersonOptimal([marginal, marginal], grid);
  return Array.from({ length: grid.steps + 1 }, (_, k) => Number(priority(gridValue(grid, k), 1, 2)));
}

describe('Myerson from the marginals', () => {
  it('the priority of U[0, 1] is φ(x) = 2x − 1 at every grid point', () => {
    const grid = bidGrid(1, 40);
    const table = marginalPriorities(uniformSum(1, 0), grid);
    for (let k = 0; k <= 40; k++) expect(table[k]).toBeCloseTo(2 * gridValue(grid, k) - 1, 6);
  });

  it('the priority is non-decreasing and follows the trapezoid virtual value (a regular law needs no ironing)', () => {
    const grid = bidGrid(1, 50);
    const marginal = commonComponentMarginal(0.3);
    const table = marginalPriorities(marginal, grid);
    for (let k = 1; k <= 50; k++) expect(table[k]).toBeGreaterThanOrEqual(table[k - 1]);
    for (let k = 5; k < 50; k++) expect(table[k]).toBeCloseTo(marginal.virtualValue(gridValue(grid, k)), 3);
  });

  it('marginalReserve is 1/2 for U[0, 1] and 1/√6 for the triangle of common:0.5 (φ(x) = (6x² − 1)/(4x) below 1/2)', () => {
    expect(marginalReserve(uniformSum(1, 0))).toBeCloseTo(0.5, 10);
    expect(marginalReserve(commonComponentMarginal(0.5))).toBeCloseTo(1 / Math.sqrt(6), 10);
  });
});
