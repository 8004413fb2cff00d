/**
 * Seeded random streams. Randomness is always passed in, never grabbed:
 * every function that samples takes an `Rng`. One stream per purpose, so
 * that adding draws for one purpose never shifts another's.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** Returns a 32-bit FNV-1a hash of `text`, used to derive stream seeds. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * Returns the stream for `purpose` of the run seeded with `seed`
 * (xoroshiro128+, 53-bit floats). The same seed and purpose always give
 * the same sequence, in Node and in every browser.
 */
export function rngStream(seed: number, purpose: string): Rng {
  const generator = xoroshiro128plus(hash32(`${seed | 0}:${purpose}`));
  return () => uniformFloat64(generator);
}

/** Returns a standard normal draw (Box–Muller, one of the pair). */
export function normal(rng: Rng): number {
  let u = rng();
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
