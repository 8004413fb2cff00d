/**
 * A mechanism under test, probed from outside: every outcome it is asked for
 * is checked for individual rationality, feasibility and (when a budget
 * applies) non-deficit, whatever profile it was asked at. The probe never
 * sees the fix's code, only `mechanism.outcome`.
 */
import type { Mechanism, Outcome } from '../types.ts';
import { checkFeasible } from './feasible.ts';
import { checkIndividuallyRational } from './individuallyRational.ts';
import { checkNonDeficit } from './nonDeficit.ts';
import { ViolationTally } from './tally.ts';

export class MechanismProbe {
  readonly strategyProof = new ViolationTally('strategy-proof');
  readonly individuallyRational = new ViolationTally('individually-rational');
  readonly feasible = new ViolationTally('feasible');
  readonly nonDeficit = new ViolationTally('non-deficit');
  /** Truthful profiles examined (sampled or found by the adversarial search). */
  profiles = 0;
  /** Margins of the last examined outcome (see the check functions). */
  irMargin = 0;
  feasibleMargin = 0;
  deficit = 0;
  /** The copy handed to the mechanism, so that a mechanism that writes into its input cannot corrupt a witness. */
  private readonly shown: Float64Array;

  constructor(
    readonly mechanism: Mechanism,
    readonly units: number,
    readonly budget: boolean,
  ) {
    this.shown = new Float64Array(mechanism.n);
  }

  /**
   * Returns the outcome at `bids` after recording its IR, feasibility and
   * budget checks. Read what you need from the outcome before the next call:
   * a mechanism may reuse its outcome object.
   */
  examine(bids: Float64Array): Outcome {
    this.shown.set(bids);
    const outcome = this.mechanism.outcome(this.shown);
    this.irMargin = checkIndividuallyRational(this.individuallyRational, bids, outcome);
    this.feasibleMargin = checkFeasible(this.feasible, bids, outcome, this.units);
    if (this.budget) this.deficit = checkNonDeficit(this.nonDeficit, bids, outcome);
    return outcome;
  }
}
