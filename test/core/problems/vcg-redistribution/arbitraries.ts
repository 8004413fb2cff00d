/**
 * Shared test material for vcg-redistribution: settings, profiles and
 * heuristics as fast-check arbitraries, and a literal (slow) implementation
 * of the waterfilling fix of mechanism-notes §2 to compare the fast one with.
 */
import fc from 'fast-check';
import { bidGrid, gridIndex, gridValue, type BidGrid } from '../../../../src/core/grid.ts';
import type { Heuristic } from '../../../../src/core/problem.ts';
import type { RedistributionConfig } from '../../../../src/core/problems/vcg-redistribution/mechanism.ts';

type Rule = (others: number[], n: number, m: number) => unknown;

/** A heuristic with a name for failure messages; `make` returns a fresh one (stateful ones start over). */
export interface NamedHeuristic {
  readonly label: string;
  readonly make: () => Rule;
  /** False for heuristics whose answer is not a function of their arguments. */
  readonly pure: boolean;
}

/** A deterministic pseudo-random function of the others, in [0, scale). */
function hashRule(seed: number, scale: number): Rule {
  return (others) => {
    let h = seed | 0;
    for (const v of others) h = Math.imul(h ^ Math.round(v * 1e6), 0x9e3779b1) ^ (h >>> 15);
    return ((h >>> 0) / 2 ** 32) * scale;
  };
}

const constants = [
  0,
  1e-300,
  0.01,
  0.3,
  1,
  7,
  1e300,
  -1,
  -1e300,
  Number.NaN,
  Infinity,
  -Infinity,
  Number.MAX_VALUE,
];
const junk: unknown[] = [
  '0.5',
  '1',
  { valueOf: () => 0.7 },
  [0.4],
  null,
  undefined,
  true,
  10n,
  () => 1,
  Symbol('r'),
];

/** Pure heuristics: constants, junk, linear rules (non-monotone ones too), generous rules, thresholds, hashes, input mutation. */
export const pureHeuristic: fc.Arbitrary<NamedHeuristic> = fc.oneof(
  fc
    .constantFrom(...constants)
    .map((c) => ({ label: `constant ${c}`, make: (): Rule => () => c, pure: true })),
  fc
    .constantFrom(...junk)
    .map((value) => ({ label: `junk ${String(typeof value)}`, make: (): Rule => () => value, pure: true })),
  fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 11, maxLength: 11 }).map((c) => ({
    label: `linear ${c.map((v) => v.toFixed(2)).join(',')}`,
    make: (): Rule => (others) => others.reduce((sum, v, j) => sum + c[j] * v, 0),
    pure: true,
  })),
  fc.integer({ min: 0, max: 10 }).map((j) => ({
    label: `others[${j}]`,
    make: (): Rule => (others) => others[j],
    pure: true,
  })),
  fc
    .record({
      threshold: fc.double({ min: 0, max: 1, noNaN: true }),
      high: fc.double({ min: 0, max: 5, noNaN: true }),
    })
    .map(({ threshold, high }) => ({
      label: `step at ${threshold} to ${high}`,
      make: (): Rule => (others) => (others[0] > threshold ? high : others[others.length - 1]),
      pure: true,
    })),
  fc.record({ seed: fc.integer(), scale: fc.constantFrom(0.1, 1, 3) }).map(({ seed, scale }) => ({
    label: `hash ${seed} × ${scale}`,
    make: () => hashRule(seed, scale),
    pure: true,
  })),
  fc.constant({
    label: 'uses n and m: (m/n)·others[m] + others[n−2]/n²',
    make: (): Rule => (others, n, m) => (m / n) * others[m] + others[n - 2] / (n * n),
    pure: true,
  }),
  fc.constant({
    label: 'mutates its input, then answers from it',
    make: (): Rule => (others) => {
      others.reverse();
      others[0] = 1e9;
      others.length = 1;
      return others[0] / 1e9;
    },
    pure: true,
  }),
);

/** Heuristics whose answers depend on hidden state: a call counter, and a private random stream. */
export const statefulHeuristic: fc.Arbitrary<NamedHeuristic> = fc.oneof(
  fc.constant({
    label: 'counter',
    make: (): Rule => {
      let calls = 0;
      return () => (calls++ % 7) / 5;
    },
    pure: false,
  }),
  fc.integer().map((seed) => ({
    label: `private random stream ${seed}`,
    make: (): Rule => {
      let state = seed | 0;
      return (others) => {
        state = Math.imul(state ^ (state >>> 13), 0x5bd1e995) + 0x6b43a9b5;
        return ((state >>> 0) / 2 ** 32) * others[0];
      };
    },
    pure: false,
  })),
);

