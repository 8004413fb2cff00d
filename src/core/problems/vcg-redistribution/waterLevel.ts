/**
 * The water level of a profile (mechanism-notes §2): the smallest λ ≥ 0
 * with Σ_k max(0, a_k − λ) ≤ V, where a_k = h⁺(P_{−k}) are the rebates the
 * heuristic proposes at P and V = V(P) what VCG collects there. Lowering
 * every rebate by λ (none below 0) drains exactly the deficit.
 */

/**
 * Deficits up to this fraction of V count as float noise: a sum of n ≤ 12
 * rounded terms is off by at most ~n ulps (≈ 3·10⁻¹⁵ relative), and a rule
 * that never runs a deficit must keep λ = 0 exactly (the identity).
 */
export const DEFICIT_NOISE = 1e-12;

/**
 * Returns λ for the rebates `rebates[0..count)` (all ≥ 0) and the revenue
 * `revenue` ≥ 0. Exact: f(λ) = Σ max(0, a_k − λ) is piecewise linear, so with
 * the a's sorted descending as c_1 ≥ … ≥ c_count, λ = (c_1 + … + c_t − V)/t
 * for the first t with λ ≥ c_{t+1} (then also λ ≤ c_t, as λ_t averages λ_{t−1}
 * < c_t with c_t). O(n²) insertion sort into `scratch`, fastest for n ≤ 12.
 */
export function waterLevel(
  rebates: ArrayLike<number>,
  count: number,
  revenue: number,
  scratch: Float64Array,
): number {
  let sum = 0;
  for (let k = 0; k < count; k++) sum += rebates[k];
  if (sum <= revenue * (1 + DEFICIT_NOISE)) return 0;
  for (let k = 0; k < count; k++) {
    const v = rebates[k];
    let j = k;
    while (j > 0 && scratch[j - 1] < v) {
      scratch[j] = scratch[j - 1];
      j--;
    }
    scratch[j] = v;
  }
  let prefix = 0;
  for (let t = 1; t <= count; t++) {
    prefix += scratch[t - 1];
    const level = (prefix - revenue) / t;
    if (t === count || level >= scratch[t]) return level;
  }
  return 0; // unreachable: t = count returns
}
