import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  kthHighest,
  rankDescending,
  sanitizeBid,
  vcgInto,
  vcgRevenue,
} from '../../../../src/core/problems/vcg-redistribution/vcg.ts';

function vcg(profile: number[], m: number) {
  const n = profile.length;
  const allocation = new Array<number>(n);
  const payments = new Array<number>(n);
  vcgInto(profile, m, allocation, payments, new Int32Array(n), new Float64Array(n));
  return { allocation, payments };
}

describe('VCG for m units', () => {
  it('vcgInto gives the m highest bids a unit each at the (m+1)-th highest bid', () => {
    expect(vcg([0.3, 0.9, 0.5, 0.7, 0.1], 2)).toEqual({
      allocation: [0, 1, 0, 1, 0],
      payments: [0, 0.5, 0, 0.5, 0],
    });
  });

  it('vcgInto breaks ties to the lowest index', () => {
    expect(vcg([0.5, 0.8, 0.5, 0.5], 2).allocation).toEqual([1, 1, 0, 0]);
  });

  it('vcgInto reads NaN, ±Infinity and negative bids as 0', () => {
    expect(sanitizeBid(Number.NaN)).toBe(0);
    expect(sanitizeBid(Infinity)).toBe(0);
    expect(sanitizeBid(-3)).toBe(0);
    expect(vcg([Number.NaN, 0.2, -1, Infinity], 1)).toEqual({
      allocation: [0, 1, 0, 0],
      payments: [0, 0, 0, 0],
    });
  });

  it('vcgRevenue(b, m) = m · b_[m+1] = the sum of VCG payments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 3, maxLength: 12 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (profile, share) => {
          const m = 1 + Math.floor(share * (profile.length - 2));
          const sorted = [...profile].sort((a, b) => b - a);
          const revenue = vcgRevenue(profile, m, new Float64Array(profile.length));
          expect(revenue).toBe(m * sorted[m]);
          expect(vcg(profile, m).payments.reduce((a, b) => a + b, 0)).toBeCloseTo(revenue, 12);
          expect(kthHighest(profile, 1, new Float64Array(profile.length))).toBe(sorted[0]);
        },
      ),
    );
  });

  it('rankDescending is a stable sort of agents by bid, highest first', () => {
    const order = new Int32Array(5);
    rankDescending([2, 7, 2, 9, 7], 5, order);
    expect(Array.from(order)).toEqual([3, 1, 4, 0, 2]);
  });
});
