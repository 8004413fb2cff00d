import { describe, expect, it } from 'vitest';
import { bidGrid, gridValue } from '../../../../src/core/grid.ts';
import { commonComponentMarginal } from '../../../../src/core/problems/correlated-revenue/commonComponent.ts';
import {
  marginalPriorities,
  marginalReserve,
} from '../../../../src/core/problems/correlated-revenue/marginalMyerson.ts';
import { uniformSum } from '../../../../src/core/problems/correlated-revenue/uniformSum.ts';

describe('Myerson from the marginals', () => {
  it('marginalPriorities of U[0, 1] is φ(x) = 2x − 1 at every grid point', () => {
    const grid = bidGrid(1, 40);
    const table = marginalPriorities(uniformSum(1, 0), grid);
    for (let k = 0; k <= 40; k++) expect(table[k]).toBeCloseTo(2 * gridValue(grid, k) - 1, 6);
  });

  it('marginalPriorities is non-decreasing and follows the trapezoid virtual value (a regular law needs no ironing)', () => {
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
