/** The skeleton without the fix: what the raw heuristic would do (mechanism-notes §1). */
import { localThreshold } from './localThreshold.ts';
import {
  auctionOutcome,
  priorityTable,
  type AuctionConfig,
  type Priority,
  type PriorityAuction,
} from './skeleton.ts';

/**
 * Returns the mechanism the skeleton makes of `priority` without the fix:
 * raw priorities on the grid, and the winner pays the local threshold (the
 * bottom of the run of winning bids below its bid). It can violate
 * strategy-proofness when priorities are not monotone.
 */
export function unfixedPriorityAuction(priority: Priority, config: AuctionConfig): PriorityAuction {
  const start = performance.now();
  const raw = Array.from({ length: config.n }, (_, i) => priorityTable(priority, i, config));
  const milliseconds = performance.now() - start;
  return {
    n: config.n,
    grid: config.grid,
    raw,
    priorities: raw,
    threshold: localThreshold,
    fixed: false,
    heuristicCalls: config.n * (config.grid.steps + 1),
    milliseconds,
    outcome: (profile) => auctionOutcome(raw, config.grid, localThreshold, profile),
  };
}