export interface Setting extends RedistributionConfig {
  readonly label: string;
}

/** Small settings: n = 3…7, m = 1…n−2, K = 3…24 steps up to H ∈ {1, 2.5}. */
export const setting: fc.Arbitrary<Setting> = fc
  .record({
    n: fc.integer({ min: 3, max: 7 }),
    mShare: fc.double({ min: 0, max: 0.999, noNaN: true }),
    steps: fc.integer({ min: 3, max: 24 }),
    top: fc.constantFrom(1, 2.5),
  })
  .map(({ n, mShare, steps, top }) => {
    const m = 1 + Math.floor(mShare * (n - 2));
    return { n, m, grid: bidGrid(top, steps), label: `n=${n} m=${m} K=${steps} H=${top}` };
  });

/** One bid: grid points (ties are likely), 0, H and above, arbitrary doubles, and garbage the mechanism reads as 0. */
export function bid(grid: BidGrid): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: grid.steps }).map((k) => gridValue(grid, k)) },
    { weight: 4, arbitrary: fc.double({ min: 0, max: 1.5 * grid.top, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, grid.top, 2 * grid.top, 1e9) },
    { weight: 1, arbitrary: fc.constantFrom(-1, Number.NaN, Infinity, -Infinity) },
  );
}

/** A profile of n bids on `grid`. */
export function profile(n: number, grid: BidGrid): fc.Arbitrary<number[]> {
  return fc.array(bid(grid), { minLength: n, maxLength: n });
}

/** A setting with a profile for it. */
export const settingAndProfile = setting.chain((s) =>
  profile(s.n, s.grid).map((b) => ({ setting: s, profile: b })),
);

/** Returns the heuristic as the fix's `Heuristic` type. */
export function asHeuristic(rule: Rule): Heuristic {
  return rule;
}

// ——— The literal fix, straight from mechanism-notes §2 ———

function sanitize(answer: unknown, cap: number): number {
  return typeof answer === 'number' && Number.isFinite(answer) ? Math.min(cap, Math.max(0, answer)) : 0;
}

/** Returns the smallest λ ≥ 0 with Σ max(0, a − λ) ≤ V, by bisection (an independent method). */
export function bisectWaterLevel(a: readonly number[], V: number): number {
  const excess = (lambda: number) => a.reduce((sum, v) => sum + Math.max(0, v - lambda), 0) - V;
  if (excess(0) <= V * 1e-12) return 0;
  let low = 0;
  let high = Math.max(...a);
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (excess(mid) > 0) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * Returns the fixed rebates at `profile` computed literally: h⁺ memoised by
 * the sorted grid values, λ by bisection for every completion x ∈ G of
 * every agent's others, r_i = max(0, h⁺(ȳ) − max_x λ(ȳ ∪ {x})).
 */
export function literalFix(rule: Rule, config: RedistributionConfig, bids: readonly number[]): number[] {
  const { n, m, grid } = config;
  const memo = new Map<string, number>();
  const hPlus = (others: number[]) => {
    const sorted = [...others].sort((x, y) => y - x);
    const key = sorted.join(',');
    if (!memo.has(key)) memo.set(key, sanitize(rule(sorted.slice(), n, m), m * grid.top));
    return memo.get(key) as number;
  };
  const rounded = bids.map((b) => gridValue(grid, gridIndex(grid, b > 0 && b < Infinity ? b : 0)));
  const revenue = (p: number[]) => m * [...p].sort((x, y) => y - x)[m];
  const lambda = (p: number[]) =>
    bisectWaterLevel(
      p.map((_, k) => hPlus(p.filter((__, j) => j !== k))),
      revenue(p),
    );
  return rounded.map((_, i) => {
    const others = rounded.filter((__, j) => j !== i);
    let worst = 0;
    for (let k = 0; k <= grid.steps; k++) worst = Math.max(worst, lambda([...others, gridValue(grid, k)]));
    return Math.max(0, hPlus(others) - worst);
  });
}
