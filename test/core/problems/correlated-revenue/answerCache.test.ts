import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answerCache } from '../../../../src/core/problems/correlated-revenue/answerCache.ts';

describe('answerCache(n, K)', () => {
  it('returns what was stored, and −2 for keys never stored (dense and hashed tables alike)', () => {
    for (const [n, steps] of [
      [2, 200],
      [5, 200],
    ]) {
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(fc.integer({ min: 0, max: (steps + 1) ** n - 1 }), fc.integer({ min: -1, max: n - 1 })),
            { maxLength: 300 },
          ),
          fc.integer({ min: 0, max: (steps + 1) ** n - 1 }),
          (entries, probe) => {
            const cache = answerCache(n, steps);
            const model = new Map<number, number>();
            for (const [key, answer] of entries) {
              cache.set(key, answer);
              model.set(key, answer);
            }
            for (const [key] of entries) expect(cache.get(key)).toBe(model.get(key));
            expect(cache.get(probe)).toBe(model.get(probe) ?? -2);
          },
        ),
        { numRuns: 50 },
      );
    }
  });

  it('keeps every answer of a small key space forever (dense table never cleared)', () => {
    const cache = answerCache(2, 10);
    for (let key = 0; key < 121; key++) cache.set(key, (key % 3) - 1);
    for (let round = 0; round < 5; round++) cache.makeRoom();
    for (let key = 0; key < 121; key++) expect(cache.get(key)).toBe((key % 3) - 1);
  });

  it('empties a half-full hash table only when asked to make room, between profiles', () => {
    const cache = answerCache(6, 100);
    const filled = 2 ** 18 + 10;
    for (let key = 0; key < filled; key++) cache.set(key * 7919, 0);
    expect(cache.get(7919 * 5)).toBe(0);
    cache.makeRoom();
    expect(cache.get(7919 * 5)).toBe(-2);
  });

  it('keys far apart in the 2^53 range do not collide', () => {
    const cache = answerCache(6, 400);
    const big = 401 ** 6 - 1;
    cache.set(big, 3);
    cache.set(big - 4294967296, 1);
    cache.set(0, 2);
    expect(cache.get(big)).toBe(3);
    expect(cache.get(big - 4294967296)).toBe(1);
    expect(cache.get(0)).toBe(2);
    expect(cache.get(big - 1)).toBe(-2);
  });

  it('rejects key spaces beyond exact doubles', () => {
    expect(() => answerCache(6, 500)).toThrow(RangeError);
  });
});
