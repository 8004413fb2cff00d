/**
 * The trained rebate network as a heuristic of vcg-redistribution:
 * `rebate(others, n, m)` = H · net(others / H), a plain float64 forward
 * pass. The fix, the evaluation and the verifier treat it like any code.
 */
import type { Heuristic } from '../../problem.ts';
import { mlpForward, type MlpWeights } from '../mlp.ts';

/** Returns `rebate(others, n, m)` computed by `mlp` for bids on a grid with top `top`. */
export function rebateNetworkHeuristic(mlp: MlpWeights, top: number): Heuristic {
  const forward = mlpForward(mlp);
  const width = mlp.layers[0].inputs;
  const input = new Float64Array(width);
  const output = new Float64Array(1);
  const rebate = (others: readonly number[]): number => {
    for (let j = 0; j < width; j++) input[j] = others[j] / top;
    return top * forward(input, output)[0];
  };
  return rebate as Heuristic;
}
