/**
 * The shape every redistribution mechanism shares (mechanism-notes §2): VCG
 * allocation and payments plus a rebate per agent that depends only on the
 * others' bids. Fixed heuristics, unfixed ones and the linear baselines all
 * take this shape, so evaluation, worst-case search and plots treat them alike.
 */
import type { BidGrid } from '../../grid.ts';
import type { Mechanism, Outcome, Profile } from '../../types.ts';
import { vcgInto } from './vcg.ts';

/** The setting: n agents, m ≤ n − 2 units, and the bid grid the fix rounds to. */
export interface RedistributionConfig {
  readonly n: number;
  readonly m: number;
  readonly grid: BidGrid;
}

/** Writes each agent's rebate at `profile` into `rebates`, and its rebate before any fix into `raw`. */
export type RebatesInto = (profile: Profile, rebates: Float64Array, raw?: Float64Array) => void;

export interface RedistributionMechanism extends Mechanism {
  readonly m: number;
  /**
   * Writes the rebates at `profile` into `rebates[0..n)` and, when given, the
   * rebates the rule proposed before any fix into `raw` (equal to `rebates`
   * for rules that need no fix). Allocates nothing: the hot path of evaluation.
   */
  readonly rebatesInto: RebatesInto;
  /** Heuristic calls made so far (0 for closed-form rules). */
  readonly heuristicCalls: number;
  /** The grid the rebates read rounded bids on, if they do. */
  readonly grid?: BidGrid;
}

/**
 * Returns the mechanism "VCG plus `rebatesInto`": its outcome gives the VCG
 * allocation and payments on the sanitized bids and the rebates. Each
 * outcome is a fresh object. `grid` is the grid the rebates read, if any.
 */
export function redistributionMechanism(
  config: RedistributionConfig,
  rebatesInto: RebatesInto,
  heuristicCalls: () => number = () => 0,
  grid?: BidGrid,
): RedistributionMechanism {
  const { n, m } = config;
  const order = new Int32Array(n);
  const bids = new Float64Array(n);
  const rebates = new Float64Array(n);
  return {
    n,
    m,
    grid,
    rebatesInto,
    get heuristicCalls() {
      return heuristicCalls();
    },
    outcome(profile: Profile): Outcome {
      if (profile.length !== n)
        throw new RangeError(`expected a profile of ${n} bids, got ${profile.length}`);
      const allocation = new Array<number>(n);
      const payments = new Array<number>(n);
      vcgInto(profile, m, allocation, payments, order, bids);
      rebatesInto(profile, rebates);
      return { allocation, payments, rebates: Array.from(rebates) };
    },
  };
}
