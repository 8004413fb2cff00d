/** Individual rationality: a truthful agent never ends with negative utility. */
import type { Outcome } from '../types.ts';
import type { ViolationTally } from './tally.ts';
import { utilityOf } from './utility.ts';

/**
 * Records one IR check per agent at `bids`, taking each bid as that agent's
 * true value (every reported profile is some truthful profile), and returns
 * the largest margin −u_i. An undefined utility (NaN) counts as an infinite
 * violation: nothing can be certified about it.
 */
export function checkIndividuallyRational(
  tally: ViolationTally,
  bids: Float64Array,
  outcome: Outcome,
): number {
  let worst = -Infinity;
  for (let i = 0; i < bids.length; i++) {
    const utility = utilityOf(outcome, i, bids[i]);
    const margin = Number.isNaN(utility) ? Infinity : 0 - utility;
    tally.record(margin, bids, i);
    if (margin > worst) worst = margin;
  }
  return worst;
}
