/**
 * The Bailey–Cavallo rebate (mechanism-notes §2): every agent gets m/n of
 * the (m+1)-th highest of the others' bids. It never runs a deficit.
 */

/** Returns its coefficients c_1 … c_{n−1}: c_{m+1} = m/n, the rest 0. */
export function baileyCavalloCoefficients(n: number, m: number): Float64Array {
  const c = new Float64Array(n - 1);
  c[m] = m / n;
  return c;
}

/** Returns its worst-case redistributed fraction, 1 − (m+1)/n (at m+1 equal top bids, the rest 0). */
export function baileyCavalloWorstCase(n: number, m: number): number {
  return 1 - (m + 1) / n;
}

/**
 * Returns its expected redistributed fraction for U[0, 1] values,
 * (n−m−1)(n+1) / (n(n−m)): from E[b_[k]] = (n+1−k)/(n+1), the m+1 agents
 * ranked 1…m+1 get (m/n)·b_[m+2] and the other n−m−1 get (m/n)·b_[m+1], so
 * E[Σ r] = (m/n)·((m+1)(n−m−1) + (n−m−1)(n−m))/(n+1) = m(n−m−1)/n, while
 * E[V] = m(n−m)/(n+1).
 */
export function baileyCavalloUniformFraction(n: number, m: number): number {
  return ((n - m - 1) * (n + 1)) / (n * (n - m));
}
