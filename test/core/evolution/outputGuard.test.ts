import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Heuristic } from '../../../src/core/problem.ts';
import {
  callText,
  errorText,
  failureMessage,
  guardOutputs,
  valueText,
} from '../../../src/core/evolution/outputGuard.ts';

/** Returns `f` as the sandbox's Heuristic type. */
const heuristic = (f: (...args: never[]) => unknown) => f as Heuristic;

/** Calls a guarded heuristic with `args`. */
const invoke = (guarded: Heuristic, ...args: unknown[]) =>
  (guarded as unknown as (...a: unknown[]) => unknown)(...args);

describe('guardOutputs(h) passes finite numbers through', () => {
  it('returns what h returns and records no failure, for any finite outputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }),
        (outputs) => {
          let i = 0;
          const guard = guardOutputs(
            heuristic(() => outputs[i++]),
            'priority',
            3,
          );
          for (const output of outputs) expect(invoke(guard.heuristic, 0.5, 0, 2)).toBe(output);
          expect(guard.failure).toBeNull();
        },
      ),
    );
  });

  it('passes the arguments through, also for heuristics of more than three parameters', () => {
    const three = guardOutputs(
      heuristic((a: number, b: number, c: number) => a + 10 * b + 100 * c),
      'h',
      3,
    );
    expect(invoke(three.heuristic, 1, 2, 3)).toBe(321);
    const five = guardOutputs(
      heuristic((a: number, b: number, c: number, d: number, e: number) => a + b + c + d + e),
      'h',
      5,
    );
    expect(invoke(five.heuristic, 1, 2, 3, 4, 5)).toBe(15);
  });
});

describe('guardOutputs(h) records the first output that is not a finite number, with its call', () => {
  const cases: [string, unknown, string][] = [
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Infinity, 'Infinity'],
    ['-Infinity', -Infinity, '-Infinity'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a string', 'high', 'the string "high"'],
    ['a boolean', true, 'true'],
    ['an array', [1], 'an array'],
    ['an object', { x: 1 }, 'an object'],
    ['a BigInt', 3n, 'the BigInt 3n'],
  ];
  it.each(cases)('%s stops the caller and is reported as "returned %s"', (_, output, shown) => {
    const guard = guardOutputs(
      heuristic(() => output),
      'priority',
      3,
    );
    expect(() => invoke(guard.heuristic, 0.5, 0, 2)).toThrow();
    expect(guard.failure).toEqual({ kind: 'returned', call: 'priority(0.5, 0, 2)', value: shown });
    expect(failureMessage(guard.failure!)).toBe(
      `priority(0.5, 0, 2) returned ${shown}; return a finite number for every input`,
    );
  });

  it('never runs valueOf or toString of a returned object', () => {
    let hooks = 0;
    const sneaky = {
      valueOf: () => ++hooks,
      toString: () => String(++hooks),
      [Symbol.toPrimitive]: () => ++hooks,
    };
    const guard = guardOutputs(
      heuristic(() => sneaky),
      'priority',
      3,
    );
    expect(() => invoke(guard.heuristic, 0.5, 0, 2)).toThrow();
    expect(guard.failure).toMatchObject({ kind: 'returned', value: 'an object' });
    expect(hooks).toBe(0);
  });

  it('keeps the first failure when later calls fail too', () => {
    const guard = guardOutputs(
      heuristic((bid: number) => (bid > 0.25 ? Number.NaN : bid)),
      'priority',
      3,
    );
    for (const bid of [0, 0.5, 0.75]) {
      try {
        invoke(guard.heuristic, bid, 1, 2);
      } catch {
        // the guard stops the caller; the test goes on calling
      }
    }
    expect(guard.failure).toMatchObject({ call: 'priority(0.5, 1, 2)' });
  });

  it('shows array arguments, cut after eight elements', () => {
    const guard = guardOutputs(
      heuristic(() => Number.NaN),
      'rebate',
      3,
    );
    expect(() => invoke(guard.heuristic, [0.9, 0.5, 0.25, 0.1], 5, 1)).toThrow();
    expect(guard.failure).toMatchObject({ call: 'rebate([0.9, 0.5, 0.25, 0.1], 5, 1)' });
    expect(callText('allocate', [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]])).toBe(
      'allocate([1, 2, 3, 4, 5, 6, 7, 8, …])',
    );
  });

  it('shows only as many arguments as the heuristic takes', () => {
    const guard = guardOutputs(
      heuristic(() => undefined),
      'allocate',
      1,
    );
    expect(() => invoke(guard.heuristic, [0.5, 0.25])).toThrow();
    expect(guard.failure).toMatchObject({ call: 'allocate([0.5, 0.25])' });
  });
});

