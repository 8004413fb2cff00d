/**
 * The recheck: a heuristic must be a function of its arguments. The fixes
 * guarantee strategy-proofness for functions (mechanism-notes §1–3); a
 * heuristic that keeps state between calls can answer one question
 * differently in two profiles, and the mechanism it yields is then not
 * strategy-proof (vcg-redistribution/fix.ts says so). The output guard
 * samples about one call in `recheckPeriod`, keeps its arguments (copied
 * before the call) and answer, and at each later sample asks one kept
 * question again: a different answer is the candidate's failure, with both
 * answers in the message. Counters, generators in state and rules that
 * remember the previous call are caught within a few samples; state that
 * never changes an answer (a memo table) is fine, and so passes. A sampled
 * check, not a proof: the verifier and `mechlab outcomes` remain.
 */

/** Calls between two samples, on average (the cost is one extra call per sample). */
export const recheckPeriod = 128;

/** Questions kept for asking again. */
const keptQuestions = 8;

/** What asking a kept question again gave. */
export type Recheck =
  | { readonly kind: 'same' }
  | {
      readonly kind: 'different';
      readonly args: readonly unknown[];
      readonly first: number;
      readonly again: unknown;
    }
  | { readonly kind: 'threw'; readonly args: readonly unknown[]; readonly error: unknown };

/** Returns a copy of `args` in which arrays are copied element by element (the heuristic may change its inputs). */
export function copyArguments(args: readonly unknown[]): unknown[] {
  return args.map((arg) => {
    if (!Array.isArray(arg)) return arg;
    const copy = new Array<unknown>(arg.length);
    for (let i = 0; i < arg.length; i++) copy[i] = arg[i];
    return copy;
  });
}

export class AnswerRecheck {
  readonly #call: (...args: unknown[]) => unknown;
  readonly #asked: { readonly args: readonly unknown[]; readonly answer: number }[] = [];
  #slot = 0;
  /** A fixed xorshift sequence: the same calls are sampled in every evaluation of the same code. */
  #state = 0x9e3779b9;

  constructor(call: (...args: unknown[]) => unknown) {
    this.#call = call;
  }

  #random(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state;
  }

  /** Returns how many calls to make before the next sample: between half and one and a half periods. */
  gap(): number {
    return recheckPeriod / 2 + (this.#random() % recheckPeriod);
  }

  /**
   * Keeps the sampled question `args` (copied before its call) with its
   * `answer`, and asks one question kept earlier again, with fresh copies
   * of its arguments. Returns what that gave.
   */
  record(args: readonly unknown[], answer: number): Recheck {
    let result: Recheck = { kind: 'same' };
    if (this.#asked.length > 0) {
      const question = this.#asked[this.#random() % this.#asked.length];
      try {
        const again = this.#call(...copyArguments(question.args));
        if (!Object.is(again, question.answer))
          result = { kind: 'different', args: question.args, first: question.answer, again };
      } catch (error) {
        result = { kind: 'threw', args: question.args, error };
      }
    }
    const entry = { args, answer };
    if (this.#asked.length < keptQuestions) this.#asked.push(entry);
    else this.#asked[this.#slot++ % keptQuestions] = entry;
    return result;
  }
}
