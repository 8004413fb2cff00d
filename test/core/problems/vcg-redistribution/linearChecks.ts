/** Checks shared by the tests of the linear baselines: IR and ND on step and random profiles. */
import { expect } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import { linearRebateMechanism } from '../../../../src/core/problems/vcg-redistribution/linearRebate.ts';
import { rngStream } from '../../../../src/core/rng.ts';

/** The (n, m) pairs the linear baselines are checked at. */
export const settings: readonly (readonly [number, number])[] = [
  [3, 1],
  [4, 1],
  [4, 2],
  [5, 1],
  [5, 2],
  [5, 3],
  [6, 2],
  [8, 3],
  [10, 1],
  [12, 5],
  [12, 10],
];

/** Returns the step profiles (k ones, then zeros) for k = 1…n. */
export function stepProfiles(n: number): number[][] {
  return Array.from({ length: n }, (_, k) => Array.from({ length: n }, (__, i) => (i <= k ? 1 : 0)));
}

/** Asserts that the linear rule `c` is IR and never runs a deficit on the step profiles and on 300 random profiles. */
export function expectFeasible(c: ArrayLike<number>, n: number, m: number): void {
  const mechanism = linearRebateMechanism(c, { n, m, grid: bidGrid(1, 10) });
  const rng = rngStream(3, `feasible ${n} ${m}`);
  const random = Array.from({ length: 300 }, () => Array.from({ length: n }, () => rng()));
  for (const profile of [...stepProfiles(n), ...random]) {
    const { payments, rebates = [] } = mechanism.outcome(profile);
    for (const r of rebates) expect(r).toBeGreaterThanOrEqual(-1e-12);
    const deficit = rebates.reduce((a, b) => a + b, 0) - payments.reduce((a, b) => a + b, 0);
    expect(deficit).toBeLessThanOrEqual(1e-12);
  }
}
