/**
 * Guo and Conitzer's worst-case optimal linear rebate (mechanism-notes §2):
 * among linear rules that are IR and never run a deficit, the one whose
 * smallest redistributed fraction is largest.
 */
import { binomialRow } from '../../distributions/orderStatistics.ts';

/**
 * Returns its coefficients c_1 … c_{n−1}: c_j = 0 for j ≤ m and, for
 * j = m+1 … n−1, c_j = (−1)^{j+m−1} (n−m) C(n−1, m−1) Σ_{k=j}^{n−1} C(n−1, k)
 * / (j · C(n−1, j) · Σ_{k=m}^{n−1} C(n−1, k)).
 */
export function worstCaseOptimalCoefficients(n: number, m: number): Float64Array {
  const choose = binomialRow(n - 1);
  const tail = (from: number) => choose.subarray(from).reduce((sum, value) => sum + value, 0);
  const total = tail(m);
  const c = new Float64Array(n - 1);
  for (let j = m + 1; j <= n - 1; j++) {
    const sign = (j + m - 1) % 2 === 0 ? 1 : -1;
    c[j - 1] = (sign * (n - m) * choose[m - 1] * tail(j)) / (j * choose[j] * total);
  }
  return c;
}

/** Returns its worst-case redistributed fraction, 1 − C(n−1, m) / Σ_{k=m}^{n−1} C(n−1, k). */
export function worstCaseOptimalFraction(n: number, m: number): number {
  const choose = binomialRow(n - 1);
  const total = choose.subarray(m).reduce((sum, value) => sum + value, 0);
  return 1 - choose[m] / total;
}
