/**
 * What one program of the hostile corpus is: what it tries, the problem it
 * is written for, its code (or a whole reply) and the status and reason
 * its candidate must be recorded with. Builders for the three heuristics.
 */
import type { ProblemId } from '../../../src/core/problem.ts';
import type { CandidateStatus } from '../../../src/core/evolution/record.ts';

/** A status the evaluation gives ('duplicate' is the run's verdict on top of it, not the code's). */
export type EvaluatedStatus = Exclude<CandidateStatus, 'duplicate'>;

export interface Expectation {
  readonly status: EvaluatedStatus;
  /** Matched against the recorded error message (failures) — a status alone could hide the wrong failure. */
  readonly reason?: RegExp;
}

export interface HostileProgram {
  readonly id: string;
  readonly category: string;
  /** What the program tries, in a few words. */
  readonly tries: string;
  readonly problem: ProblemId;
  /** The heuristic's source; the model's reply is this in a javascript fence, unless `reply` is given. */
  readonly code: string;
  /** The whole reply, for programs about what a reply may look like. */
  readonly reply?: string;
  readonly expect: Expectation;
  /**
   * In Node, a time limit other than the corpus's (1 s), in milliseconds:
   * memory that grows step by step takes V8 a few seconds of garbage
   * collection to give up on at the heap limit, more on a loaded machine.
   * Browsers have no heap limit per worker, so there the corpus's limit holds.
   */
  readonly timeLimitMs?: number;
  /** What to expect in a browser where it differs: there workers have no heap limit of their own. */
  readonly browser?: Expectation;
}

/** A program as its category file writes it. */
export type ProgramSpec = Omit<HostileProgram, 'category'>;

/** Returns `specs` labelled with their category. */
export function group(category: string, specs: readonly ProgramSpec[]): HostileProgram[] {
  return specs.map((spec) => ({ ...spec, category }));
}

/** Returns `function priority(bid, bidder, n) { body }` (single-item-revenue). */
export const priority = (body: string): string => `function priority(bid, bidder, n) {\n  ${body}\n}`;

/** Returns `function rebate(others, n, m) { body }` (vcg-redistribution). */
export const rebate = (body: string): string => `function rebate(others, n, m) {\n  ${body}\n}`;

/** Returns `function allocate(bids) { body }` (correlated-revenue). */
export const allocate = (body: string): string => `function allocate(bids) {\n  ${body}\n}`;

/** Reasons shared by many programs. */
export const reasons = {
  timeout: /took longer than [\d.]+ s \(an endless loop, or code too slow\)/,
  stack: /threw RangeError: Maximum call stack size exceeded/,
  outOfMemory: /ran out of memory \(heap limit \d+ MB\)/,
  allocation: /threw RangeError: Invalid (typed )?array length.*it ran out of memory: allocate less/,
  violation: (key: string) =>
    new RegExp(
      `threw SandboxViolation: access to \`${key}\` \\(a key computed at run time\\) is not allowed.*the sandbox refuses it`,
    ),
  frozen:
    /threw TypeError: Cannot (assign to read only property|add property \w+, object is not extensible|define property \w+, object is not extensible|redefine property)/,
  unavailable: (name: string) => new RegExp(`\`${name}\` is not available to heuristics`),
  topLevel: /the program's top-level code threw/,
};
