import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sanitizeRebate } from '../../../../src/core/problems/vcg-redistribution/positiveRebate.ts';

describe('sanitizeRebate', () => {
  it('sanitizeRebate turns anything that is not a finite positive number into 0, without coercion', () => {
    let coerced = false;
    const sneaky = {
      valueOf: () => {
        coerced = true;
        return 0.5;
      },
    };
    for (const answer of [
      Number.NaN,
      Infinity,
      -Infinity,
      -0.1,
      '0.5',
      sneaky,
      [1],
      null,
      undefined,
      true,
      3n,
    ]) {
      expect(sanitizeRebate(answer, 1)).toBe(0);
    }
    expect(coerced).toBe(false);
  });

  it('sanitizeRebate keeps numbers in [0, cap] and caps larger ones', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e308, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (x, cap) => {
          expect(sanitizeRebate(x, cap)).toBe(Math.min(x, cap));
        },
      ),
    );
  });
});
