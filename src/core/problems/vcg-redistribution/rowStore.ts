/**
 * Where the waterfilling fix keeps its rows x ↦ h⁺(kept ∪ {x}), across
 * profiles (mechanism-notes §2: "memoise by rounded sub-profile"). A row is
 * a function of its n − 2 kept grid indices alone, so a row filled for one
 * profile serves every later profile with the same kept bids: at n = 3 the
 * whole sample set needs at most K + 1 rows, at n = 4 a fifth of its rows
 * recur (measured on 4,096 uniform profiles at K = 100), at n ≥ 5 few do.
 *
 * Keys are exact (Σ_j kept[j]·(K + 1)^j in a double) when (K + 1)^(n−2) ≤
 * 2^53; beyond that, rows are kept for one profile only. When every
 * possible row fits in `wholeSpaceBytes` the store can hold them all;
 * otherwise it keeps the most recent `recentBytes` worth (few rows recur
 * then, and a larger store only costs allocation). It is emptied only
 * between profiles, so every row a profile reads stays put while it is
 * read. Reusing a row is exact for a heuristic that is a function of its
 * arguments; for one with hidden state the fix stays individually rational
 * and non-deficit whatever the rows hold (see fix.ts).
 */

/** Memory for rows when all possible rows fit in it (n = 3 up to K = 2,000, n = 4 up to K = 200). */
const wholeSpaceBytes = 32 * 2 ** 20;
/** Memory for rows otherwise: recent rows only. */
const recentBytes = 2 ** 20;

/** Returns the number of multisets of `size` grid indices out of `points` (Infinity when huge). */
function multisets(points: number, size: number): number {
  let count = 1;
  for (let j = 1; j <= size; j++) count = (count * (points + j - 1)) / j;
  return Math.round(count);
}

export class RowStore {
  /** The rows, each `points` long, one after another. */
  values: Float64Array;
  /** Whether rows are kept across profiles (exact keys), or for one profile only. */
  readonly acrossProfiles: boolean;
  private readonly points: number;
  /** Rows the store may hold: a profile adds at most `perProfile` more before the next check. */
  private readonly maxRows: number;
  private readonly perProfile: number;
  /** Open addressing: key → row number + 1 (0 = empty). */
  private readonly keys: Float64Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private used = 0;

  /** A store for rows of `points` values with `kept` indices per key, at most `perProfile` new rows per profile. */
  constructor(points: number, kept: number, perProfile: number) {
    this.points = points;
    this.perProfile = perProfile;
    this.acrossProfiles = points ** kept <= 2 ** 53;
    const space = multisets(points, kept);
    const rows = space * points * 8 <= wholeSpaceBytes ? space : Math.floor(recentBytes / (8 * points));
    this.maxRows = this.acrossProfiles ? Math.max(rows, 0) + perProfile : perProfile;
    const capacity = 2 ** Math.ceil(Math.log2(2 * this.maxRows));
    this.keys = new Float64Array(capacity);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    // Grown on demand up to maxRows, so a mechanism used on a few profiles stays small.
    this.values = new Float64Array(Math.min(this.maxRows, 4 * perProfile) * points);
  }

  /** Makes room for one more profile's rows; call between profiles only. */
  nextProfile(): void {
    if (this.used + this.perProfile > this.maxRows) {
      this.slots.fill(0);
      this.used = 0;
    }
  }

  /** Returns the offset in `values` of the row stored under `key`, or −1. */
  find(key: number): number {
    if (!this.acrossProfiles) return -1;
    let s = this.slotOf(key);
    for (;;) {
      const row = this.slots[s];
      if (row === 0) return -1;
      if (this.keys[s] === key) return (row - 1) * this.points;
      s = (s + 1) & this.mask;
    }
  }

  /** Returns the offset of a new row for `key`, to be filled by the caller before it is read. */
  add(key: number): number {
    const row = this.used++;
    const end = (row + 1) * this.points;
    if (end > this.values.length) this.grow(end);
    if (this.acrossProfiles) {
      let s = this.slotOf(key);
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.keys[s] = key;
      this.slots[s] = row + 1;
    }
    return row * this.points;
  }

  private grow(needed: number): void {
    const size = Math.min(this.maxRows * this.points, Math.max(needed, 2 * this.values.length));
    const values = new Float64Array(size);
    values.set(this.values);
    this.values = values;
  }

  /** Returns the home slot of `key` (a 32-bit mix of its two halves). */
  private slotOf(key: number): number {
    const low = (key % 4294967296) | 0;
    const high = (key / 4294967296) | 0;
    let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 13;
    return h & this.mask;
  }
}
