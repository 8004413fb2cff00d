/**
 * Expected revenues from theory, by one-dimensional numerical integration
 * over the value distributions (independent bidders, mechanism-notes §1).
 * These are the continuous mechanisms' revenues: the grid versions the
 * baselines score differ from them by the grid bias, of order h.
 */
import type { Distribution } from '../../distributions/distribution.ts';
import { ironedVirtualValues } from '../../distributions/ironing.ts';

/** Integration points on [0, top]: enough that the rule's error is far below any grid bias. */
export const THEORY_POINTS = 20_000;

/**
 * Evaluates each distinct distribution of `dists` once per point: bidders
 * that share a law (the i.i.d. case) share its cdf value.
 */
class DistinctLaws {
  readonly laws: Distribution[];
  /** slot[i]: the index in `laws` of bidder i's law. */
  readonly slot: Int32Array;
  readonly cdf: Float64Array;
  constructor(readonly dists: readonly Distribution[]) {
    this.laws = [...new Set(dists)];
    this.slot = Int32Array.from(dists, (d) => this.laws.indexOf(d));
    this.cdf = new Float64Array(this.laws.length);
  }
  /** Fills `cdf` with each law's F(t). */
  at(t: number): this {
    for (let k = 0; k < this.laws.length; k++) this.cdf[k] = this.laws[k].cdf(t);
    return this;
  }
}

/** Returns P(second highest > t) = 1 − Π F − Σ_i (1 − F_i) Π_{j≠i} F_j from the cdfs filled at t. */
function secondHighestAbove(laws: DistinctLaws): number {
  let all = 1;
  let oneAbove = 0;
  for (let i = 0; i < laws.slot.length; i++) {
    const f = laws.cdf[laws.slot[i]];
    oneAbove = oneAbove * f + all * (1 - f);
    all *= f;
  }
  return Math.max(0, 1 - all - oneAbove);
}

/** Returns P(highest value ≥ r) = 1 − Π F_i(r) (continuous below the caps) from the cdfs filled at r. */
function highestAtLeast(laws: DistinctLaws): number {
  let all = 1;
  for (let i = 0; i < laws.slot.length; i++) all *= laws.cdf[laws.slot[i]];
  return 1 - all;
}

/**
 * Second-price revenue with anonymous reserve r, Rev(r) = r·P(max ≥ r) +
 * ∫_r^top P(second > t) dt, with the integral by the midpoint rule on
 * `points` steps, tabulated once from the top down.
 */
class SecondPriceCurve {
  private readonly laws: DistinctLaws;
  private readonly step: number;
  /** tail[j] = ∫_{j·step}^top P(second > t) dt. */
  private readonly tail: Float64Array;

  constructor(
    dists: readonly Distribution[],
    readonly top: number,
    readonly points: number,
  ) {
    this.laws = new DistinctLaws(dists);
    this.step = top / points;
    this.tail = new Float64Array(points + 1);
    for (let j = points - 1; j >= 0; j--) {
      this.tail[j] = this.tail[j + 1] + this.step * secondHighestAbove(this.laws.at((j + 0.5) * this.step));
    }
  }

  /** Returns Rev(r) for r in [0, top]. */
  revenue(r: number): number {
    const j = Math.min(this.points, Math.ceil(r / this.step));
    const next = (j * this.top) / this.points;
    const partial = next > r ? (next - r) * secondHighestAbove(this.laws.at((r + next) / 2)) : 0;
    return r * highestAtLeast(this.laws.at(r)) + partial + this.tail[j];
  }
}

/** Returns the revenue of second price without reserve, E[second highest value]. */
export function secondPriceRevenue(
  dists: readonly Distribution[],
  top: number,
  points = THEORY_POINTS,
): number {
  return new SecondPriceCurve(dists, top, points).revenue(0);
}

/**
 * Returns the anonymous reserve that maximises second-price revenue and
 * that revenue: the best of the points j·top/points (the optimum is flat
 * there, so the error is of second order) and of the bottoms of the
 * supports, where Rev has a kink. For i.i.d. regular bidders it is φ⁻¹(0).
 */
export function optimalReserve(
  dists: readonly Distribution[],
  top: number,
  points = THEORY_POINTS,
): { reserve: number; revenue: number } {
  const curve = new SecondPriceCurve(dists, top, points);
  const candidates = [
    ...Array.from({ length: points + 1 }, (_, j) => (j * top) / points),
    ...dists.map((d) => d.low),
  ];
  let best = { reserve: 0, revenue: curve.revenue(0) };
  for (const r of candidates) {
    if (!(r >= 0 && r <= top)) continue;
    const revenue = curve.revenue(r);
    if (revenue > best.revenue) best = { reserve: r, revenue };
  }
  return best;
}

/**
 * Returns P(φ̄(v) ≤ t) for v ~ `dist`, from φ̄ tabulated (non-decreasing) at
 * the ascending points `xs`: F at the point where the table crosses t,
 * located by linear interpolation inside its cell.
 */
function ironedAtMost(dist: Distribution, xs: Float64Array, ironed: Float64Array, t: number): number {
  const last = xs.length - 1;
  if (ironed[last] <= t) return 1;
  if (!(ironed[0] <= t)) return 0;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ironed[mid] <= t) lo = mid;
    else hi = mid;
  }
  // Below the support φ̄ is −∞: no interpolation across that edge.
  const share = Number.isFinite(ironed[lo]) ? (t - ironed[lo]) / (ironed[hi] - ironed[lo]) : 0;
  return dist.cdf(xs[lo] + share * (xs[hi] - xs[lo]));
}

/**
 * Returns the revenue of Myerson's optimal auction, E[max_i φ̄_i(v_i)⁺]
 * (mechanism-notes §1), as ∫_0^∞ (1 − Π_i P(φ̄_i(v_i) ≤ t)) dt.
 */
export function myersonRevenue(dists: readonly Distribution[], top: number, points = THEORY_POINTS): number {
  const xs = new Float64Array(points + 1);
  for (let j = 0; j <= points; j++) xs[j] = (j * top) / points;
  const laws = new DistinctLaws(dists);
  const tables = laws.laws.map((d) => ironedVirtualValues(d, xs));
  let highest = 0;
  for (const table of tables) highest = Math.max(highest, table[points]);
  if (!(highest > 0)) return 0;
  const step = highest / points;
  const atMost = new Float64Array(tables.length);
  let revenue = 0;
  for (let j = 0; j < points; j++) {
    const t = (j + 0.5) * step;
    for (let k = 0; k < tables.length; k++) atMost[k] = ironedAtMost(laws.laws[k], xs, tables[k], t);
    let all = 1;
    for (let i = 0; i < laws.slot.length; i++) all *= atMost[laws.slot[i]];
    revenue += step * (1 - all);
  }
  return revenue;
}
