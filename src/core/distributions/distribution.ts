/** The interface of a one-dimensional value distribution (mechanism-notes §1). */
import type { Rng } from '../rng.ts';

export interface Distribution {
  /** The spec it was parsed from, e.g. `uniform:0:1`; parseDistribution(spec) gives it back. */
  readonly spec: string;
  /** A readable name, e.g. "U[0, 1]". */
  readonly label: string;
  /** The support [low, high]; for unbounded laws `high` is the cap used for the bid grid. */
  readonly low: number;
  readonly high: number;
  /** Probability mass above the cap that sampling folds onto `high` (0 when bounded). */
  readonly massAboveCap: number;
  sample(rng: Rng): number;
  density(x: number): number;
  cdf(x: number): number;
  quantile(q: number): number;
}
