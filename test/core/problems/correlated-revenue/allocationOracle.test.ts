import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import {
  allocationOracle,
  readWinner,
} from '../../../../src/core/problems/correlated-revenue/allocationOracle.ts';

describe('readWinner(answer, n)', () => {
  it('accepts only integers in [0, n) and reads everything else as no sale (−1)', () => {
    expect(readWinner(0, 3)).toBe(0);
    expect(readWinner(2, 3)).toBe(2);
    expect(readWinner(-0, 3)).toBe(0);
    for (const answer of [
      3,
      -1,
      -2,
      1.5,
      Number.NaN,
      Infinity,
      -Infinity,
      '1',
      null,
      undefined,
      true,
      [1],
      1n,
      new Number(1),
    ]) {
      expect(readWinner(answer, 3), String(answer)).toBe(-1);
    }
  });

  it('never runs valueOf or toString of the answer', () => {
    let touched = false;
    const sneaky = {
      valueOf: () => {
        touched = true;
        return 0;
      },
      toString: () => {
        touched = true;
        return '0';
      },
    };
    expect(readWinner(sneaky, 2)).toBe(-1);
    expect(touched).toBe(false);
  });
});

describe('allocationOracle(allocate, n, grid)', () => {
  it('answers winnerAt(i, z) with bidder i moved to grid point z and the others as loaded, rounded down', () => {
    const seen: number[][] = [];
    const allocate = ((bids: number[]) => {
      seen.push(bids);
      return bids[1] > bids[0] ? 1 : 0;
    }) as unknown as Heuristic;
    const oracle = allocationOracle(allocate, 2, bidGrid(1, 10));
    oracle.load([0.47, 0.33]);
    expect(Array.from(oracle.indices)).toEqual([4, 3]);
    expect(oracle.winnerAt(1, 7)).toBe(1);
    expect(seen).toEqual([[0.4, 0.7]]);
    expect(oracle.winnerAt(1, 3)).toBe(0);
    expect(seen[1]).toEqual([0.4, 0.3]);
  });

  it('asks each rounded profile once, even from another loaded profile', () => {
    let calls = 0;
    const allocate = (() => {
      calls++;
      return 0;
    }) as unknown as Heuristic;
    const oracle = allocationOracle(allocate, 3, bidGrid(1, 10));
    oracle.load([0.5, 0.2, 0.9]);
    oracle.winnerAt(0, 5);
    oracle.winnerAt(0, 5);
    oracle.load([0.1, 0.2, 0.9]); // the same column: (·, 0.2, 0.9)
    oracle.winnerAt(0, 5);
    oracle.winnerAt(0, 1);
    expect(calls).toBe(2);
    expect(oracle.heuristicCalls).toBe(2);
  });
});
