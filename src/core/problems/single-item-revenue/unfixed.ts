/** The skeleton without the fix: what the raw heuristic would do (mechanism-notes §1). */
import { localThreshold } from './localThreshold.ts';
import { tabulatedAuction, type AuctionConfig, type Priority, type PriorityAuction } from './skeleton.ts';

/**
 * Returns the mechanism the skeleton makes of `priority` without the fix:
 * raw priorities on the grid, and the winner pays the local threshold (the
 * bottom of the run of winning bids below its bid). It can violate
 * strategy-proofness when priorities are not monotone.
 */
export function unfixedPriorityAuction(priority: Priority, config: AuctionConfig): PriorityAuction {
  return tabulatedAuction(priority, config, {
    fixed: false,
    tables: (raw) => raw,
    threshold: localThreshold,
  });
}
