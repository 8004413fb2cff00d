import { describe, expect, it } from 'vitest';
import { RecordingFull, recordCalls, replay } from '../../bench/replay.ts';
import type { Heuristic } from '../../src/core/problem.ts';
import { problemById } from '../../src/core/problems/index.ts';
import { rngStream } from '../../src/core/rng.ts';

const asHeuristic = (f: (...args: never[]) => unknown) => f as unknown as Heuristic;

describe('recordCalls and replay', () => {
  it('record every call of a fix and evaluation, and replay them with the same answers in the same order', () => {
    const instance = problemById('vcg-redistribution').configure({ n: 4, grid: 10 });
    const samples = instance.sample(rngStream(1, 'evaluation'), 50);
    const seen: string[] = [];
    const rule = (others: number[], n: number, m: number) => {
      seen.push(`${others.join(',')}|${n}|${m}`);
      return (m / n) * others[m] + others.length / 100;
    };
    const recorder = recordCalls(asHeuristic(rule), 1e6);
    const evaluation = instance.evaluate(instance.fix(recorder.heuristic), samples);
    const recording = recorder.recording();
    expect(recording.calls).toBe(evaluation.heuristicCalls);
    expect(recording.shape).toEqual([{ kind: 'array', length: 3 }, { kind: 'number' }, { kind: 'number' }]);
    expect(recording.stride).toBe(5);
    const recorded = seen.slice();
    seen.length = 0;
    const sum = replay(asHeuristic(rule), recording);
    expect(seen).toEqual(recorded);
    const expected = recorded
      .map((call) => call.split('|').map((part) => part.split(',').map(Number)))
      .reduce((total, [others, [n], [m]]) => total + (m / n) * others[m] + others.length / 100, 0);
    expect(sum).toBeCloseTo(expected, 9);
  });

  it('replay the (array) and (number, number, number) shapes of the other problems', () => {
    const allocate = recordCalls(
      asHeuristic((bids: number[]) => bids.indexOf(Math.max(...bids))),
      100,
    );
    const call = allocate.heuristic as unknown as (bids: number[]) => number;
    expect(call([0.1, 0.7, 0.3])).toBe(1);
    expect(call([0.9, 0.7, 0.3])).toBe(0);
    expect(
      replay(
        asHeuristic((bids: number[]) => bids[2]),
        allocate.recording(),
      ),
    ).toBeCloseTo(0.6, 12);

    const priority = recordCalls(
      asHeuristic((bid: number, bidder: number, n: number) => bid + bidder + n),
      100,
    );
    (priority.heuristic as unknown as (a: number, b: number, c: number) => number)(0.5, 1, 2);
    expect(replay(priority.heuristic, priority.recording())).toBe(3.5);
  });

  it('give a heuristic that resized its array a fresh one of the recorded length', () => {
    const recorder = recordCalls(
      asHeuristic((bids: number[]) => bids.length),
      100,
    );
    const call = recorder.heuristic as unknown as (bids: number[]) => number;
    for (let k = 0; k < 4; k++) call([k, k + 1]);
    const lengths: number[] = [];
    replay(
      asHeuristic((bids: number[]) => {
        lengths.push(bids.length);
        bids.push(9);
        return 0;
      }),
      recorder.recording(),
    );
    expect(lengths).toEqual([2, 2, 2, 2]);
  });

  it('stop recording with RecordingFull past the budget of numbers', () => {
    const recorder = recordCalls(
      asHeuristic((bid: number) => bid),
      7,
    );
    const call = recorder.heuristic as unknown as (a: number, b: number, c: number) => number;
    call(1, 2, 3);
    call(4, 5, 6);
    expect(() => call(7, 8, 9)).toThrow(RecordingFull);
    expect(recorder.recording().calls).toBe(2);
  });
});
