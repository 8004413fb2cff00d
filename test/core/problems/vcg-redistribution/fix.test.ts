import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidGrid, gridIndex, gridValue } from '../../../../src/core/grid.ts';
import { waterfillingFix } from '../../../../src/core/problems/vcg-redistribution/fix.ts';
import { vcgRevenue } from '../../../../src/core/problems/vcg-redistribution/vcg.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import {
  asHeuristic,
  literalFix,
  profile,
  pureHeuristic,
  setting,
  settingAndProfile,
  statefulHeuristic,
} from './arbitraries.ts';

const anyHeuristic = fc.oneof(
  { weight: 4, arbitrary: pureHeuristic },
  { weight: 1, arbitrary: statefulHeuristic },
);
/** Float slack for sums of a dozen rebates at the scale m·H. */
const slack = (scale: number) => 1e-9 * Math.max(1, scale);

describe('waterfillingFix', () => {
  it('waterfillingFix(h) pays every agent a rebate ≥ 0 (IR), whatever h does', () => {
    fc.assert(
      fc.property(settingAndProfile, anyHeuristic, ({ setting: config, profile: bids }, h) => {
        const { rebates, payments, allocation } = waterfillingFix(asHeuristic(h.make()), config).outcome(
          bids,
        );
        for (let i = 0; i < config.n; i++) {
          expect(rebates?.[i]).toBeGreaterThanOrEqual(0);
          const value = bids[i] > 0 && bids[i] < Infinity ? bids[i] : 0;
          expect(value * allocation[i] - payments[i] + (rebates?.[i] ?? 0)).toBeGreaterThanOrEqual(
            -slack(value),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('waterfillingFix(h) never runs a deficit on any profile (ND), stateful heuristics included', () => {
    fc.assert(
      fc.property(settingAndProfile, anyHeuristic, ({ setting: config, profile: bids }, h) => {
        const { rebates, payments } = waterfillingFix(asHeuristic(h.make()), config).outcome(bids);
        const paid = payments.reduce((a, b) => a + b, 0);
        const returned = (rebates ?? []).reduce((a, b) => a + b, 0);
        expect(returned).toBeLessThanOrEqual(paid + slack(config.m * config.grid.top));
        expect(paid).toBeCloseTo(vcgRevenue(bids, config.m, new Float64Array(config.n)), 12);
      }),
      { numRuns: 300 },
    );
  });

  it("waterfillingFix(h) keeps agent i's rebate when only agent i's bid changes (SP), so truthful bidding stays dominant", () => {
    fc.assert(
      fc.property(
        setting.chain((s) =>
          fc.record({
            setting: fc.constant(s),
            profile: profile(s.n, s.grid),
            agent: fc.integer({ min: 0, max: s.n - 1 }),
            misreports: fc.array(fc.double({ min: 0, max: 1.5 * s.grid.top, noNaN: true }), {
              minLength: 1,
              maxLength: 4,
            }),
          }),
        ),
        pureHeuristic,
        ({ setting: config, profile: bids, agent, misreports }, h) => {
          const mechanism = waterfillingFix(asHeuristic(h.make()), config);
          const truth = bids.map((b) => (b > 0 && b < Infinity ? b : 0));
          const honest = mechanism.outcome(truth);
          const utility = (o: typeof honest) =>
            truth[agent] * o.allocation[agent] - o.payments[agent] + (o.rebates?.[agent] ?? 0);
          for (const report of misreports) {
            const lied = mechanism.outcome(truth.map((b, i) => (i === agent ? report : b)));
            expect(lied.rebates?.[agent]).toBe(honest.rebates?.[agent]);
            expect(utility(lied)).toBeLessThanOrEqual(utility(honest) + slack(truth[agent]));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('waterfillingFix(h) gives exactly the rebates of the literal §2 construction (h⁺, λ by bisection, Λ over every x ∈ G)', () => {
    fc.assert(
      fc.property(settingAndProfile, pureHeuristic, ({ setting: config, profile: bids }, h) => {
        const fast = waterfillingFix(asHeuristic(h.make()), config).outcome(bids).rebates ?? [];
        const literal = literalFix(h.make(), config, bids);
        for (let i = 0; i < config.n; i++) expect(fast[i]).toBeCloseTo(literal[i], 9);
      }),
      { numRuns: 150 },
    );
  });

  it('waterfillingFix(h) gives the literal §2 rebates on every profile of a long sequence, where rows recur across profiles', () => {
    // Coarse grids and few agents, so later profiles share kept bids with earlier ones.
    const coarse = fc
      .record({ n: fc.integer({ min: 3, max: 5 }), steps: fc.integer({ min: 2, max: 6 }) })
      .chain(({ n, steps }) => {
        const config = { n, m: 1 + (steps % (n - 2)), grid: bidGrid(1, steps) };
        return fc.record({
          config: fc.constant(config),
          profiles: fc.array(profile(n, config.grid), { minLength: 10, maxLength: 40 }),
        });
      });
    fc.assert(
      fc.property(coarse, pureHeuristic, ({ config, profiles }, h) => {
        const mechanism = waterfillingFix(asHeuristic(h.make()), config);
        const rebates = new Float64Array(config.n);
        for (const bids of profiles) {
          mechanism.rebatesInto(bids, rebates);
          const literal = literalFix(h.make(), config, bids);
          for (let i = 0; i < config.n; i++) expect(rebates[i]).toBeCloseTo(literal[i], 9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('waterfillingFix reuses rows across profiles: at n = 3, once warm, only the n proposals of a profile are asked', () => {
    const config = { n: 3, m: 1, grid: bidGrid(1, 20) };
    const mechanism = waterfillingFix(
      asHeuristic((others) => others[0] / 2 + others[1]),
      config,
    );
    const draw = rngStream(7, 'profiles');
    for (let s = 0; s < 400; s++) mechanism.outcome([draw(), draw(), draw()]);
    // A row is keyed by its one kept bid: 21 rows of 21 points at most, then 3 proposals per profile.
    expect(mechanism.heuristicCalls).toBeLessThanOrEqual(21 * 21 + 3 * 400);
    const warm = mechanism.heuristicCalls;
    for (let s = 0; s < 100; s++) mechanism.outcome([draw(), draw(), draw()]);
    expect(mechanism.heuristicCalls - warm).toBeLessThanOrEqual(3 * 100);
    // A fresh table per profile would ask 3 rows × 19 + 3 proposals each time.
    expect(warm).toBeLessThan(400 * (3 * 19 + 3) * 0.2);
  });

  it('waterfillingFix leaves Bailey–Cavallo unchanged: rebates equal (m/n)·(rounded others)_[m+1] exactly, ties included', () => {
    fc.assert(
      fc.property(settingAndProfile, ({ setting: config, profile: bids }) => {
        const { n, m, grid } = config;
        const mechanism = waterfillingFix(
          asHeuristic((others, n, m) => (m / n) * others[m]),
          config,
        );
        const rebates = new Float64Array(n);
        const raw = new Float64Array(n);
        mechanism.rebatesInto(bids, rebates, raw);
        const rounded = bids.map((b) => gridValue(grid, gridIndex(grid, b > 0 && b < Infinity ? b : 0)));
        for (let i = 0; i < n; i++) {
          const others = rounded.filter((_, j) => j !== i).sort((a, b) => b - a);
          expect(rebates[i]).toBe((m / n) * others[m]);
          expect(raw[i]).toBe(rebates[i]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('waterfillingFix lowers a too-generous rule (others[0]) to within the revenue, but not to zero everywhere', () => {
    const config = { n: 5, m: 1, grid: bidGrid(1, 20) };
    const mechanism = waterfillingFix(
      asHeuristic((others) => others[0]),
      config,
    );
    const { rebates, payments } = mechanism.outcome([0.9, 0.7, 0.5, 0.3, 0.1]);
    const returned = (rebates ?? []).reduce((a, b) => a + b, 0);
    expect(returned).toBeLessThanOrEqual(payments.reduce((a, b) => a + b, 0) + 1e-12);
    expect(returned).toBeGreaterThan(0);
  });

  it('waterfillingFix hands the heuristic the n − 1 rounded other bids, sorted descending, whatever it did to the array before', () => {
    const config = { n: 4, m: 1, grid: bidGrid(1, 10) };
    const seen: number[][] = [];
    let call = 0;
    const mechanism = waterfillingFix(
      asHeuristic((others, n, m) => {
        expect([n, m]).toEqual([4, 1]);
        seen.push(others.slice());
        // Vandalise the argument in turn: overwrite, shrink, grow, freeze.
        const move = call++ % 4;
        if (move === 0) others.fill(99);
        else if (move === 1) others.length = 1;
        else if (move === 2) others.push(5, 6);
        else Object.freeze(others);
        return 0.01;
      }),
      config,
    );
    mechanism.outcome([0.37, 0.91, 0.05, 0.5]);
    expect(seen).toContainEqual([0.9, 0.5, 0]);
    expect(seen).toContainEqual([0.9, 0.5, 0.3]);
    expect(seen.length).toBeGreaterThan(40);
    for (const others of seen) {
      expect(others).toHaveLength(3);
      expect(others).toEqual([...others].sort((a, b) => b - a));
      for (const v of others) expect(gridIndex(config.grid, v)).toBe(Math.round(v * 10));
    }
  });

  it('waterfillingFix consults each sub-profile once per profile and at most C(n,2)·(K+1) + n times', () => {
    const config = { n: 5, m: 2, grid: bidGrid(1, 12) };
    const keys: string[] = [];
    const mechanism = waterfillingFix(
      asHeuristic((others) => {
        keys.push(others.join(','));
        return others[0];
      }),
      config,
    );
    mechanism.outcome([0.5, 0.5, 0.25, 0.8, 0]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(mechanism.heuristicCalls).toBe(keys.length);
    expect(keys.length).toBeLessThanOrEqual(10 * 13 + 5);
  });

  it('waterfillingFix(h) lets exceptions thrown by h propagate', () => {
    const mechanism = waterfillingFix(
      asHeuristic(() => {
        throw new TypeError('others.foo is not a function');
      }),
      { n: 3, m: 1, grid: bidGrid(1, 5) },
    );
    expect(() => mechanism.outcome([0.1, 0.2, 0.3])).toThrow(/others.foo/);
  });

  it('waterfillingFix(h) gives the same outcomes when run twice from scratch', () => {
    fc.assert(
      fc.property(settingAndProfile, pureHeuristic, ({ setting: config, profile: bids }, h) => {
        const first = waterfillingFix(asHeuristic(h.make()), config).outcome(bids);
        const second = waterfillingFix(asHeuristic(h.make()), config).outcome(bids);
        expect(second).toEqual(first);
      }),
      { numRuns: 50 },
    );
  });
});
