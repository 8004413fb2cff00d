/** Small mechanisms with known properties, to show the verifier can pass and fail. */
import type { Rng } from '../../../src/core/rng.ts';
import type { Mechanism, Outcome, Profile } from '../../../src/core/types.ts';

/** Returns agent indices sorted by descending bid, ties to the lower index (insertion sort: n is small). */
export function ranking(profile: Profile): number[] {
  const order: number[] = [];
  for (let i = 0; i < profile.length; i++) {
    let k = order.length;
    while (k > 0 && profile[order[k - 1]] < profile[i]) k--;
    order.splice(k, 0, i);
  }
  return order;
}

/** Returns a sampler of n i.i.d. U[0, 1] values. */
export function uniformProfiles(n: number): (rng: Rng) => number[] {
  return (rng) => Array.from({ length: n }, () => rng());
}

/**
 * A single-item auction: the highest bid wins (ties to the lowest index) and
 * pays `price(winnerBid, secondBid, profile)`.
 */
export function singleItem(
  n: number,
  price: (bid: number, second: number, profile: Profile) => number,
): Mechanism {
  return {
    n,
    outcome(profile): Outcome {
      const [w, s] = ranking(profile);
      const allocation = new Array<number>(n).fill(0);
      const payments = new Array<number>(n).fill(0);
      allocation[w] = 1;
      payments[w] = price(profile[w], profile[s], profile);
      return { allocation, payments };
    },
  };
}

export const secondPrice = (n: number) => singleItem(n, (_bid, second) => second);
export const firstPrice = (n: number) => singleItem(n, (bid) => bid);

/** Gives the item to the two highest bidders, each paying the third-highest bid: SP, IR, infeasible. */
export function doubleAllocation(n: number): Mechanism {
  return {
    n,
    outcome(profile) {
      const [a, b, c] = ranking(profile);
      const allocation = new Array<number>(n).fill(0);
      const payments = new Array<number>(n).fill(0);
      allocation[a] = allocation[b] = 1;
      payments[a] = payments[b] = profile[c];
      return { allocation, payments };
    },
  };
}

/**
 * VCG for m identical units with rebates r_i = rebate(others sorted
 * descending) (mechanism-notes §2): the m highest bids win and pay the
 * (m+1)-th highest.
 */
export function vcgWithRebate(n: number, m: number, rebate: (others: number[]) => number): Mechanism {
  return {
    n,
    outcome(profile) {
      const order = ranking(profile);
      const price = profile[order[m]];
      const allocation = new Array<number>(n).fill(0);
      const payments = new Array<number>(n).fill(0);
      for (let k = 0; k < m; k++) [allocation[order[k]], payments[order[k]]] = [1, price];
      const sorted = order.map((i) => profile[i]);
      const rebates = new Array<number>(n);
      for (let k = 0; k < n; k++) rebates[order[k]] = rebate(sorted.filter((_, j) => j !== k));
      return { allocation, payments, rebates };
    },
  };
}

/** The Bailey–Cavallo rebate (m/n) · others_[m+1], scaled by `factor`. */
export const baileyCavallo =
  (n: number, m: number, factor = 1) =>
  (others: number[]) =>
    factor * (m / n) * others[m];

/**
 * Second price, except that when the winner's two highest competitors are
 * within 1e-6 of each other the winner pays its own bid: an SP violation
 * confined to a set of profiles random sampling essentially never hits.
 */
export function nearTieFirstPrice(n: number): Mechanism {
  return singleItem(n, (bid, second, profile) => {
    const [, s, t] = ranking(profile);
    return Math.abs(profile[s] - profile[t]) < 1e-6 ? bid : second;
  });
}
