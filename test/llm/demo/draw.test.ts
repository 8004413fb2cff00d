import { describe, expect, it } from 'vitest';
import { rngStream } from '../../../src/core/rng.ts';
import { createDraw, round, signed } from '../../../src/llm/demo/draw.ts';

describe('createDraw(rng, progress)', () => {
  it('settle(from, to, spread) scatters ±spread around `from` at the start and ±spread/5 around `to` from 3/4 of the run', () => {
    const rng = rngStream(3, 'draw-test');
    for (let i = 0; i < 500; i++) {
      expect(Math.abs(createDraw(rng, 0).settle(0.2, 0.5, 0.1) - 0.2)).toBeLessThanOrEqual(0.1 + 0.005);
      expect(Math.abs(createDraw(rng, 0.75).settle(0.2, 0.5, 0.1) - 0.5)).toBeLessThanOrEqual(0.02 + 0.005);
      expect(Math.abs(createDraw(rng, 1).settle(0.2, 0.5, 0.1) - 0.5)).toBeLessThanOrEqual(0.02 + 0.005);
    }
  });

  it('writes constants with the requested decimals', () => {
    const draw = createDraw(rngStream(1, 'draw-test'), 0.3);
    for (let i = 0; i < 100; i++) {
      expect(String(draw.near(0.5, 0.3))).toMatch(/^-?\d+(\.\d{1,2})?$/);
      expect(String(draw.near(0.05, 0.04, 3))).toMatch(/^-?\d+(\.\d{1,3})?$/);
    }
  });

  it('gives the same draws for the same stream', () => {
    const draws = (seed: number) => {
      const draw = createDraw(rngStream(seed, 'draw-test'), 0.5);
      return [
        draw.near(1, 1),
        draw.pick(['a', 'b', 'c']),
        draw.chance(0.5),
        draw.pickWeighted([1, 2], [1, 1]),
      ];
    };
    expect(draws(9)).toEqual(draws(9));
  });

  it('pickWeighted never picks a zero weight and follows the weights', () => {
    const draw = createDraw(rngStream(5, 'draw-test'), 0);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[draw.pickWeighted([0, 1, 2], [0, 1, 3])]++;
    expect(counts[0]).toBe(0);
    expect(counts[2] / counts[1]).toBeGreaterThan(2.5);
    expect(counts[2] / counts[1]).toBeLessThan(3.5);
  });
});

describe('round and signed', () => {
  it('round gives short decimals and never -0', () => {
    expect(String(round(0.47000001))).toBe('0.47');
    expect(String(round(0.1 + 0.2, 3))).toBe('0.3');
    expect(Object.is(round(-0.001), 0)).toBe(true);
  });

  it('signed writes a negative constant as a subtraction', () => {
    expect(signed(0.09)).toBe('+ 0.09');
    expect(signed(-0.09)).toBe('- 0.09');
  });
});
