/**
 * The trained allocation network as a heuristic of correlated-revenue:
 * `allocate(bids)` returns the bidder with the highest score, or −1 when
 * the "no sale" score is highest (ties: the lowest index, no sale last).
 */
import type { Heuristic } from '../../problem.ts';
import { mlpForward, type MlpWeights } from '../mlp.ts';
import { argmax } from './objective.ts';

/** Returns `allocate(bids)` computed by `mlp` (n inputs, n + 1 scores). */
export function allocationNetworkHeuristic(mlp: MlpWeights): Heuristic {
  const forward = mlpForward(mlp);
  const n = mlp.layers[0].inputs;
  const scores = new Float64Array(n + 1);
  const allocate = (bids: readonly number[]): number => {
    const winner = argmax(forward(bids, scores));
    return winner === n ? -1 : winner;
  };
  return allocate as Heuristic;
}
