/** Quasi-linear utility, the quantity every incentive check compares. */
import type { Outcome } from '../types.ts';

/**
 * Returns the utility of `agent` with true value `value` at `outcome`:
 * value · allocation − payment + rebate (mechanism-notes §0). Missing or
 * non-numeric entries give NaN, which the checks treat as a violation.
 */
export function utilityOf(outcome: Outcome, agent: number, value: number): number {
  const rebate = outcome.rebates === undefined ? 0 : outcome.rebates[agent];
  return value * outcome.allocation[agent] - outcome.payments[agent] + rebate;
}
