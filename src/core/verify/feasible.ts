/** Feasibility: allocations in [0, 1], at most `units` in all, finite transfers. */
import type { Outcome } from '../types.ts';
import type { ViolationTally } from './tally.ts';

/**
 * Records one feasibility check of `outcome` at `bids` and returns its
 * margin: the largest of −a_i, a_i − 1 and Σ a_i − units, or +Infinity when
 * an allocation, payment or rebate is missing or not a finite number. The
 * witness names the offending agent (for an over-allocation, the agent with
 * the largest share).
 */
export function checkFeasible(
  tally: ViolationTally,
  bids: Float64Array,
  outcome: Outcome,
  units: number,
): number {
  const { allocation, payments, rebates } = outcome;
  let margin = -Infinity;
  let agent = 0;
  let total = 0;
  let largest = 0;
  for (let i = 0; i < bids.length; i++) {
    const share = allocation[i];
    const finite =
      Number.isFinite(share) &&
      Number.isFinite(payments[i]) &&
      (rebates === undefined || Number.isFinite(rebates[i]));
    const own = finite ? Math.max(0 - share, share - 1) : Infinity;
    if (own > margin) {
      margin = own;
      agent = i;
    }
    if (finite) {
      total += share;
      if (share > allocation[largest]) largest = i;
    }
  }
  if (total - units > margin) {
    margin = total - units;
    agent = largest;
  }
  tally.record(margin, bids, agent);
  return margin;
}
