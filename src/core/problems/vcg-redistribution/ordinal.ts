/** English ordinals for the texts and plot labels: 1st, 2nd, 3rd, 4th, 11th, 21st. */

/** Returns `k` with its English ordinal suffix. */
export function ordinal(k: number): string {
  const suffix = k % 100 >= 11 && k % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${k}${suffix}`;
}
