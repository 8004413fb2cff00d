/**
 * The correlated value models of mechanism-notes §3, read from the `model`
 * parameter (`common:ρ` or `copula:ρ`), behind one interface.
 */
import { ParameterError } from '../../parameters.ts';
import type { ProfileSampler } from '../../samples.ts';
import {
  commonComponentMarginal,
  commonComponentSampler,
  commonConditionalVirtualValue,
} from './commonComponent.ts';
import {
  copulaConditionalVirtualValue,
  copulaConditionalVirtualValues,
  gaussianCopulaSampler,
} from './gaussianCopula.ts';
import { uniformSum, type UniformSum } from '../../distributions/uniformSum.ts';

export type ModelKind = 'common' | 'copula';

/** A joint law of n bidders' values. */
export interface ValueModel {
  readonly kind: ModelKind;
  /** The correlation parameter ρ ∈ [0, 0.95]. */
  readonly rho: number;
  /** The canonical parameter text, e.g. `common:0.5`. */
  readonly spec: string;
  /** How the values are drawn, in plain language. */
  readonly label: string;
  /** The law of each value alone (the same for every bidder). */
  readonly marginal: UniformSum;
  /** Returns a sampler of profiles of `n` values. */
  sampler(n: number): ProfileSampler;
  /** Returns φ_i(v_i | v_{−i}), bidder i's virtual value given the others' values. */
  conditionalVirtualValue(values: ArrayLike<number>, i: number): number;
  /** Writes φ_i(v_i | v_{−i}) of every bidder i into `out` (faster than n calls of the above). */
  conditionalVirtualValues(values: ArrayLike<number>, out: Float64Array): void;
}

export const largestCorrelation = 0.95;
export const modelFormat = `common:ρ or copula:ρ with ρ a number from 0 to ${largestCorrelation} (e.g. common:0.5)`;

/** Returns the model described by `text`, or throws a ParameterError naming the `model` field. */
export function parseModel(text: string): ValueModel {
  const match = /^\s*(common|copula)\s*:\s*([^\s]+)\s*$/i.exec(text);
  const rho = match ? Number(match[2]) : Number.NaN;
  if (!match || !Number.isFinite(rho) || rho < 0 || rho > largestCorrelation) {
    throw new ParameterError('model', text, modelFormat);
  }
  return match[1].toLowerCase() === 'common' ? commonComponentModel(rho) : gaussianCopulaModel(rho);
}

/** Returns the common-component model v_i = (1 − ρ)u_i + ρc. */
export function commonComponentModel(rho: number): ValueModel {
  return {
    kind: 'common',
    rho,
    spec: `common:${rho}`,
    label: `v_i = ${+(1 - rho).toFixed(10)}·u_i + ${rho}·c with u_i and c independent U[0, 1] (a common component shared by all bidders)`,
    marginal: commonComponentMarginal(rho),
    sampler: (n) => commonComponentSampler(rho, n),
    conditionalVirtualValue: (values, i) => commonConditionalVirtualValue(rho, values, i),
    conditionalVirtualValues: (values, out) => {
      for (let i = 0; i < values.length; i++) out[i] = commonConditionalVirtualValue(rho, values, i);
    },
  };
}

/** Returns the Gaussian copula with equicorrelation ρ and U[0, 1] marginals. */
export function gaussianCopulaModel(rho: number): ValueModel {
  let latents = new Float64Array(0);
  return {
    kind: 'copula',
    rho,
    spec: `copula:${rho}`,
    label: `v_i = Φ(z_i) with z standard normals of pairwise correlation ${rho} (a Gaussian copula; each v_i is U[0, 1])`,
    marginal: uniformSum(1, 0),
    sampler: (n) => gaussianCopulaSampler(rho, n),
    conditionalVirtualValue: (values, i) => copulaConditionalVirtualValue(rho, values, i),
    conditionalVirtualValues: (values, out) => {
      if (latents.length < values.length) latents = new Float64Array(values.length);
      copulaConditionalVirtualValues(rho, values, out, latents);
    },
  };
}
