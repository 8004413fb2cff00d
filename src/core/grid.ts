/**
 * The bid grid G = {0, h, 2h, …, H}, h = H / K (mechanism-notes §0). Fixes
 * round reported bids down to G, which makes their guarantees exact at a
 * bias of order h.
 */
export interface BidGrid {
  /** The top of the grid, H. */
  readonly top: number;
  /** The number of steps, K; the grid has K + 1 points. */
  readonly steps: number;
  /** The step h = H / K. */
  readonly step: number;
}

export function bidGrid(top: number, steps: number): BidGrid {
  if (!(top > 0) || !Number.isFinite(top))
    throw new RangeError(`grid top must be a positive number, got ${top}`);
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`grid steps must be a positive integer, got ${steps}`);
  return { top, steps, step: top / steps };
}

/**
 * Returns the index of the largest grid point ≤ `bid`, clamped to [0, K].
 * Non-finite or negative bids map to 0; bids above H map to K.
 */
export function gridIndex(grid: BidGrid, bid: number): number {
  if (!(bid > 0)) return 0;
  if (bid >= grid.top) return grid.steps;
  // bid / h can land just below an integer for a bid that is a grid point;
  // step up when the next point is still ≤ bid, so the result is exactly
  // the largest k with gridValue(k) ≤ bid (one correction
  // step either way is enough: the float error is far below one step).
  let k = Math.min(grid.steps, Math.floor(bid / grid.step));
  if (gridValue(grid, k) > bid) k -= 1;
  else if (k < grid.steps && gridValue(grid, k + 1) <= bid) k += 1;
  return k;
}

/**
 * Returns the value of grid point `k`, computed as (k·H)/K: one correctly
 * rounded division, so decimal points such as 0.3 on a 0.1 grid equal the
 * literal a user types (k·h would give 0.30000000000000004).
 */
export function gridValue(grid: BidGrid, k: number): number {
  return (k * grid.top) / grid.steps;
}

/** Returns `bid` rounded down to the grid. */
export function roundDownToGrid(grid: BidGrid, bid: number): number {
  return gridValue(grid, gridIndex(grid, bid));
}
