/**
 * A bounded memo of the heuristic's answers, keyed by the rounded profile:
 * key = Σ_i k_i·(K + 1)^i over the grid indices k_i (exact in a double for
 * (K + 1)^n ≤ 2^53). Small key spaces get a dense table, which is never
 * cleared, so the mechanism is a fixed function of the profile even for a
 * heuristic with hidden state; larger ones get an open-addressing hash table
 * that is emptied between profiles when half full.
 */

/** Answers are stored as winner + 2, so 0 marks an empty slot. */
export interface AnswerCache {
  /** Returns the stored answer (−1 no sale, or a bidder index), or −2 if unknown. */
  get(key: number): number;
  set(key: number, answer: number): void;
  /** Frees space if needed. Call only between profiles, so that one profile's answers never change. */
  makeRoom(): void;
}

/** Key spaces up to this size get a dense table (one byte per rounded profile). */
const denseLimit = 2 ** 23;
/** Slots of the hash table (one double and one byte each: 4.5 MB). */
const hashCapacity = 2 ** 19;

/** Returns a cache for profiles of `n` bidders on a grid of `steps` steps. */
export function answerCache(n: number, steps: number): AnswerCache {
  const size = (steps + 1) ** n;
  if (size > 2 ** 53) throw new RangeError(`(K + 1)^n = ${size} is too large for exact profile keys`);
  return size <= denseLimit ? denseCache(size) : hashedCache(hashCapacity);
}

function denseCache(size: number): AnswerCache {
  const table = new Int8Array(size);
  return {
    get: (key) => table[key] - 2,
    set: (key, answer) => {
      table[key] = answer + 2;
    },
    makeRoom: () => {},
  };
}

function hashedCache(capacity: number): AnswerCache {
  const keys = new Float64Array(capacity);
  const answers = new Int8Array(capacity);
  const mask = capacity - 1;
  let filled = 0;
  const slot = (key: number): number => {
    const low = (key % 4294967296) | 0;
    const high = Math.floor(key / 4294967296) | 0;
    let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 13;
    let s = h & mask;
    while (answers[s] !== 0 && keys[s] !== key) s = (s + 1) & mask;
    return s;
  };
  return {
    get: (key) => answers[slot(key)] - 2,
    set: (key, answer) => {
      const s = slot(key);
      if (answers[s] === 0) filled++;
      keys[s] = key;
      answers[s] = answer + 2;
    },
    makeRoom: () => {
      // One profile adds at most K + 2 ≤ a few thousand entries, far below
      // the other half, so probing always finds an empty slot.
      if (filled > capacity / 2) {
        answers.fill(0);
        filled = 0;
      }
    },
  };
}
