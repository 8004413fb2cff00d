/** The parts of a vcg-redistribution instance the network needs: n, m and the bid grid. */
import { parseDistribution } from '../../distributions/parse.ts';
import { bidGrid, type BidGrid } from '../../grid.ts';
import type { ProblemInstance } from '../../problem.ts';

export interface RebateSetting {
  readonly n: number;
  readonly m: number;
  /** The grid the fix rounds the others' bids to; its top H scales the network's inputs and output. */
  readonly grid: BidGrid;
}

/** Returns n, m and the grid of a configured vcg-redistribution instance. */
export function rebateSetting(instance: ProblemInstance): RebateSetting {
  const { n, m, dist, grid } = instance.parameters;
  return { n: Number(n), m: Number(m), grid: bidGrid(parseDistribution(String(dist)).high, Number(grid)) };
}
