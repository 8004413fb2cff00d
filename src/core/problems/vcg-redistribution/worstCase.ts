/**
 * The worst case of a redistribution mechanism, min_b Σ r_i / V(b) over
 * profiles with V > 0 (mechanism-notes §2), found by search: it is a bound
 * from above on the true worst case, exact for linear rules (their ratio is
 * one of linear functions of the sorted profile, smallest on an extreme ray
 * of the cone of sorted profiles: a step profile, which the search tries).
 */
import { gridIndex, gridValue, type BidGrid } from '../../grid.ts';
import type { Rng } from '../../rng.ts';
import type { Mechanism } from '../../types.ts';

export interface WorstCaseOptions {
  /** Bids range over [0, top]: the grid top H. */
  readonly top: number;
  /**
   * When given, every profile tried lies on this grid. Use it for rules that
   * read rounded bids (fixed heuristics): off the grid, bids below one step
   * round to 0, so any such rule returns nothing at some profile with V > 0
   * and its worst case over all profiles is 0, which says nothing about it.
   */
  readonly grid?: BidGrid;
  /** Units for sale: step profiles with fewer than m + 1 positive bids have V = 0. */
  readonly m: number;
  /** Random profiles drawn uniformly on [0, top]ⁿ. */
  readonly randomProfiles?: number;
  /** Coordinate-descent starts (the worst profiles found so far). */
  readonly starts?: number;
  /** Coordinate-descent sweeps over the agents. */
  readonly rounds?: number;
  /** Values tried per agent and sweep. */
  readonly proposals?: number;
}

export interface WorstCase {
  /** The smallest Σ r / V found (Infinity if no profile had V > 0). */
  readonly fraction: number;
  readonly profile: readonly number[];
}

export const worstCaseDefaults = { randomProfiles: 200, starts: 4, rounds: 4, proposals: 12 } as const;

/** Returns Σ rebates / Σ payments at `profile`, or Infinity where VCG collects nothing. */
function fractionAt(mechanism: Mechanism, profile: readonly number[]): number {
  const { payments, rebates } = mechanism.outcome(profile);
  let revenue = 0;
  let returned = 0;
  for (let i = 0; i < profile.length; i++) {
    revenue += payments[i];
    returned += rebates === undefined ? 0 : rebates[i];
  }
  return revenue > 0 ? returned / revenue : Infinity;
}

/**
 * Returns the smallest redistributed fraction found for `mechanism` over
 * step profiles (k = m+1 … n bids at a level, the rest 0, at levels H, H/2,
 * H/4), random profiles, and coordinate descent from the worst of them, all
 * on `options.grid` when it is given.
 * Deterministic given `rng`'s state.
 */
export function worstCaseFraction(mechanism: Mechanism, options: WorstCaseOptions, rng: Rng): WorstCase {
  const { n } = mechanism;
  const { top, m, grid } = options;
  const snap = grid ? (v: number) => gridValue(grid, gridIndex(grid, v)) : (v: number) => v;
  const randomProfiles = options.randomProfiles ?? worstCaseDefaults.randomProfiles;
  const starts = options.starts ?? worstCaseDefaults.starts;
  const rounds = options.rounds ?? worstCaseDefaults.rounds;
  const proposals = options.proposals ?? worstCaseDefaults.proposals;
  const found: { fraction: number; profile: number[] }[] = [];
  const consider = (profile: number[]) => found.push({ fraction: fractionAt(mechanism, profile), profile });
  for (const level of [top, top / 2, top / 4]) {
    for (let k = m + 1; k <= n; k++) consider(Array.from({ length: n }, (_, i) => (i < k ? snap(level) : 0)));
  }
  for (let r = 0; r < randomProfiles; r++) consider(Array.from({ length: n }, () => snap(top * rng())));
  found.sort((a, b) => a.fraction - b.fraction);
  let best = found[0];
  for (const start of found.slice(0, starts)) {
    const profile = start.profile.slice();
    let fraction = start.fraction;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < n; i++) {
        let kept = profile[i];
        for (let t = 0; t < proposals; t++) {
          // Even proposals spread over [0, top], odd ones are random.
          profile[i] = snap(t % 2 === 0 ? (top * t) / Math.max(1, proposals - 2) : top * rng());
          const candidate = fractionAt(mechanism, profile);
          if (candidate < fraction) {
            fraction = candidate;
            kept = profile[i];
          }
        }
        profile[i] = kept;
      }
    }
    if (fraction < best.fraction) best = { fraction, profile };
  }
  return { fraction: best.fraction, profile: best.profile };
}
