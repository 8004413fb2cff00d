import { describe, expect, it } from 'vitest';
import { ArgumentArray } from '../../../src/core/problems/argumentArray.ts';

/** Writes `values` the way the fixes do: into array(), and into fresh() if a write throws. */
function handOver(argument: ArgumentArray, values: readonly number[]): number[] {
  const write = (a: number[]) => values.forEach((v, j) => (a[j] = v));
  let a = argument.array();
  try {
    write(a);
  } catch {
    write((a = argument.fresh()));
  }
  return a;
}

describe('ArgumentArray', () => {
  it('hands over the same array each time while the heuristic leaves its length alone', () => {
    const argument = new ArgumentArray(3);
    const first = handOver(argument, [0.9, 0.5, 0.1]);
    first.reverse();
    first[1] = 42;
    const second = handOver(argument, [0.8, 0.4, 0]);
    expect(second).toBe(first);
    expect(second).toEqual([0.8, 0.4, 0]);
  });

  it('hands over a new array of the right length after push, pop, splice or a length change', () => {
    const argument = new ArgumentArray(4);
    const vandals: ((a: number[]) => void)[] = [
      (a) => a.push(1),
      (a) => a.pop(),
      (a) => a.splice(1, 2),
      (a) => (a.length = 0),
      (a) => (a[10] = 1),
    ];
    for (const vandal of vandals) {
      const before = handOver(argument, [4, 3, 2, 1]);
      vandal(before);
      const after = handOver(argument, [1, 2, 3, 4]);
      expect(after).not.toBe(before);
      expect(after).toEqual([1, 2, 3, 4]);
    }
  });

  it('hands over a new array when the heuristic froze, sealed or booby-trapped the last one', () => {
    const argument = new ArgumentArray(2);
    const traps: ((a: number[]) => void)[] = [
      (a) => Object.freeze(a),
      (a) => Object.defineProperty(a, 0, { value: 7, writable: false }),
      (a) =>
        Object.defineProperty(a, 1, {
          set: () => {
            throw new Error('gotcha');
          },
        }),
    ];
    for (const trap of traps) {
      trap(handOver(argument, [1, 2]));
      expect(handOver(argument, [0.25, 0.75])).toEqual([0.25, 0.75]);
    }
  });

  it('starts with an array without holes', () => {
    const a = new ArgumentArray(5).array();
    expect(a).toHaveLength(5);
    for (let j = 0; j < 5; j++) expect(j in a).toBe(true);
  });
});
