/**
 * Linear rebate rules r_i = Σ_{j=1}^{n−1} c_j · b_{−i,[j]}, the family of the
 * classical baselines (mechanism-notes §2): Bailey–Cavallo, Guo–Conitzer's
 * worst-case optimal rule and the optimal-in-expectation rule.
 */
import { gridIndex, gridValue, type BidGrid } from '../../grid.ts';
import type { Profile } from '../../types.ts';
import {
  redistributionMechanism,
  type RedistributionConfig,
  type RedistributionMechanism,
} from './mechanism.ts';
import { rankDescending, sanitizeBid } from './vcg.ts';

/** Returns Σ_j c_j · others_[j] for `others` sorted descending (coefficients[j − 1] = c_j). */
export function linearRebateValue(coefficients: ArrayLike<number>, others: ArrayLike<number>): number {
  let rebate = 0;
  for (let j = 0; j < others.length; j++) rebate += coefficients[j] * others[j];
  return rebate;
}

/**
 * Returns VCG with the linear rebate `coefficients` (c_1 … c_{n−1}) on the
 * sanitized bids; with `grid`, on the bids rounded down to it, which is what
 * the waterfilling fix makes of a rule that never runs a deficit (the identity).
 */
export function linearRebateMechanism(
  coefficients: ArrayLike<number>,
  config: RedistributionConfig,
  grid?: BidGrid,
): RedistributionMechanism {
  const { n } = config;
  if (coefficients.length !== n - 1) {
    throw new RangeError(
      `a linear rebate for n = ${n} needs ${n - 1} coefficients, got ${coefficients.length}`,
    );
  }
  const c = Float64Array.from(coefficients);
  const bids = new Float64Array(n);
  const order = new Int32Array(n);
  const sorted = new Float64Array(n);
  const rebatesInto = (profile: Profile, rebates: Float64Array, raw?: Float64Array) => {
    for (let i = 0; i < n; i++) {
      const bid = sanitizeBid(profile[i]);
      bids[i] = grid ? gridValue(grid, gridIndex(grid, bid)) : bid;
    }
    rankDescending(bids, n, order);
    for (let p = 0; p < n; p++) sorted[p] = bids[order[p]];
    for (let p = 0; p < n; p++) {
      // The others of the agent at position p are sorted[0..p) and sorted(p..n).
      let rebate = 0;
      for (let j = 0; j < n - 1; j++) rebate += c[j] * sorted[j < p ? j : j + 1];
      rebates[order[p]] = rebate;
      if (raw) raw[order[p]] = rebate;
    }
  };
  return redistributionMechanism(config, rebatesInto, undefined, grid);
}

/**
 * Returns E[Σ_i r_i] / E[V] for the linear rule `coefficients` from the
 * expected order statistics `expected[k − 1]` = E[b_[k]] of n values: the
 * others' j-th highest is b_[j+1] for the j agents ranked 1…j and b_[j] for
 * the n − j others, so E[Σ r] = Σ_j c_j (j·E[b_[j+1]] + (n − j)·E[b_[j]]), and
 * E[V] = m·E[b_[m+1]].
 */
export function expectedLinearFraction(
  coefficients: ArrayLike<number>,
  m: number,
  expected: ArrayLike<number>,
): number {
  const n = expected.length;
  let total = 0;
  for (let j = 1; j < n; j++) total += coefficients[j - 1] * (j * expected[j] + (n - j) * expected[j - 1]);
  return total / (m * expected[m]);
}
