import { describe, expect, it } from 'vitest';
import { ordinal } from '../../../../src/core/problems/vcg-redistribution/ordinal.ts';

describe('ordinal', () => {
  it('ordinal(k) gives 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '112th',
    ]);
  });
});
