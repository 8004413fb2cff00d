/** Sample sets: profiles drawn once per run and shared by every candidate. */
import type { Rng } from './rng.ts';
import type { SampleSet } from './types.ts';

/** Fills `out[offset .. offset + n)` with one profile of true values. */
export type ProfileSampler = (rng: Rng, out: Float64Array, offset: number) => void;

/** Returns `count` profiles of `n` values drawn by `draw`, in one flat buffer. */
export function sampleProfiles(rng: Rng, n: number, count: number, draw: ProfileSampler): SampleSet {
  const values = new Float64Array(n * count);
  for (let s = 0; s < count; s++) draw(rng, values, s * n);
  return { n, count, values };
}

/** Returns profile `s` of `samples` as a view (no copy). */
export function profileAt(samples: SampleSet, s: number): Float64Array {
  return samples.values.subarray(s * samples.n, (s + 1) * samples.n);
}
