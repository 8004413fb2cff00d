import { describe, expect, it } from 'vitest';
import { scoreCurve } from '../../../src/core/evolution/curve.ts';
import type { Candidate } from '../../../src/core/evolution/record.ts';

function candidate(
  iteration: number,
  status: Candidate['status'],
  score: number | null,
  island = 0,
): Candidate {
  return { id: `c${iteration}`, iteration, island, status, score } as Candidate;
}

describe('scoreCurve', () => {
  it('steps the best-so-far line at each improvement and carries it to the last candidate', () => {
    const curve = scoreCurve([
      candidate(0, 'ok', 0.3),
      candidate(1, 'runtime-error', null),
      candidate(2, 'ok', 0.4),
      candidate(3, 'ok', 0.35),
      candidate(4, 'duplicate', 0.4),
      candidate(5, 'parse-error', null),
    ]);
    expect(curve.best).toEqual([
      [0, 0.3],
      [2, 0.4],
      [5, 0.4],
    ]);
    expect(curve.points.map((p) => p.ok)).toEqual([true, false, true, true, false, false]);
  });

  it('has no best line when nothing scored', () => {
    expect(scoreCurve([candidate(0, 'timeout', null)]).best).toEqual([]);
  });
});
