/**
 * VCG for m identical units and unit demand (mechanism-notes §2): the m
 * highest bids win one unit each and each winner pays the (m+1)-th highest
 * bid, so VCG collects V(b) = m · b_[m+1].
 */
import type { Profile } from '../../types.ts';

/** Returns `bid` as the mechanism reads it: NaN, ±Infinity and negative reports count as 0. */
export function sanitizeBid(bid: number): number {
  return bid > 0 && bid < Infinity ? bid : 0;
}

/**
 * Writes into `order[0..n)` the agents sorted by `values` descending, ties to
 * the lowest index (stable insertion sort: n ≤ 12, so it beats a generic sort).
 */
export function rankDescending(values: ArrayLike<number>, n: number, order: Int32Array): void {
  for (let i = 0; i < n; i++) {
    let j = i;
    while (j > 0 && values[order[j - 1]] < values[i]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
}

/**
 * Returns the k-th highest (1-based) of the sanitized bids of `profile`.
 * `scratch` must hold n numbers; it is overwritten.
 */
export function kthHighest(profile: Profile, k: number, scratch: Float64Array): number {
  const n = profile.length;
  for (let i = 0; i < n; i++) {
    const v = sanitizeBid(profile[i]);
    let j = i;
    while (j > 0 && scratch[j - 1] < v) {
      scratch[j] = scratch[j - 1];
      j--;
    }
    scratch[j] = v;
  }
  return scratch[k - 1];
}

/** Returns what VCG collects at `profile`: V(b) = m · b_[m+1]. */
export function vcgRevenue(profile: Profile, m: number, scratch: Float64Array): number {
  return m * kthHighest(profile, m + 1, scratch);
}

/**
 * Writes VCG's allocation and payments at `profile` into the given arrays:
 * the m highest sanitized bids win (ties to the lowest index) and each
 * winner pays the (m+1)-th highest bid. `order` is scratch for n indices.
 */
export function vcgInto(
  profile: Profile,
  m: number,
  allocation: number[],
  payments: number[],
  order: Int32Array,
  bids: Float64Array,
): void {
  const n = profile.length;
  for (let i = 0; i < n; i++) bids[i] = sanitizeBid(profile[i]);
  rankDescending(bids, n, order);
  const price = bids[order[m]];
  for (let i = 0; i < n; i++) {
    allocation[i] = 0;
    payments[i] = 0;
  }
  for (let r = 0; r < m; r++) {
    allocation[order[r]] = 1;
    payments[order[r]] = price;
  }
}
