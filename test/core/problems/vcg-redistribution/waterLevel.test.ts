import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { waterLevel } from '../../../../src/core/problems/vcg-redistribution/waterLevel.ts';
import { bisectWaterLevel } from './arbitraries.ts';

const excess = (a: number[], lambda: number, V: number) =>
  a.reduce((s, v) => s + Math.max(0, v - lambda), 0) - V;
const level = (a: number[], V: number) => waterLevel(a, a.length, V, new Float64Array(a.length));

describe('waterLevel', () => {
  it('waterLevel(a, V) = 0 when the proposals fit within V', () => {
    expect(level([0.2, 0.3, 0.1], 0.6)).toBe(0);
    expect(level([0, 0, 0], 0)).toBe(0);
  });

  it('waterLevel drains the whole deficit: Σ max(0, a − λ) = V, and any lower level leaves a deficit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (a, V) => {
          const lambda = level(a, V);
          expect(lambda).toBeGreaterThanOrEqual(0);
          expect(excess(a, lambda, V)).toBeLessThanOrEqual(1e-9);
          if (lambda > 1e-9) expect(excess(a, lambda - 1e-7, V)).toBeGreaterThan(0);
          expect(lambda).toBeCloseTo(bisectWaterLevel(a, V), 9);
        },
      ),
    );
  });

  it('waterLevel takes every proposal to 0 when V = 0', () => {
    expect(level([0.4, 0.9, 0.1], 0)).toBe(0.9);
  });

  it('waterLevel lowers only the largest proposals when that suffices, and all of them equally otherwise', () => {
    // [3, 1, 1] with V = 2: lower the 3 to 2 (λ = 1); with V = 3: all three by 2/3 each, none below 0.
    expect(level([1, 3, 1], 2)).toBe(1);
    expect(level([3, 1, 1], 3)).toBeCloseTo(2 / 3, 15);
    expect(level([3, 1, 1], 0.5)).toBe(2.5);
  });
});
