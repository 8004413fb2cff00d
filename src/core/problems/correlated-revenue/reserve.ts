/**
 * The best anonymous reserve of a second-price auction under a correlated
 * model, found by a grid search on its own seeded sample (never on the
 * evaluation samples, which would overfit the baseline to them).
 */
import { gridIndex, gridValue, type BidGrid } from '../../grid.ts';
import type { Rng } from '../../rng.ts';
import { sampleProfiles } from '../../samples.ts';
import type { ValueModel } from './models.ts';

/** Profiles drawn for the reserve search. */
export const reserveTuningSamples = 20_000;

/**
 * Returns the grid index r of the reserve that maximises the mean of
 * [b̄₍₁₎ ≥ r]·max(r, b̄₍₂₎) over `count` profiles drawn from `rng`, with the
 * bids rounded down to `grid` as the fixed auctions see them (lowest index
 * on ties). One pass with difference arrays: profile s adds b̄₍₂₎ to every
 * reserve up to b̄₍₂₎ and the reserve itself to each one in (b̄₍₂₎, b̄₍₁₎].
 */
export function bestReserveIndex(
  model: ValueModel,
  n: number,
  grid: BidGrid,
  rng: Rng,
  count = reserveTuningSamples,
): number {
  const K = grid.steps;
  const { values } = sampleProfiles(rng, n, count, model.sampler(n));
  const constant = new Float64Array(K + 2);
  const proportional = new Float64Array(K + 2);
  for (let s = 0; s < count; s++) {
    let first = -1;
    let second = -1;
    for (let i = 0; i < n; i++) {
      const k = gridIndex(grid, values[s * n + i]);
      if (k > first) {
        second = first;
        first = k;
      } else if (k > second) second = k;
    }
    constant[0] += gridValue(grid, second);
    constant[second + 1] -= gridValue(grid, second);
    proportional[second + 1] += 1;
    proportional[first + 1] -= 1;
  }
  let best = 0;
  let bestRevenue = -Infinity;
  let sum = 0;
  let share = 0;
  for (let r = 0; r <= K; r++) {
    sum += constant[r];
    share += proportional[r];
    const revenue = sum + share * gridValue(grid, r);
    if (revenue > bestRevenue) {
      bestRevenue = revenue;
      best = r;
    }
  }
  return best;
}
