import { describe, expect, it } from 'vitest';
import { outcomeText, profileText } from '../../../src/ui/inspector/outcomeText.ts';

describe('outcomeText(outcome)', () => {
  it('names the winner from 1 and its payment, or no sale', () => {
    expect(outcomeText({ allocation: [0, 1], payments: [0, 0.51] })).toBe('bidder 2 wins, pays 0.510');
    expect(outcomeText({ allocation: [0, 0], payments: [0, 0] })).toBe('no sale');
  });

  it("gives rebates with their sum against VCG's revenue", () => {
    const outcome = { allocation: [1, 0, 0], payments: [0.6, 0, 0], rebates: [0.1, 0.15, 0.2] };
    expect(outcomeText(outcome)).toBe('rebates 0.100, 0.150, 0.200 (Σ 0.450 of 0.600)');
  });

  it('writes profiles with 3 decimals', () => {
    expect(profileText([0.81234, 1 / 3])).toBe('0.812, 0.333');
  });
});
