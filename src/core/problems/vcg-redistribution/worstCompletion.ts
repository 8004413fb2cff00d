/**
 * The worst completion of an agent's others (mechanism-notes §2): agent i
 * with rounded others ȳ cannot know its own bid's effect, so it takes
 * Λ(ȳ) = max_{x ∈ G} λ(ȳ ∪ {x}) and receives max(0, h⁺(ȳ) − Λ(ȳ)).
 */
import type { SubProfileTable } from './subProfileTable.ts';
import { DEFICIT_NOISE, waterLevel } from './waterLevel.ts';

/** Scratch buffers and constants for the scan, allocated once per mechanism. */
export interface CompletionScratch {
  readonly n: number;
  readonly m: number;
  /** gridValues[k] = the value of grid point k. */
  readonly gridValues: Float64Array;
  readonly offsets: Int32Array;
  readonly rebates: Float64Array;
  readonly sorted: Float64Array;
}

/**
 * Returns the fixed rebate of the agent at position `p` of the table's
 * loaded profile, whose proposed rebate is `proposed` = h⁺(ȳ) > 0, given
 * `actual` = λ of the rounded profile itself (the completion x = its own bid).
 *
 * The completion ȳ ∪ {x} has proposals h⁺(ȳ) (for x) and the rows
 * h⁺(ȳ − {q} + {x}) (for each other position q), and revenue
 * V = m·clamp(x, ȳ_[m+1], ȳ_[m]). Exact shortcuts, each with its reason:
 * - λ(s) ≥ h⁺(ȳ) ends it before any row is filled: the rebate is 0.
 * - x = the agent's own rounded bid is the profile itself, whose λ is
 *   `actual`; it seeds Λ and is skipped.
 * - With D = Σ proposals − V, the level satisfies D/n ≤ λ ≤ D (from
 *   Σ(a_k − λ) ≤ f(λ) = V, and λ = (c_1 + … + c_t − V)/t ≤ D). So D ≤ Λ
 *   (which covers D ≤ 0, λ = 0) cannot raise Λ and needs no sort, and
 *   D/n ≥ h⁺(ȳ) means the rebate is 0 without one.
 * - Once Λ ≥ h⁺(ȳ) the rebate is 0 whatever the remaining completions give.
 */
export function fixedRebate(
  table: SubProfileTable,
  p: number,
  proposed: number,
  actual: number,
  scratch: CompletionScratch,
): number {
  let level = actual;
  if (level >= proposed) return 0;
  const { n, m, gridValues, offsets, rebates, sorted } = scratch;
  const points = gridValues.length;
  let others = 0;
  for (let q = 0; q < n; q++) if (q !== p) offsets[others++] = table.rowOffset(p, q);
  // Read after every row is in place: filling a row may grow the store.
  const rows = table.rows;
  const s = table.sorted;
  const own = s[p];
  const tolerance = 1 + DEFICIT_NOISE;
  // ȳ_[m] and ȳ_[m+1] (1-based) are s[m−1] and s[m], shifted past position p.
  const upper = s[m - 1 < p ? m - 1 : m];
  const lower = s[m < p ? m : m + 1];
  for (let x = 0; x < points; x++) {
    // Σ_k h⁺(P_{−k}) at the completion x, summed in the same order as the proposals of waterLevel.
    let sum = proposed;
    for (let k = 0; k < others; k++) sum += rows[offsets[k] + x];
    const revenue = m * gridValues[x > upper ? upper : x < lower ? lower : x];
    if (sum <= revenue * tolerance || x === own) continue;
    const deficit = sum - revenue;
    if (deficit <= level) continue;
    if (deficit >= n * proposed) return 0;
    rebates[0] = proposed;
    for (let k = 0; k < others; k++) rebates[k + 1] = rows[offsets[k] + x];
    const lambda = waterLevel(rebates, n, revenue, sorted);
    if (lambda > level) {
      level = lambda;
      if (level >= proposed) return 0;
    }
  }
  return proposed - level;
}
