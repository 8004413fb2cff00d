/**
 * The bare cost of a heuristic: its calls recorded during a fix and an
 * evaluation, then replayed in a tight loop on the same inputs (issue 8:
 * "the same heuristic calls alone, replayed on the same recorded inputs in
 * the same run", so the measure is not a loop the compiler folds away). The
 * replay hands array arguments over the way the fixes do — one array per
 * argument, rewritten before every call — and adds up the answers, so no
 * call can be skipped.
 */
import type { Heuristic } from '../src/core/problem.ts';

/** How one argument of the heuristic is recorded: a number, or an array of a fixed length. */
export type ArgumentShape = { readonly kind: 'number' } | { readonly kind: 'array'; readonly length: number };

/** The inputs of every call, flattened: call c's numbers are values[c·stride .. (c + 1)·stride). */
export interface Recording {
  readonly shape: readonly ArgumentShape[];
  readonly stride: number;
  readonly calls: number;
  readonly values: Float64Array;
}

/** Thrown by the recorder when the recording would exceed its budget of numbers. */
export class RecordingFull extends Error {
  override readonly name = 'RecordingFull';
}

/** Returns the shape of one call's arguments. */
function shapeOf(args: readonly unknown[]): ArgumentShape[] {
  return args.map((a) => (Array.isArray(a) ? { kind: 'array', length: a.length } : { kind: 'number' }));
}

/**
 * Returns `heuristic` wrapped so that every call's arguments are stored (at
 * most `budget` numbers; the call after that throws RecordingFull), and a
 * function that returns the recording so far.
 */
export function recordCalls(
  heuristic: Heuristic,
  budget: number,
): { readonly heuristic: Heuristic; readonly recording: () => Recording } {
  const call = heuristic as unknown as (...args: unknown[]) => unknown;
  let shape: ArgumentShape[] | null = null;
  let stride = 0;
  let values = new Float64Array(1024);
  let calls = 0;
  const recorder = (...args: unknown[]): unknown => {
    if (shape === null) {
      shape = shapeOf(args);
      stride = shape.reduce((sum, s) => sum + (s.kind === 'array' ? s.length : 1), 0);
    }
    const start = calls * stride;
    if (start + stride > budget) throw new RecordingFull(`more than ${budget} numbers of inputs`);
    if (start + stride > values.length) {
      const grown = new Float64Array(Math.min(budget, 2 * values.length + stride));
      grown.set(values);
      values = grown;
    }
    let at = start;
    for (let a = 0; a < shape.length; a++) {
      const s = shape[a];
      const arg = args[a];
      if (s.kind === 'number') values[at++] = arg as number;
      else for (let j = 0; j < s.length; j++) values[at++] = (arg as number[])[j];
    }
    calls++;
    return call(...args);
  };
  return {
    heuristic: recorder as unknown as Heuristic,
    recording: () => ({ shape: shape ?? [], stride, calls, values: values.subarray(0, calls * stride) }),
  };
}

/** Returns a fresh array of `length` doubles without holes. */
function packed(length: number): number[] {
  const array: number[] = [];
  for (let j = 0; j < length; j++) array.push(0);
  return array;
}

/**
 * Calls `heuristic` on every recorded input, in order, and returns the sum
 * of its numeric answers (which keeps every call alive). The loops are
 * specialised to the problems' shapes — (array), (array, number, number),
 * (number, number, number) — so the replay itself costs as little as it
 * can. Arrays are rewritten before each call; one whose length the
 * heuristic changed is replaced.
 */
export function replay(heuristic: Heuristic, recording: Recording): number {
  const kinds = recording.shape.map((s) => s.kind).join(',');
  if (kinds === 'array') return replayArray(heuristic, recording);
  if (kinds === 'array,number,number') return replayArrayNumbers(heuristic, recording);
  if (kinds === 'number,number,number') return replayNumbers(heuristic, recording);
  throw new RangeError(`no replay for arguments (${kinds})`);
}

function replayArray(heuristic: Heuristic, { stride, calls, values }: Recording): number {
  const call = heuristic as unknown as (a: number[]) => unknown;
  let array = packed(stride);
  let sum = 0;
  for (let c = 0, at = 0; c < calls; c++) {
    if (array.length !== stride) array = packed(stride);
    for (let j = 0; j < stride; j++) array[j] = values[at++];
    const answer = call(array);
    if (typeof answer === 'number') sum += answer;
  }
  return sum;
}

function replayArrayNumbers(heuristic: Heuristic, { stride, calls, values }: Recording): number {
  const call = heuristic as unknown as (a: number[], b: number, c: number) => unknown;
  const length = stride - 2;
  let array = packed(length);
  let sum = 0;
  for (let c = 0, at = 0; c < calls; c++, at += 2) {
    if (array.length !== length) array = packed(length);
    for (let j = 0; j < length; j++) array[j] = values[at++];
    const answer = call(array, values[at], values[at + 1]);
    if (typeof answer === 'number') sum += answer;
  }
  return sum;
}

function replayNumbers(heuristic: Heuristic, { calls, values }: Recording): number {
  const call = heuristic as unknown as (a: number, b: number, c: number) => unknown;
  let sum = 0;
  for (let c = 0, at = 0; c < calls; c++, at += 3) {
    const answer = call(values[at], values[at + 1], values[at + 2]);
    if (typeof answer === 'number') sum += answer;
  }
  return sum;
}
