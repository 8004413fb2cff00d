import { describe, expect, it } from 'vitest';
import { islandColour, scoreBucket, scoreBuckets, scoreColour } from '../../../src/ui/charts/palette.ts';

describe('palette', () => {
  it('islandColour repeats every ten islands', () => {
    expect(islandColour(0)).toBe('#4e79a7');
    expect(islandColour(10)).toBe(islandColour(0));
    expect(islandColour(3)).not.toBe(islandColour(2));
  });
  it('scoreColour runs from violet at the lowest score to yellow at the highest, clamped', () => {
    const colour = scoreColour([0, 1]);
    expect(colour(1)).toBe('#fde725');
    expect(colour(2)).toBe('#fde725');
    expect(colour(0)).toBe(colour(-5));
    expect(colour(0)).not.toBe(colour(0.5));
    expect(scoreColour(null)(0.3)).toBe('#fde725');
  });
  it('scoreBucket splits the extent into equal buckets, the top score in the last', () => {
    expect(scoreBucket(0, [0, 1])).toBe(0);
    expect(scoreBucket(1, [0, 1])).toBe(scoreBuckets - 1);
    expect(scoreBucket(0.5, [0, 1])).toBe(scoreBuckets / 2);
    expect(scoreBucket(0.5, null)).toBe(scoreBuckets - 1);
  });
});
