/**
 * The allocation network's loss for correlated bidders (in the spirit of
 * Guo, Liu and Conitzer, 2024; mechanism-notes §3). The network maps the
 * n bids to n + 1 scores: one per bidder and one for "no sale"; their
 * softmax is the network's allocation. It is trained to imitate the greedy
 * rule "highest conditional virtual value φ_i(v_i | v_−i), if positive"
 * (cross-entropy), with a penalty that pushes each bidder's winning
 * probability to be monotone in its own bid:
 *
 *   CE(softmax(z(b)), greedy(b)) + μ_mono · mean_{s,i} max(0, p_i(b) − p_i(b with b_i raised)).
 *
 * The greedy rule is not monotone under correlation (it is the upper bound
 * of the baselines, not a mechanism); the threshold-scan fix makes the
 * network's rule monotone, and the penalty keeps what the fix removes small.
 */
import type { ProblemInstance } from '../../problem.ts';
import { parseModel } from '../../problems/correlated-revenue/models.ts';
import type { Rng } from '../../rng.ts';
import type { Batch, LossValue, TrainingObjective } from '../objective.ts';

export interface AllocationPenalties {
  /** μ_mono: weight of the mean drop in a bidder's winning probability when it raises its bid. */
  readonly monotonicity: number;
  /** Raises are drawn uniformly from (0, maxRaise], then capped at the top bid 1. */
  readonly maxRaise: number;
}

export const defaultAllocationPenalties: AllocationPenalties = Object.freeze({
  monotonicity: 2,
  maxRaise: 0.2,
});

interface AllocationBatch extends Batch {
  /** Sampled profiles: rows 0 … S − 1; row S + s·n + i is profile s with bid i raised. */
  readonly sampled: number;
  /** The greedy rule's choice per sampled profile: a bidder, or n for no sale. */
  readonly targets: Int32Array;
}

/** Writes the softmax of `outputs[row·k … row·k + k)` into `into`. */
function softmaxRow(outputs: Float32Array, row: number, k: number, into: Float64Array): void {
  let top = -Infinity;
  for (let j = 0; j < k; j++) top = Math.max(top, outputs[row * k + j]);
  let total = 0;
  for (let j = 0; j < k; j++) total += into[j] = Math.exp(outputs[row * k + j] - top);
  for (let j = 0; j < k; j++) into[j] /= total;
}

/** Returns the index of the largest of `values` (the first among equals). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}

/** Returns the training objective of the allocation network for a correlated-revenue instance. */
export function allocationObjective(
  instance: ProblemInstance,
  batchProfiles: number,
  penalties: AllocationPenalties = defaultAllocationPenalties,
): TrainingObjective<AllocationBatch> {
  const model = parseModel(String(instance.parameters.model));
  const n = instance.n;
  const k = n + 1;
  const phi = new Float64Array(n);
  const p = new Float64Array(k);
  const q = new Float64Array(k);
  return {
    inputs: n,
    outputs: k,
    drawBatch(rng: Rng): AllocationBatch {
      const samples = instance.sample(rng, batchProfiles);
      const rows = batchProfiles * (1 + n);
      const inputs = new Float32Array(rows * n);
      const targets = new Int32Array(batchProfiles);
      for (let s = 0; s < batchProfiles; s++) {
        const profile = samples.values.subarray(s * n, s * n + n);
        inputs.set(profile, s * n);
        model.conditionalVirtualValues(profile, phi);
        const best = argmax(phi);
        targets[s] = phi[best] > 0 ? best : n;
        for (let i = 0; i < n; i++) {
          const row = batchProfiles + s * n + i;
          inputs.set(profile, row * n);
          inputs[row * n + i] = Math.min(1, profile[i] + penalties.maxRaise * (1 - rng()));
        }
      }
      return { rows, inputs, sampled: batchProfiles, targets };
    },
    lossAndGradient(batch, outputs, gradient): LossValue {
      const { sampled, targets } = batch;
      let crossEntropy = 0;
      let agree = 0;
      let violation = 0;
      for (let s = 0; s < sampled; s++) {
        softmaxRow(outputs, s, k, p);
        const t = targets[s];
        crossEntropy -= Math.log(Math.max(p[t], 1e-30));
        if (argmax(p) === t) agree++;
        for (let j = 0; j < k; j++) gradient[s * k + j] += (p[j] - (j === t ? 1 : 0)) / sampled;
      }
      const weight = penalties.monotonicity / (sampled * n);
      for (let s = 0; s < sampled; s++) {
        softmaxRow(outputs, s, k, p);
        for (let i = 0; i < n; i++) {
          const raised = sampled + s * n + i;
          softmaxRow(outputs, raised, k, q);
          const drop = p[i] - q[i];
          if (!(drop > 0)) continue;
          violation += drop;
          // d p_i / d z_j = p_i (1[i = j] − p_j), at the profile and at the raised one.
          for (let j = 0; j < k; j++) {
            gradient[s * k + j] += weight * p[i] * ((i === j ? 1 : 0) - p[j]);
            gradient[raised * k + j] -= weight * q[i] * ((i === j ? 1 : 0) - q[j]);
          }
        }
      }
      const monotonicity = violation / (sampled * n);
      return {
        loss: crossEntropy / sampled + penalties.monotonicity * monotonicity,
        terms: { 'cross-entropy': crossEntropy / sampled, 'greedy-agreement': agree / sampled, monotonicity },
      };
    },
  };
}
