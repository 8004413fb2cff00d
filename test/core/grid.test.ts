import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidGrid, gridIndex, gridValue, roundDownToGrid } from '../../src/core/grid.ts';

describe('bid grid', () => {
  it('bidGrid(H, K) has step H/K and rejects bad sizes', () => {
    expect(bidGrid(1, 200).step).toBe(0.005);
    expect(() => bidGrid(0, 10)).toThrow(/top/);
    expect(() => bidGrid(1, 2.5)).toThrow(/steps/);
  });

  it('gridIndex maps grid points to themselves, including 0.3 = 3 × 0.1 in floats', () => {
    const grid = bidGrid(1, 10);
    for (let k = 0; k <= 10; k++) expect(gridIndex(grid, gridValue(grid, k))).toBe(k);
    expect(gridIndex(grid, 0.3)).toBe(3);
    expect(gridIndex(grid, 0.29999999)).toBe(2);
  });

  it('gridIndex clamps NaN, negatives and bids above the top', () => {
    const grid = bidGrid(2, 8);
    expect(gridIndex(grid, Number.NaN)).toBe(0);
    expect(gridIndex(grid, -1)).toBe(0);
    expect(gridIndex(grid, 5)).toBe(8);
    expect(gridIndex(grid, Infinity)).toBe(8);
  });

  it('roundDownToGrid(b) is the largest grid point ≤ b', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (top, steps, bid) => {
          const grid = bidGrid(top, steps);
          const k = gridIndex(grid, bid);
          const rounded = roundDownToGrid(grid, bid);
          expect(rounded).toBeLessThanOrEqual(Math.max(bid, 0));
          if (k < steps) expect(gridValue(grid, k + 1)).toBeGreaterThan(bid);
        },
      ),
    );
  });
});
