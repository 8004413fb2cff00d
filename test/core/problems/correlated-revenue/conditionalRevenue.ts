/**
 * Rao–Blackwellised revenue and greedy bound for the correlated problem
 * (mechanism-notes §3): both integrated exactly over each bidder's own value
 * given the others' sampled values, so that comparing them on the same
 * v₋ᵢ samples leaves little Monte Carlo noise.
 *
 * The identity behind both: with F = F(· | v₋ᵢ), f its density and
 * φ = v − (1 − F)/f, φ·f = d/dv[−v(1 − F(v))], so
 * ∫_a^b φ f dv = a(1 − F(a)) − b(1 − F(b)) in closed form.
 */
import type { ThresholdScanMechanism } from '../../../../src/core/problems/correlated-revenue/fix.ts';
import { commonConditional } from '../../../../src/core/problems/correlated-revenue/commonComponent.ts';
import {
  copulaConditional,
  copulaConditionalCdf,
} from '../../../../src/core/problems/correlated-revenue/gaussianCopula.ts';
import type { ValueModel } from '../../../../src/core/problems/correlated-revenue/models.ts';
import { profileInto } from '../../../../src/core/samples.ts';
import type { SampleSet } from '../../../../src/core/types.ts';

/** Returns v ↦ F(v | v₋ᵢ) of `model` (values[i] is ignored). */
export function conditionalCdf(
  model: ValueModel,
  values: ArrayLike<number>,
  i: number,
): (v: number) => number {
  if (model.kind === 'copula') {
    const law = copulaConditional(model.rho, values, i);
    return (v) => copulaConditionalCdf(law, v);
  }
  const law = commonConditional(model.rho, values, i);
  return (v) => law.cdf(v);
}

/** Returns ∫_a^b φ(v | v₋ᵢ) f(v | v₋ᵢ) dv = a(1 − F(a)) − b(1 − F(b)). */
export function virtualMass(cdf: (v: number) => number, a: number, b: number): number {
  return a * (1 - cdf(a)) - b * (1 - cdf(b));
}

/**
 * Returns E[pᵢ | v₋ᵢ] of a threshold mechanism, tᵢ·(1 − F(tᵢ | v₋ᵢ)) (0 if
 * i never wins): i wins iff vᵢ ≥ tᵢ and then pays tᵢ. This is also
 * E[φᵢ xᵢ | v₋ᵢ] = ∫_tᵢ^1 φ f dv, Myerson's lemma on the conditional law.
 */
export function conditionalPayment(threshold: number, cdf: (v: number) => number): number {
  return Number.isFinite(threshold) ? virtualMass(cdf, threshold, 1) : 0;
}

/**
 * Returns E[φᵢ gᵢ | v₋ᵢ] with g the greedy allocation (highest φ, if
 * positive; lowest index on ties): the virtual mass of the set of vᵢ where
 * greedy picks i, found by a scan of `points` values and bisection of every
 * change (to 2^−40), then summed interval by interval in closed form.
 */
export function conditionalGreedyShare(
  model: ValueModel,
  values: ArrayLike<number>,
  i: number,
  points = 64,
): number {
  const n = values.length;
  const profile = Float64Array.from(values);
  const phi = new Float64Array(n);
  const picks = (v: number): boolean => {
    profile[i] = v;
    model.conditionalVirtualValues(profile, phi);
    if (!(phi[i] > 0)) return false;
    for (let j = 0; j < n; j++)
      if (j !== i && (phi[j] > phi[i] || (phi[j] === phi[i] && j < i))) return false;
    return true;
  };
  const cdf = conditionalCdf(model, values, i);
  let total = 0;
  let start = 0; // where the current run of "picks i" began
  let previous = picks(0);
  let a = 0;
  for (let k = 1; k <= points; k++) {
    const b = k / points;
    const now = picks(b);
    if (now !== previous) {
      let low = a;
      let high = b;
      for (let step = 0; step < 40; step++) {
        const middle = (low + high) / 2;
        if (picks(middle) === previous) low = middle;
        else high = middle;
      }
      if (previous) total += virtualMass(cdf, start, high);
      else start = high;
      previous = now;
    }
    a = b;
  }
  if (previous) total += virtualMass(cdf, start, 1);
  return total;
}

/** Per-sample Rao–Blackwellised figures of one mechanism on a sample set. */
export interface ConditionalFigures {
  /** Σᵢ E[pᵢ | v₋ᵢ] at each sample's v₋ᵢ: its mean estimates the revenue. */
  readonly revenue: Float64Array;
  /** Σᵢ E[φᵢ gᵢ | v₋ᵢ]: its mean estimates the greedy bound E[max(0, maxᵢ φᵢ)]. */
  readonly bound: Float64Array;
}

/** Returns the Rao–Blackwellised revenue of `mechanism` and greedy bound of `model` on `samples`. */
export function conditionalFigures(
  model: ValueModel,
  mechanism: ThresholdScanMechanism,
  samples: SampleSet,
): ConditionalFigures {
  const revenue = new Float64Array(samples.count);
  const bound = new Float64Array(samples.count);
  const values = new Float64Array(samples.n);
  for (let s = 0; s < samples.count; s++) {
    profileInto(samples, s, values);
    for (let i = 0; i < samples.n; i++) {
      const cdf = conditionalCdf(model, values, i);
      revenue[s] += conditionalPayment(mechanism.threshold(values, i), cdf);
      bound[s] += conditionalGreedyShare(model, values, i);
    }
  }
  return { revenue, bound };
}
