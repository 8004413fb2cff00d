/**
 * The output guard: wraps a compiled heuristic so that the first call that
 * throws, that returns anything but a finite number, or that answers a
 * question it was asked before differently (sampled, see answerRecheck.ts),
 * is recorded with the arguments that produced it. The problems would
 * quietly treat such output as their neutral value; a search needs to know,
 * and a repair prompt needs the failing call. Returned values are inspected
 * with `typeof` only, so no `valueOf` or `toString` of the heuristic's
 * objects ever runs.
 */
import type { Heuristic } from '../problem.ts';
import { AnswerRecheck, copyArguments, type Recheck } from '../sandbox/answerRecheck.ts';
import { isSandboxViolation } from '../sandbox/propertyKey.ts';

/** The first failure of a guarded heuristic: the call, as text, and what went wrong. */
export type GuardedFailure =
  | { readonly kind: 'threw'; readonly call: string; readonly error: unknown }
  | { readonly kind: 'returned'; readonly call: string; readonly value: string }
  | { readonly kind: 'inconsistent'; readonly call: string; readonly first: string; readonly again: string };

export interface OutputGuard {
  /** The guarded heuristic, to hand to the problem's fix. */
  readonly heuristic: Heuristic;
  /** The first failure, or null while every call has returned a finite number. */
  readonly failure: GuardedFailure | null;
}

/** Thrown after a non-finite output, to abandon the fix: the candidate has failed already. */
const abandon = Object.freeze({ name: 'OutputGuardAbandon' });

/** Array elements and string characters shown in a call before `…`. */
const shownElements = 8;
const shownCharacters = 40;

/** Returns `x` as JavaScript would write it, keeping the sign of −0. */
function numberText(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** Returns `text` cut to `limit` characters, quoted. */
function quoted(text: string, limit: number): string {
  return JSON.stringify(text.length > limit ? `${text.slice(0, limit)}…` : text);
}

/** Returns an argument as it would be written in a call: numbers, number arrays, short strings. */
function argumentText(value: unknown): string {
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return quoted(value, shownCharacters);
  if (Array.isArray(value)) {
    const shown = value
      .slice(0, shownElements)
      .map((x: unknown) => (typeof x === 'number' ? numberText(x) : typeof x));
    return `[${shown.join(', ')}${value.length > shownElements ? ', …' : ''}]`;
  }
  return value === null ? 'null' : typeof value;
}

/**
 * Returns the call `name(args…)` as text. Reading a candidate's arrays can
 * run code it installed, so a failure here gives the call without arguments.
 */
export function callText(name: string, args: readonly unknown[]): string {
  try {
    return `${name}(${args.map(argumentText).join(', ')})`;
  } catch {
    return `${name}(…)`;
  }
}

/** Returns what a value is, for "returned …": `NaN`, `undefined`, `the string "x"`, `an object`. */
export function valueText(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `the BigInt ${value}n`;
    case 'string':
      return `the string ${quoted(value, shownCharacters)}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
  }
}

/** Messages of allocation failures, which mean the heuristic asked for too much memory. */
const allocationFailure =
  /allocation failed|invalid (typed )?array length|invalid string length|out of memory/i;

/**
 * Returns a thrown value as `Name: message`, reading only string
 * properties (a thrown object's getters may throw in turn).
 */
export function errorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return valueText(error);
  try {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const title = typeof name === 'string' && name !== '' ? name : 'an object';
    const text = typeof message === 'string' && message !== '' ? `: ${message}` : '';
    return `${title}${text}`.slice(0, 300);
  } catch {
    return 'an object';
  }
}

/** Returns what the model is told about `failure`: the call, what happened, what to do. */
export function failureMessage(failure: GuardedFailure): string {
  if (failure.kind === 'returned') {
    return `${failure.call} returned ${failure.value}; return a finite number for every input`;
  }
  if (failure.kind === 'inconsistent') {
    return (
      `${failure.call} returned ${failure.first} and, asked again later, ${failure.again}; ` +
      'give the same answer to the same arguments: keep no state between calls that changes what you return'
    );
  }
  const thrown = errorText(failure.error);
  const advice = isSandboxViolation(failure.error)
    ? 'the sandbox refuses it: compute the result from the parameters only'
    : allocationFailure.test(thrown)
      ? 'it ran out of memory: allocate less (smaller tables, no arrays sized by a large constant)'
      : 'return a number for every input instead of throwing';
  return `${failure.call} threw ${thrown}; ${advice}`;
}

/**
 * Returns a guard around `heuristic`, which takes `arity` arguments and is
 * named `name` in messages. Exceptions pass through after being recorded;
 * the first non-finite output, or the first answer that differs from an
 * earlier answer to the same arguments, is recorded and then stops the
 * caller with an exception of the guard's own. Arguments are shown as they
 * are after the call (a heuristic that changes its input array shows the
 * changed array), those of a recheck as they were asked.
 */
export function guardOutputs(heuristic: Heuristic, name: string, arity: number): OutputGuard {
  const call = heuristic as unknown as (...args: unknown[]) => unknown;
  const recheck = new AnswerRecheck(call);
  let untilSample = recheck.gap();
  let failure: GuardedFailure | null = null;
  const threw = (error: unknown, args: readonly unknown[]) => {
    failure ??= { kind: 'threw', call: callText(name, args.slice(0, arity)), error };
  };
  const checked = (value: unknown, args: unknown[]): number => {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    failure ??= { kind: 'returned', call: callText(name, args.slice(0, arity)), value: valueText(value) };
    throw abandon;
  };
  const rechecked = (result: Recheck) => {
    if (result.kind === 'same') return;
    if (result.kind === 'threw') {
      threw(result.error, result.args);
      throw result.error;
    }
    const call = callText(name, result.args.slice(0, arity));
    failure ??= {
      kind: 'inconsistent',
      call,
      first: numberText(result.first),
      again: valueText(result.again),
    };
    throw abandon;
  };
  /** Runs one sampled call: its arguments are kept for a recheck, and a kept question is asked again. */
  const sampled = (args: unknown[]): number => {
    untilSample = recheck.gap();
    const question = copyArguments(args);
    let value: unknown;
    try {
      value = call(...args);
    } catch (error) {
      threw(error, args);
      throw error;
    }
    const answer = checked(value, args);
    rechecked(recheck.record(question, answer));
    return answer;
  };
  // Fixed parameters where they suffice: a rest parameter costs 10–20 % on
  // vcg-redistribution, whose evaluation makes about 4 million calls.
  const guarded =
    arity <= 3
      ? (a: unknown, b: unknown, c: unknown): number => {
          if (--untilSample === 0) return sampled([a, b, c]);
          let value: unknown;
          try {
            value = call(a, b, c);
          } catch (error) {
            threw(error, [a, b, c]);
            throw error;
          }
          return checked(value, [a, b, c]);
        }
      : (...args: unknown[]): number => {
          if (--untilSample === 0) return sampled(args);
          let value: unknown;
          try {
            value = call(...args);
          } catch (error) {
            threw(error, args);
            throw error;
          }
          return checked(value, args);
        };
  return {
    heuristic: guarded as unknown as Heuristic,
    get failure() {
      return failure;
    },
  };
}
