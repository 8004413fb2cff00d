/**
 * The optimal-in-expectation linear rebate (mechanism-notes §2): the linear
 * rule r_i = Σ_j c_j b_{−i,[j]} that maximises E[Σ r] subject to IR and no
 * deficit on every profile, solved as a linear programme with yalps.
 */
import { solve } from 'yalps';

/**
 * Returns the coefficients c_1 … c_{n−1} of the best linear rule for values
 * whose expected order statistics are `expected[k − 1]` = E[b_[k]] (n of them).
 *
 * The constraints are linear in the sorted profile, and sorted profiles are
 * the non-negative combinations of the step profiles (k ones, then zeros), so
 * imposing them there suffices. With S_k = c_1 + … + c_k, at the step with k
 * ones the k high agents get S_{k−1} and the n − k others S_k, and V = m when
 * k ≥ m+1, else 0. So IR is S_k ≥ 0 (yalps's variables are non-negative, so
 * the S_k are the variables) and ND is k·S_{k−1} + (n−k)·S_k ≤ m·[k ≥ m+1].
 * The objective Σ_j c_j w_j with w_j = j·E[b_[j+1]] + (n−j)·E[b_[j]] becomes
 * Σ_k S_k (w_k − w_{k+1}), w_n = 0.
 */
export function optimalInExpectationCoefficients(m: number, expected: ArrayLike<number>): Float64Array {
  const n = expected.length;
  const w = (j: number) => (j >= n ? 0 : j * expected[j] + (n - j) * expected[j - 1]);
  const constraints = new Map<string, { max: number }>();
  for (let k = 1; k <= n; k++) constraints.set(`nd${k}`, { max: k >= m + 1 ? m : 0 });
  const variables = new Map<string, Map<string, number>>();
  for (let k = 1; k <= n - 1; k++) {
    const coefficients = new Map<string, number>([['objective', w(k) - w(k + 1)]]);
    // S_k appears at step k (weight n − k) and at step k + 1 (weight k + 1).
    coefficients.set(`nd${k}`, n - k);
    coefficients.set(`nd${k + 1}`, k + 1);
    variables.set(`S${k}`, coefficients);
  }
  const solution = solve(
    { direction: 'maximize', objective: 'objective', constraints, variables },
    { precision: 1e-13 },
  );
  if (solution.status !== 'optimal') {
    throw new Error(`the optimal-in-expectation linear programme ended ${solution.status}`);
  }
  const prefix = new Float64Array(n);
  for (const [name, value] of solution.variables) prefix[Number(name.slice(1))] = Math.max(0, value);
  makeFeasible(prefix, n, m);
  const c = new Float64Array(n - 1);
  for (let j = 1; j <= n - 1; j++) c[j - 1] = prefix[j] - prefix[j - 1];
  return c;
}

/**
 * Makes the solver's prefix sums S_1 … S_{n−1} (prefix[k], prefix[0] = 0)
 * satisfy the constraints exactly, not just to the solver's precision: ND
 * at steps k ≤ m forces S_k = 0, and the rest are met by scaling all S down
 * by the largest ratio of a step's rebates to its revenue (scaling keeps IR
 * and costs the objective that ratio's excess, a few ulps).
 */
function makeFeasible(prefix: Float64Array, n: number, m: number): void {
  for (let k = 1; k <= m && k < n; k++) prefix[k] = 0;
  let worst = 1;
  for (let k = m + 1; k <= n; k++) {
    const paid = k * prefix[k - 1] + (k < n ? (n - k) * prefix[k] : 0);
    worst = Math.max(worst, paid / m);
  }
  if (worst > 1) for (let k = 1; k < n; k++) prefix[k] /= worst * (1 + 4 * Number.EPSILON);
}
