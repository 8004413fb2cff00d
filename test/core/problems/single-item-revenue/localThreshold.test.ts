import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  localThreshold,
  localThresholdSearch,
} from '../../../../src/core/problems/single-item-revenue/localThreshold.ts';

describe('local threshold', () => {
  it('localThreshold walks down to the bottom of the run of winning bids', () => {
    const table = Float64Array.from([0.9, 0.1, 0.6, 0.7, 0.5, 0.8]);
    expect(localThreshold(table, 5, 0.4, false)).toBe(2);
    expect(localThreshold(table, 5, 0.5, true)).toBe(2);
    expect(localThreshold(table, 5, 0.5, false)).toBe(5);
    expect(localThreshold(table, 0, 0.4, false)).toBe(0);
  });

  it('localThresholdSearch finds the same threshold in O(log K), for any table, level and tie rule', () => {
    const entry = fc.oneof(
      fc.integer({ min: -3, max: 3 }).map((k) => k / 2),
      fc.constant(Number.NEGATIVE_INFINITY),
      fc.double({ min: -5, max: 5, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 70 }),
        fc.nat(),
        fc.oneof(entry, fc.constant(Number.NEGATIVE_INFINITY)),
        fc.boolean(),
        (values, at, level, winsTies) => {
          const table = Float64Array.from(values);
          const bidIndex = at % table.length;
          const search = localThresholdSearch([table]);
          expect(search(table, bidIndex, level, winsTies)).toBe(
            localThreshold(table, bidIndex, level, winsTies),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('falls back to the walk for a table it was not built for', () => {
    const table = Float64Array.from([1, 1, 1]);
    expect(localThresholdSearch([])(table, 2, 0.5, false)).toBe(0);
  });
});
