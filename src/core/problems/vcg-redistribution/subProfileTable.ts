/**
 * The sub-profiles one profile's rebates need, and their h⁺ values, each
 * consulted at most once per profile (mechanism-notes §2: "memoise by rounded
 * sub-profile and reuse work across agents").
 *
 * With the rounded profile sorted descending as s[0..n), the agent at
 * position p has others s − {p}, and the completion of them by x ∈ G has the
 * sub-profiles s − {p} (drop x) and s − {p, q} + {x} (drop position q). The
 * row x ↦ h⁺(s − {p, q} + {x}) is shared by the agents at p and q. Rows are
 * canonical: positions with equal values map to the first of them, and the
 * entries at x = s_p and x = s_q, which are the single drops s − {q} and
 * s − {p}, hold those singles. So every sub-profile of the profile has one
 * slot, and every query of it within the profile reads that slot — the
 * consistency the ND proof needs, whatever the heuristic does.
 *
 * Rows live in a RowStore, which keeps them across profiles where a key is
 * exact: a later profile with the same n − 2 kept bids reads the row
 * without calling the heuristic.
 */
import { gridIndex, gridValue } from '../../grid.ts';
import type { Profile } from '../../types.ts';
import type { RedistributionConfig } from './mechanism.ts';
import type { PositiveRebate } from './positiveRebate.ts';
import { RowStore } from './rowStore.ts';
import { rankDescending, sanitizeBid } from './vcg.ts';

export class SubProfileTable {
  /** Grid indices of the loaded profile, sorted descending. */
  readonly sorted: Int32Array;
  /** For agent i, its position in `sorted`. */
  readonly position: Int32Array;
  /** For position p, the first position with the same value: equal bids share every quantity. */
  readonly canonical: Int32Array;
  private readonly n: number;
  private readonly points: number;
  private readonly store: RowStore;
  /** The value of each grid point, and (K + 1)^j, the weight of kept bid j in a row's key. */
  private readonly values: Float64Array;
  private readonly place: Float64Array;
  private readonly indices: Int32Array;
  private readonly order: Int32Array;
  private readonly tuple: Int32Array;
  /** The n − 2 kept bids of the row being filled, as grid values. */
  private readonly kept: Float64Array;
  /** h⁺(s − {p}) by canonical p; −1 = not yet consulted. */
  private readonly singles: Float64Array;
  /** For the canonical pair (a, b) at a·n + b: its row's offset in the store, valid when rowStamp is the load number. */
  private readonly rowAt: Int32Array;
  private readonly rowStamp: Int32Array;
  private stamp = 0;

  constructor(
    private readonly h: PositiveRebate,
    private readonly config: RedistributionConfig,
  ) {
    const { n, grid } = config;
    this.n = n;
    this.points = grid.steps + 1;
    this.store = new RowStore(this.points, n - 2, (n * (n - 1)) / 2);
    this.values = Float64Array.from({ length: this.points }, (_, k) => gridValue(grid, k));
    this.place = Float64Array.from({ length: n }, (_, j) => this.points ** j);
    this.sorted = new Int32Array(n);
    this.position = new Int32Array(n);
    this.canonical = new Int32Array(n);
    this.indices = new Int32Array(n);
    this.order = new Int32Array(n);
    this.tuple = new Int32Array(n);
    this.kept = new Float64Array(n);
    this.singles = new Float64Array(n);
    this.rowAt = new Int32Array(n * n);
    this.rowStamp = new Int32Array(n * n).fill(-1);
  }

  /** The rows: h⁺(s − {p, q} + {x}) at rowOffset(p, q) + x. Read it after the rowOffset calls: the store may grow. */
  get rows(): Float64Array {
    return this.store.values;
  }

  /** Rounds `profile` (sanitized bids) down to the grid and forgets the previous profile's values. */
  load(profile: Profile): void {
    const { n } = this;
    for (let i = 0; i < n; i++) this.indices[i] = gridIndex(this.config.grid, sanitizeBid(profile[i]));
    rankDescending(this.indices, n, this.order);
    for (let p = 0; p < n; p++) {
      this.sorted[p] = this.indices[this.order[p]];
      this.position[this.order[p]] = p;
      this.canonical[p] = p > 0 && this.sorted[p] === this.sorted[p - 1] ? this.canonical[p - 1] : p;
    }
    this.singles.fill(-1);
    this.store.nextProfile();
    this.stamp++;
  }

  /** Returns h⁺(s − {p}): the rebate the heuristic proposes to the agent at position p. */
  single(p: number): number {
    const c = this.canonical[p];
    let value = this.singles[c];
    if (value < 0) {
      let j = 0;
      for (let r = 0; r < this.n; r++) if (r !== c) this.tuple[j++] = this.sorted[r];
      value = this.h.of(this.tuple);
      this.singles[c] = value;
    }
    return value;
  }

  /**
   * Returns the offset in `rows` of the row x ↦ h⁺(s − {p, q} + {x}) for
   * positions p ≠ q, finding it in the store or filling it (K − 1 heuristic
   * calls) on first use.
   */
  rowOffset(p: number, q: number): number {
    const s = this.sorted;
    const low = p < q ? p : q;
    const high = p < q ? q : p;
    const a = this.canonical[low];
    const b = s[high] === s[low] ? a + 1 : this.canonical[high];
    const pair = a * this.n + b;
    if (this.rowStamp[pair] !== this.stamp) {
      this.rowAt[pair] = this.findOrFill(a, b);
      this.rowStamp[pair] = this.stamp;
    }
    return this.rowAt[pair];
  }

  /** Returns the offset of the row of canonical positions a < b, from the store or freshly filled. */
  private findOrFill(a: number, b: number): number {
    const { n, kept, values, place } = this;
    const s = this.sorted;
    let key = 0;
    let j = 0;
    for (let r = 0; r < n; r++) {
      if (r === a || r === b) continue;
      kept[j] = values[s[r]];
      key += s[r] * place[j++];
    }
    const found = this.store.find(key);
    if (found >= 0) return found;
    const offset = this.store.add(key);
    this.fillRow(a, b, offset);
    return offset;
  }

  /** Fills the row of canonical positions a < b: x runs upwards and slides past the n − 2 kept bids. */
  private fillRow(a: number, b: number, offset: number): void {
    const { n, points, kept } = this;
    const s = this.sorted;
    // kept[0..above) are the kept bids above x; the rest are ≤ x.
    let above = n - 2;
    const skipA = s[a];
    const skipB = s[b];
    const rows = this.store.values;
    for (let x = 0; x < points; x++) {
      const value = this.values[x];
      while (above > 0 && kept[above - 1] <= value) above--;
      if (x === skipA) rows[offset + x] = this.single(b);
      else if (x === skipB) rows[offset + x] = this.single(a);
      else rows[offset + x] = this.h.ofInserted(kept, above, x);
    }
  }
}
