/**
 * The redistribution network's loss (in the spirit of Manisha, Jawahar and
 * Gujar, 2018; mechanism-notes §2). The network maps the n − 1 other bids,
 * highest first and divided by the grid top H, to a rebate in units of H.
 * On a minibatch of sampled profiles the loss is
 *
 *   − Σ r / Σ V                                  (the redistributed fraction)
 *   + μ_ND · mean(max(0, Σ_i r_i − V)) / mean V  (deficit)
 *   + μ_IR · mean(Σ_i max(0, −r_i)) / mean V     (individual rationality)
 *
 * The penalties are taken on the sampled profiles and on one completion of
 * each: a random agent's bid moved to 0 or to a uniform point of [0, H],
 * because the waterfilling fix charges every agent for the worst deficit
 * over its own possible bids, not only at the sampled one.
 */
import type { ProblemInstance } from '../../problem.ts';
import type { Rng } from '../../rng.ts';
import type { Batch, LossValue, TrainingObjective } from '../objective.ts';
import { rebateSetting } from './setting.ts';

export interface RebatePenalties {
  /** μ_ND: weight of the mean deficit. Above 1, a deficit costs more than the rebates that cause it gain. */
  readonly deficit: number;
  /** μ_IR: weight of the mean negative rebate. */
  readonly individualRationality: number;
}

export const defaultRebatePenalties: RebatePenalties = Object.freeze({
  deficit: 10,
  individualRationality: 5,
});

interface RebateBatch extends Batch {
  /** Profiles in the batch: the sampled ones first, then one completion of each. */
  readonly profiles: number;
  readonly sampled: number;
  /** VCG's revenue m · b_[m+1] of each profile. */
  readonly revenue: Float64Array;
}

/** Writes the rows of one sorted profile (its n sub-profiles, each scaled by 1/H) from `row` on. */
function writeRows(sorted: Float64Array, top: number, inputs: Float32Array, row: number): void {
  const n = sorted.length;
  let at = row * (n - 1);
  for (let p = 0; p < n; p++) for (let j = 0; j < n; j++) if (j !== p) inputs[at++] = sorted[j] / top;
}

/** Returns the training objective of the rebate network for a vcg-redistribution instance. */
export function rebateObjective(
  instance: ProblemInstance,
  batchProfiles: number,
  penalties: RebatePenalties = defaultRebatePenalties,
): TrainingObjective<RebateBatch> {
  const { n, m, grid } = rebateSetting(instance);
  const top = grid.top;
  const sorted = new Float64Array(n);
  const descending = (a: number, b: number) => b - a;
  return {
    inputs: n - 1,
    outputs: 1,
    drawBatch(rng: Rng): RebateBatch {
      const samples = instance.sample(rng, batchProfiles);
      const profiles = 2 * batchProfiles;
      const inputs = new Float32Array(profiles * n * (n - 1));
      const revenue = new Float64Array(profiles);
      for (let s = 0; s < profiles; s++) {
        const base = (s % batchProfiles) * n;
        for (let i = 0; i < n; i++) sorted[i] = samples.values[base + i];
        if (s >= batchProfiles) sorted[Math.floor(rng() * n)] = rng() < 0.5 ? 0 : top * rng();
        sorted.sort(descending);
        revenue[s] = m * sorted[m];
        writeRows(sorted, top, inputs, s * n);
      }
      return { rows: profiles * n, inputs, profiles, sampled: batchProfiles, revenue };
    },
    lossAndGradient(batch, outputs, gradient): LossValue {
      const { profiles, sampled, revenue } = batch;
      let totalRevenue = 0;
      for (let s = 0; s < sampled; s++) totalRevenue += revenue[s];
      const meanRevenue = Math.max(totalRevenue / sampled, 1e-9 * top);
      // Per-profile penalties are averaged over all profiles and scaled by the mean revenue.
      const perProfile = 1 / (profiles * meanRevenue);
      let rebated = 0;
      let deficit = 0;
      let negative = 0;
      for (let s = 0; s < profiles; s++) {
        let total = 0;
        for (let p = 0; p < n; p++) total += top * outputs[s * n + p];
        const over = total - revenue[s];
        if (over > 0) deficit += over;
        if (s < sampled) rebated += total;
        for (let p = 0; p < n; p++) {
          const r = top * outputs[s * n + p];
          let slope = over > 0 ? penalties.deficit * perProfile : 0;
          if (s < sampled) slope -= 1 / (sampled * meanRevenue);
          if (r < 0) {
            negative -= r;
            slope -= penalties.individualRationality * perProfile;
          }
          gradient[s * n + p] = top * slope;
        }
      }
      const fraction = rebated / (sampled * meanRevenue);
      const deficitTerm = deficit * perProfile;
      const negativeTerm = negative * perProfile;
      return {
        loss: -fraction + penalties.deficit * deficitTerm + penalties.individualRationality * negativeTerm,
        terms: { fraction, deficit: deficitTerm, 'ir-violation': negativeTerm },
      };
    },
  };
}
