/** What each problem contributes to an exported mechanism module. */

export interface StandaloneFix {
  /**
   * Module source that calls the heuristic by its name (a constant defined
   * before it) and exports `mechanism(bids)`, returning the outcome as
   * { allocation, payments } (and rebates where the problem has them).
   */
  readonly source: string;
  /** The fix in a few words, for the module's header. */
  readonly title: string;
  /** A profile for the usage example. */
  readonly exampleBids: readonly number[];
}

/** Returns n example bids falling evenly from 0.8·top to 0.3·top, with 2 decimals. */
export function exampleProfile(n: number, top: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const share = 0.8 - (0.5 * i) / Math.max(1, n - 1);
    return Math.round(share * top * 100) / 100;
  });
}