describe('guardOutputs(h) records exceptions with the call and lets them through', () => {
  it('rethrows the very error h threw', () => {
    const error = new RangeError('bid out of range');
    const guard = guardOutputs(
      heuristic(() => {
        throw error;
      }),
      'priority',
      3,
    );
    expect(() => invoke(guard.heuristic, 0.25, 1, 3)).toThrow(error);
    expect(guard.failure).toEqual({ kind: 'threw', call: 'priority(0.25, 1, 3)', error });
    expect(failureMessage(guard.failure!)).toBe(
      'priority(0.25, 1, 3) threw RangeError: bid out of range; return a number for every input instead of throwing',
    );
  });

  it('says when the error was a failed allocation', () => {
    const message = failureMessage({
      kind: 'threw',
      call: 'priority(0, 0, 2)',
      error: new RangeError('Invalid array length'),
    });
    expect(message).toMatch(
      /^priority\(0, 0, 2\) threw RangeError: Invalid array length; it ran out of memory/,
    );
  });
});

describe('errorText and valueText describe anything without running its code', () => {
  it('describes thrown primitives and error-like objects', () => {
    expect(errorText('oops')).toBe('the string "oops"');
    expect(errorText(42)).toBe('42');
    expect(errorText({ name: 'Custom', message: 'bad' })).toBe('Custom: bad');
    expect(errorText({ message: 7 })).toBe('an object');
  });

  it('survives objects whose properties throw when read', () => {
    const hostile = Object.defineProperty({}, 'name', {
      get() {
        throw new Error('gotcha');
      },
    });
    expect(errorText(hostile)).toBe('an object');
  });

  it('writes −0 with its sign and cuts long strings', () => {
    expect(callText('h', [-0, 0])).toBe('h(-0, 0)');
    expect(valueText('x'.repeat(100))).toBe(`the string "${'x'.repeat(40)}…"`);
  });
});

describe('guardOutputs(h) asks sampled questions again: a heuristic must be a function of its arguments', () => {
  /** Calls the guarded heuristic on bids 0, 0.01, … cyclically `calls` times, or until it throws. */
  const drive = (h: Heuristic, calls: number) => {
    const guard = guardOutputs(h, 'priority', 3);
    let made = 0;
    try {
      for (; made < calls; made++) invoke(guard.heuristic, (made % 100) / 100, made % 2, 2);
    } catch {
      // the guard's own exception, after its failure is recorded
    }
    return { guard, made };
  };

  it('catches answers that alternate from call to call, naming the call and both answers', () => {
    let count = 0;
    const { guard, made } = drive(
      heuristic((bid: number) => (++count % 2 === 0 ? bid : bid + 1)),
      10_000,
    );
    expect(made).toBeLessThan(2_000);
    expect(guard.failure?.kind).toBe('inconsistent');
    expect(failureMessage(guard.failure!)).toMatch(
      /^priority\(0\.\d+, [01], 2\) returned [\d.]+ and, asked again later, [\d.]+; give the same answer to the same arguments: keep no state between calls that changes what you return$/,
    );
  });

  it('catches a rule that remembers the previous call, and finds it at the same call every time', () => {
    const remembering = () => {
      let previous = 0;
      return heuristic((bid: number) => {
        const answer = bid + previous;
        previous = bid;
        return answer;
      });
    };
    const first = drive(remembering(), 10_000);
    const second = drive(remembering(), 10_000);
    expect(first.guard.failure?.kind).toBe('inconsistent');
    expect(second.made).toBe(first.made);
    expect(second.guard.failure).toEqual(first.guard.failure);
  });

  it('accepts state that never changes an answer: a memo, and a heuristic that changes its input array', () => {
    const memo = new Map<number, number>();
    const memoised = drive(
      heuristic((bid: number) => {
        if (!memo.has(bid)) memo.set(bid, 2 * bid - 1);
        return memo.get(bid)!;
      }),
      10_000,
    );
    expect(memoised).toMatchObject({ made: 10_000, guard: { failure: null } });

    const guard = guardOutputs(
      heuristic((others: number[]) => {
        const first = others[0];
        others[0] = 99;
        return first;
      }),
      'rebate',
      3,
    );
    for (let k = 0; k < 5_000; k++) invoke(guard.heuristic, [k % 7, 1], 3, 1);
    expect(guard.failure).toBeNull();
  });

  it('costs about one extra call per 128', () => {
    let calls = 0;
    drive(
      heuristic((bid: number) => {
        calls++;
        return bid;
      }),
      12_800,
    );
    expect(calls - 12_800).toBeGreaterThanOrEqual(12_800 / 192);
    expect(calls - 12_800).toBeLessThanOrEqual(12_800 / 64);
  });

  it('records an exception of the question asked again as the failure', () => {
    const seen = new Set<number>();
    const guard = guardOutputs(
      heuristic((bid: number) => {
        if (seen.has(bid)) throw new RangeError('asked twice');
        seen.add(bid);
        return bid;
      }),
      'priority',
      3,
    );
    let made = 0;
    try {
      for (; made < 10_000; made++) invoke(guard.heuristic, made / 10_000, 0, 2);
    } catch {
      // the heuristic's exception, recorded first
    }
    expect(made).toBeLessThan(1_000);
    expect(guard.failure).toMatchObject({
      kind: 'threw',
      call: expect.stringMatching(/^priority\(0\.0\d+, 0, 2\)$/),
    });
    expect(failureMessage(guard.failure!)).toMatch(/threw RangeError: asked twice/);
  });
});
