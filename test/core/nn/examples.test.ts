import { describe, expect, it } from 'vitest';
import { vcgRedistribution } from '../../../src/core/problems/vcg-redistribution/problem.ts';
import { correlatedRevenue } from '../../../src/core/problems/correlated-revenue/problem.ts';
import { rebateExamples } from '../../../src/core/nn/vcg-redistribution/examples.ts';
import { allocationExamples, scanSlice } from '../../../src/core/nn/correlated-revenue/examples.ts';
import { gridDigits, short } from '../../../src/core/nn/format.ts';
import { bidGrid } from '../../../src/core/grid.ts';
import type { MlpWeights } from '../../../src/core/nn/mlp.ts';

/** Bailey–Cavallo at n = 4, m = 1 as a network: 0.25 · relu(others[1]). */
const baileyCavallo: MlpWeights = {
  layers: [
    { inputs: 3, outputs: 1, weights: [0, 1, 0], biases: [0], activation: 'relu' },
    { inputs: 1, outputs: 1, weights: [0.25], biases: [0], activation: 'linear' },
  ],
};

/** Highest bid wins if it is at least 0.3 (ties: the lower index): scores b_0, b_1 and 0.3 for no sale. */
const reserveAuction: MlpWeights = {
  layers: [{ inputs: 2, outputs: 3, weights: [1, 0, 0, 0, 1, 0], biases: [0, 0, 0.3], activation: 'linear' }],
};

describe('rebateExamples', () => {
  const instance = vcgRedistribution.configure({ n: 4, m: 1, grid: 20 });
  const text = rebateExamples(instance, baileyCavallo);

  it('writes the extremes, the typical others and three slices as calls of rebate with their values', () => {
    expect(text).toBe(
      [
        '// extremes: no bids, then the highest k others at the top of the grid',
        'rebate([0, 0, 0], 4, 1) = 0',
        'rebate([1, 0, 0], 4, 1) = 0',
        'rebate([1, 1, 0], 4, 1) = 0.25',
        'rebate([1, 1, 1], 4, 1) = 0.25',
        '// typical others (mean sorted bids)',
        'rebate([0.75, 0.5, 0.25], 4, 1) = 0.125',
        "// others[0] (the others' 1st-highest bid) moving, the rest typical",
        'rebate([0.5, 0.5, 0.25], 4, 1) = 0.125',
        'rebate([0.65, 0.5, 0.25], 4, 1) = 0.125',
        'rebate([0.8, 0.5, 0.25], 4, 1) = 0.125',
        'rebate([1, 0.5, 0.25], 4, 1) = 0.125',
        "// others[1] (the others' 2nd-highest bid) moving, the rest typical",
        'rebate([0.75, 0.25, 0.25], 4, 1) = 0.0625',
        'rebate([0.75, 0.4, 0.25], 4, 1) = 0.1',
        'rebate([0.75, 0.55, 0.25], 4, 1) = 0.1375',
        'rebate([0.75, 0.75, 0.25], 4, 1) = 0.1875',
        "// others[2] (the others' 3rd-highest bid) moving, the rest typical",
        'rebate([0.75, 0.5, 0], 4, 1) = 0.125',
        'rebate([0.75, 0.5, 0.15], 4, 1) = 0.125',
        'rebate([0.75, 0.5, 0.3], 4, 1) = 0.125',
        'rebate([0.75, 0.5, 0.5], 4, 1) = 0.125',
      ].join('\n'),
    );
  });

  it('adds the points where the slope along a slice changes most, when it does', () => {
    // relu(others[1] − 0.6): a kink at others[1] = 0.6 on the slice of others[1], none on the others.
    const kinked: MlpWeights = {
      layers: [
        { inputs: 3, outputs: 1, weights: [0, 1, 0], biases: [-0.6], activation: 'relu' },
        { inputs: 1, outputs: 1, weights: [1], biases: [0], activation: 'linear' },
      ],
    };
    const lines = rebateExamples(instance, kinked).split('\n');
    const heading = lines.indexOf('// where the slope along a slice changes most');
    expect(heading).toBeGreaterThan(0);
    expect(lines.slice(heading + 1)).toEqual(['rebate([0.75, 0.6, 0.25], 4, 1) = 0']);
  });
});

describe('allocationExamples', () => {
  const instance = correlatedRevenue.configure({ model: 'copula:0.5', n: 2, grid: 40 });
  const lines = allocationExamples(instance, reserveAuction).split('\n');

  it('shows each slice as the ranges of one bid with the same winner, ends exact on the grid', () => {
    expect(lines.slice(0, 5)).toEqual([
      '// one bid x over the whole grid, the others fixed: what allocate returns on each range of x (-1: no sale)',
      'allocate([x, 0.2]) → -1 for x < 0.3; 0 for x ≥ 0.3',
      'allocate([x, 0.5]) → 1 for x < 0.5; 0 for x ≥ 0.5',
      'allocate([x, 0.8]) → 1 for x < 0.8; 0 for x ≥ 0.8',
      'allocate([0.5, x]) → 0 for x < 0.525; 1 for x ≥ 0.525',
    ]);
  });

  it('then lists sampled profiles on the grid and the extremes, with what allocate returns', () => {
    expect(lines[5]).toBe('// sampled profiles and the extremes');
    const rows = lines.slice(6);
    expect(rows).toHaveLength(6);
    for (const row of rows.slice(0, 4)) {
      const [, a, b, winner] = /^allocate\(\[([\d.]+), ([\d.]+)\]\) = (-?\d)$/.exec(row)!;
      for (const bid of [a, b]) expect(Number.isInteger(Math.round(Number(bid) * 40 * 1e6) / 1e6)).toBe(true);
      const top = Math.max(Number(a), Number(b));
      const expected = top < 0.3 ? -1 : Number(a) >= Number(b) ? 0 : 1;
      expect(Number(winner)).toBe(expected);
    }
    expect(rows.slice(4)).toEqual(['allocate([0, 0]) = -1', 'allocate([1, 1]) = 0']);
  });

  it('scanSlice records each change of winner once', () => {
    const slice = scanSlice((bids) => (bids[0] >= 0.5 ? 0 : -1), bidGrid(1, 4), 0, [0.9]);
    expect(slice.runs).toEqual([
      [0, -1],
      [0.5, 0],
    ]);
  });
});

describe('number formats', () => {
  it('shows every grid point exactly and drops trailing zeros', () => {
    expect(gridDigits(bidGrid(1, 40))).toBe(3);
    expect(gridDigits(bidGrid(1, 100))).toBe(2);
    expect(gridDigits(bidGrid(2, 4))).toBe(1);
    expect(short(0.5, 3)).toBe('0.5');
    expect(short(1, 3)).toBe('1');
    expect(short(0.12345, 4)).toBe('0.1235');
  });
});
