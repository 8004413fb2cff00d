import { describe, expect, it } from 'vitest';
import { searchSpeedup, type RepeatedSearch } from '../../bench/search.ts';
import { summarise } from '../../bench/measure.ts';

/** Returns repeated searches of single-item-revenue that took `runSeconds`, round by round. */
const searches = (workers: number, runSeconds: number[], timeouts: number): RepeatedSearch => ({
  problem: 'single-item-revenue',
  workers,
  budget: 40,
  candidatesPerMinute: summarise(runSeconds.map((s) => (41 / s) * 60)),
  runSeconds,
  timeouts,
  timeLimitSeconds: 2,
  loadAverage: summarise(runSeconds.map(() => 0.5)),
  scores: [],
});

describe('searchSpeedup', () => {
  it('divides the one-worker time by the other, round by round, with the spread of the ratios', () => {
    const speedup = searchSpeedup(searches(1, [10, 12, 11], 3), searches(2, [5, 8, 5.5], 3));
    expect(speedup.workers).toBe(2);
    expect(speedup.ratio).toEqual({ median: 2, min: 1.5, max: 2, runs: 3 });
  });

  it('bounds the speedup by the time limit a search with a timeout must wait out (Amdahl)', () => {
    // T1 = 3 s, of which the 2 s of an endless loop no second worker shortens: at most 3 / 2 = 1.5.
    expect(searchSpeedup(searches(1, [3, 3, 3], 3), searches(2, [2.5, 2.5, 2.5], 3)).bound).toBe(1.5);
    // T1 = 10 s: the limit is less than half of it, so two workers could halve the time.
    expect(searchSpeedup(searches(1, [10, 10, 10], 3), searches(2, [6, 6, 6], 3)).bound).toBe(2);
    // No timeout, nothing serial: the bound is the number of workers.
    expect(searchSpeedup(searches(1, [3, 3, 3], 0), searches(4, [1, 1, 1], 0)).bound).toBe(4);
  });
});
