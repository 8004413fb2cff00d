/**
 * The Gaussian copula with equicorrelation ρ and U[0, 1] marginals
 * (mechanism-notes §3): z = √ρ·w + √(1 − ρ)·e with w, e_i independent
 * standard normals, v_i = Φ(z_i). Sampling, and the conditional law of one
 * value given the others.
 */
import { normal } from '../../rng.ts';
import type { ProfileSampler } from '../../samples.ts';
import {
  millsRatio,
  standardNormalCdf as normalCdf,
  standardNormalDensity as normalDensity,
  standardNormalQuantile as normalQuantile,
} from '../../distributions/standardNormal.ts';

/** Returns a sampler of profiles of `n` values: w first, then e_1 … e_n. */
export function gaussianCopulaSampler(rho: number, n: number): ProfileSampler {
  const shared = Math.sqrt(rho);
  const own = Math.sqrt(1 - rho);
  return (rng, out, offset) => {
    const common = shared * normal(rng);
    for (let i = 0; i < n; i++) out[offset + i] = normalCdf(common + own * normal(rng));
  };
}

/** The normal law of z_i given z_{−i}. */
export interface ConditionalNormal {
  readonly mean: number;
  readonly sd: number;
}

/** Values are clamped into (0, 1) this far from the ends, so Φ⁻¹ stays finite. */
const edge = 1e-300;

/** Returns Φ⁻¹(v) for a value clamped into (0, 1). */
export function latent(v: number): number {
  return normalQuantile(Math.min(1 - Number.EPSILON / 2, Math.max(edge, v)));
}

/**
 * Returns the law of z_i given z_{−i} under equicorrelation ρ among n
 * variables: mean ρ/(1 + (n − 2)ρ)·Σ_{j≠i} z_j and variance
 * 1 − (n − 1)ρ²/(1 + (n − 2)ρ) (the Schur complement; Σ_{−i,−i} =
 * (1 − ρ)I + ρ11ᵀ has an explicit inverse).
 */
export function copulaConditional(rho: number, values: ArrayLike<number>, i: number): ConditionalNormal {
  const n = values.length;
  let sum = 0;
  for (let j = 0; j < n; j++) if (j !== i) sum += latent(values[j]);
  const denominator = 1 + (n - 2) * rho;
  return { mean: (rho / denominator) * sum, sd: Math.sqrt(1 - ((n - 1) * rho * rho) / denominator) };
}

/** Returns F(v | v_{−i}) = Φ((Φ⁻¹(v) − μ)/σ). */
export function copulaConditionalCdf(law: ConditionalNormal, v: number): number {
  return normalCdf((latent(v) - law.mean) / law.sd);
}

/** Returns f(v | v_{−i}) = φ((z − μ)/σ) / (σ·φ(z)) with z = Φ⁻¹(v). */
export function copulaConditionalDensity(law: ConditionalNormal, v: number): number {
  const z = latent(v);
  return normalDensity((z - law.mean) / law.sd) / (law.sd * normalDensity(z));
}

/**
 * Returns φ_i(v_i | v_{−i}) = v − (1 − F)/f = v − σ·M(w)·φ(z), with
 * z = Φ⁻¹(v), w = (z − μ)/σ and M the Mills ratio: the tail terms cancel
 * in closed form, so the value stays accurate for v close to 0 or 1.
 */
export function copulaConditionalVirtualValue(rho: number, values: ArrayLike<number>, i: number): number {
  const law = copulaConditional(rho, values, i);
  return virtualValueGiven(law.mean, law.sd, values[i], latent(values[i]));
}

function virtualValueGiven(mean: number, sd: number, v: number, z: number): number {
  const value = v - sd * millsRatio((z - mean) / sd) * normalDensity(z);
  return Number.isNaN(value) ? -Infinity : value;
}

/**
 * Writes φ_i(v_i | v_{−i}) of every bidder into `out`, with each Φ⁻¹
 * computed once: the conditional means share the sum of the latents.
 * `latents` is scratch of length ≥ n.
 */
export function copulaConditionalVirtualValues(
  rho: number,
  values: ArrayLike<number>,
  out: Float64Array,
  latents: Float64Array,
): void {
  const n = values.length;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += latents[j] = latent(values[j]);
  const denominator = 1 + (n - 2) * rho;
  const sd = Math.sqrt(1 - ((n - 1) * rho * rho) / denominator);
  for (let i = 0; i < n; i++)
    out[i] = virtualValueGiven((rho / denominator) * (sum - latents[i]), sd, values[i], latents[i]);
}
