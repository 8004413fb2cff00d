/** Outcomes in words for the inspector's tables: who wins and pays what, or the rebates against VCG's revenue. */
import type { Outcome } from '../../core/types.ts';

/** Returns `x` with 3 decimals. */
export function short(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '—';
}

/** Returns a profile as "0.812, 0.331". */
export function profileText(profile: readonly number[]): string {
  return profile.map(short).join(', ');
}

/**
 * Returns what happens in `outcome`: "bidder 2 wins, pays 0.510" or "no sale"
 * for one item (bidders numbered from 1), or the rebates, their sum and what
 * VCG collects for redistribution.
 */
export function outcomeText(outcome: Outcome): string {
  if (outcome.rebates) {
    const total = outcome.rebates.reduce((a, b) => a + b, 0);
    const revenue = outcome.payments.reduce((a, b) => a + b, 0);
    return `rebates ${outcome.rebates.map(short).join(', ')} (Σ ${short(total)} of ${short(revenue)})`;
  }
  const winners = outcome.allocation.flatMap((a, i) => (a > 0 ? [i] : []));
  if (winners.length === 0) return 'no sale';
  return winners.map((i) => `bidder ${i + 1} wins, pays ${short(outcome.payments[i])}`).join('; ');
}
