/**
 * A running record of one property's checks: how many were made, the largest
 * violation and the witness that shows it. Each check reports a signed
 * margin (≤ 0 when the property holds), so only violations update the record.
 */
import type { PropertyCheck, PropertyName, Witness } from '../types.ts';

export class ViolationTally {
  checks = 0;
  maxViolation = 0;
  witness: Witness | undefined = undefined;

  constructor(readonly property: PropertyName) {}

  /**
   * Counts one check whose margin is `amount` and keeps a copy of `profile`
   * as the witness when it is the largest violation so far. NaN margins never
   * become witnesses: callers map undefined outcomes to +Infinity first.
   */
  record(amount: number, profile: ArrayLike<number>, agent: number, deviation?: number): void {
    this.checks++;
    if (!(amount > this.maxViolation)) return;
    this.maxViolation = amount;
    this.witness =
      deviation === undefined
        ? { profile: Array.from(profile), agent, amount }
        : { profile: Array.from(profile), agent, deviation, amount };
  }

  /** Returns the plain-data summary for a certificate. */
  toCheck(): PropertyCheck {
    const { property, checks, maxViolation, witness } = this;
    return witness === undefined
      ? { property, checks, maxViolation }
      : { property, checks, maxViolation, witness };
  }
}
