/** Non-deficit (weak budget balance): Σ payments − Σ rebates ≥ 0 (mechanism-notes §2). */
import type { Outcome } from '../types.ts';
import type { ViolationTally } from './tally.ts';

/**
 * Records one budget check of `outcome` at `bids` and returns the deficit
 * Σ rebates − Σ payments (negative while the mechanism runs a surplus; NaN
 * becomes +Infinity). The witness names the agent with the largest net
 * transfer rebate − payment.
 */
export function checkNonDeficit(tally: ViolationTally, bids: Float64Array, outcome: Outcome): number {
  const { payments, rebates } = outcome;
  let deficit = 0;
  let agent = 0;
  let largest = -Infinity;
  for (let i = 0; i < bids.length; i++) {
    const transfer = (rebates === undefined ? 0 : rebates[i]) - payments[i];
    deficit += transfer;
    if (transfer > largest) {
      largest = transfer;
      agent = i;
    }
  }
  const margin = Number.isNaN(deficit) ? Infinity : deficit;
  tally.record(margin, bids, agent);
  return margin;
}
