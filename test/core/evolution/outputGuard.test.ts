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
