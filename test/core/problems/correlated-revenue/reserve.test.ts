import { describe, expect, it } from 'vitest';
import { bidGrid, gridValue } from '../../../../src/core/grid.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { parseModel } from '../../../../src/core/problems/correlated-revenue/models.ts';
import { bestReserveIndex } from '../../../../src/core/problems/correlated-revenue/reserve.ts';
import { commonSecondPriceRevenue } from '../../../../src/core/problems/correlated-revenue/revenueTheory.ts';

describe('bestReserveIndex(model, n, grid, rng)', () => {
  it("finds Myerson's reserve 1/2 for i.i.d. uniform values (copula with ρ = 0)", () => {
    const grid = bidGrid(1, 100);
    const r = gridValue(
      grid,
      bestReserveIndex(parseModel('copula:0'), 2, grid, rngStream(1, 'reserve'), 40_000),
    );
    expect(Math.abs(r - 0.5)).toBeLessThanOrEqual(0.06);
  });

  it('finds a reserve whose exact revenue is within 0.003 of the best reserve on a fine scan (common model)', () => {
    const grid = bidGrid(1, 100);
    for (const [rho, n] of [
      [0.5, 2],
      [0.3, 3],
    ]) {
      const model = parseModel(`common:${rho}`);
      const r = gridValue(grid, bestReserveIndex(model, n, grid, rngStream(2, 'reserve')));
      let best = 0;
      for (let k = 0; k <= 1000; k++) best = Math.max(best, commonSecondPriceRevenue(rho, n, k / 1000));
      expect(commonSecondPriceRevenue(rho, n, r)).toBeGreaterThan(best - 0.003);
    }
  });

  it('is a function of the seed', () => {
    const grid = bidGrid(1, 50);
    const model = parseModel('copula:0.4');
    const run = () => bestReserveIndex(model, 3, grid, rngStream(5, 'reserve'), 2000);
    expect(run()).toBe(run());
  });
});
