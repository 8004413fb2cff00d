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

/** Copies profile `s` of `samples` into `out[0..n)` and returns `out`: the allocation-free way to walk a sample set. */
export function profileInto(samples: SampleSet, s: number, out: Float64Array): Float64Array {
  const { n, values } = samples;
  for (let i = 0, at = s * n; i < n; i++) out[i] = values[at + i];
  return out;
}

/** Returns profile `s` of `samples` as a view (no copy, but one small object per call). */
export function profileAt(samples: SampleSet, s: number): Float64Array {
  return samples.values.subarray(s * samples.n, (s + 1) * samples.n);
}

/** Returns the first `count` profiles of `samples` (a view, no copy): itself an i.i.d. sample. */
export function samplePrefix(samples: SampleSet, count: number): SampleSet {
  if (!Number.isInteger(count) || count < 0 || count > samples.count)
    throw new RangeError(`a prefix of ${count} profiles from a set of ${samples.count}`);
  return { n: samples.n, count, values: samples.values.subarray(0, count * samples.n) };
}
