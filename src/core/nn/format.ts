/** Numbers as the example tables show them: grid values exactly, outputs briefly. */
import type { BidGrid } from '../grid.ts';

/** Returns `value` with at most `digits` decimals and no trailing zeros. */
export function short(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Returns the decimals that show every point of `grid` exactly (at most 8). */
export function gridDigits(grid: BidGrid): number {
  for (let digits = 0; digits < 8; digits++) {
    const scaled = grid.step * 10 ** digits;
    const topScaled = grid.top * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 && Math.abs(topScaled - Math.round(topScaled)) < 1e-9)
      return digits;
  }
  return 8;
}
