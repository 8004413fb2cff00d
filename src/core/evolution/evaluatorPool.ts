/**
 * The evaluator pool: a queue of candidates served by up to `size` hosts
 * (workers), each prepared once with the run's setup, each evaluation
 * raced against a hard time limit. A host that overruns or dies is
 * terminated and replaced by a fresh one; the candidate gets 'timeout' or
 * 'runtime-error'. Every host draws the same samples from the setup's seed,
 * so a result does not depend on which host computed it (drawing them
 * takes a few milliseconds per worker and run: cheaper than sending them).
 * Each candidate is one message with its code (and, for staged
 * evaluation, its screening request: screening.ts); its whole sample set
 * is scored inside the worker. A busy host is sent the next candidate
 * behind its own, so it never waits for a round trip between the two. How
 * a host is spawned (browser worker, Node thread or process, or a machine
 * elsewhere) is the caller's.
 */
import type { CandidateEvaluation, EvaluationSetup, EvaluatorPort } from './ports.ts';
import type { ScreenedOut, ScreeningRequest } from './screening.ts';

/** One worker as the pool drives it. */
export interface EvaluatorHost {
  prepare(setup: EvaluationSetup): Promise<void>;
  /** Resolves with the evaluation; rejects with a WorkerCrashError when the worker dies. */
  evaluate(code: string): Promise<CandidateEvaluation>;
  /** The staged evaluation (screening.ts); a host without it evaluates every candidate fully. */
  evaluateStaged?(
    code: string,
    screening: ScreeningRequest | null,
  ): Promise<CandidateEvaluation | ScreenedOut>;
  /** Stops the worker at once, busy or not. */
  terminate(): void;
}

/** The worker behind a host stopped (out of memory, an uncaught error, an exit); `message` says how. */
export class WorkerCrashError extends Error {
  override readonly name = 'WorkerCrashError';
}

/** Rejects what was asked of a pool after close(). */
export class EvaluatorClosedError extends Error {
  override readonly name = 'EvaluatorClosedError';
  constructor() {
    super('the evaluator was closed');
  }
}

/**
 * Returns a host that calls `remote` (a worker's API, every call a promise)
 * and rejects as soon as `stopped` does: a dead worker never answers.
 */
export function hostOf(
  remote: Omit<EvaluatorHost, 'terminate'>,
  stopped: Promise<never>,
  terminate: () => void,
): EvaluatorHost {
  stopped.catch(() => {}); // observed by the calls that race it
  const staged = remote.evaluateStaged?.bind(remote);
  return {
    prepare: (setup) => Promise.race([remote.prepare(setup), stopped]),
    evaluate: (code) => Promise.race([remote.evaluate(code), stopped]),
    ...(staged && { evaluateStaged: (code, screening) => Promise.race([staged(code, screening), stopped]) }),
    terminate,
  };
}

export interface EvaluatorPoolOptions {
  /** Hosts at most, spawned as the queue needs them. */
  readonly size: number;
  /** Hard limit on one evaluation, in milliseconds (preparation not included). */
  readonly timeoutMs: number;
  readonly spawn: () => EvaluatorHost;
  readonly setup: EvaluationSetup;
}

interface Job {
  readonly code: string;
  readonly screening: ScreeningRequest | null;
  readonly resolve: (evaluation: CandidateEvaluation) => void;
  readonly reject: (error: unknown) => void;
}

/** A job whose call has gone to a host: the worker runs it once the calls sent before have answered. */
interface Sent {
  readonly job: Job;
  readonly answer: Promise<CandidateEvaluation>;
}

interface Slot {
  readonly host: EvaluatorHost;
  readonly ready: Promise<void>;
  /** The job the worker is running. */
  running: Sent | null;
  /** The job sent behind it, so the worker starts it without waiting for a round trip. */
  next: Sent | null;
}

/** How one evaluation on one host ended. */
type Outcome =
  | { readonly kind: 'done'; readonly evaluation: CandidateEvaluation }
  | { readonly kind: 'lost'; readonly evaluation: CandidateEvaluation }
  /** MechLab's own error, not the candidate's: the candidate's promise rejects, the host is kept. */
  | { readonly kind: 'failed'; readonly error: unknown };

/** Returns the evaluation of a candidate the pool had to stop or lost with its worker. */
function stopped(
  status: 'timeout' | 'runtime-error',
  message: string,
  milliseconds: number,
): CandidateEvaluation {
  return {
    status,
    error: { reason: status, message },
    score: null,
    standardError: null,
    metrics: [],
    verification: null,
    evaluationMilliseconds: milliseconds,
  };
}

/** Returns the timeout message for a limit of `timeoutMs`. */
function timeoutMessage(timeoutMs: number): string {
  return (
    `evaluation took longer than ${timeoutMs / 1000} s (an endless loop, or code too slow); ` +
    'make every loop end, and keep each call fast: the heuristic is called thousands of times'
  );
}

/** Returns true for what a host rejects with when its worker died. */
function isCrash(error: unknown): error is WorkerCrashError {
  return error instanceof Error && error.name === 'WorkerCrashError';
}

/** Sends `job` to `host`: the call is on its way, its answer not yet awaited. */
function send(host: EvaluatorHost, job: Job): Sent {
  const answer =
    job.screening !== null && host.evaluateStaged
      ? host.evaluateStaged(job.code, job.screening)
      : host.evaluate(job.code);
  answer.catch(() => {}); // a job sent behind one that is lost is sent again elsewhere
  return { job, answer };
}

/**
 * Waits for the answer to `sent`, which the worker is running now, against
 * the time limit (counted from now: the worker runs its calls one at a
 * time); never rejects.
 */
async function outcomeOf(sent: Sent, timeoutMs: number): Promise<Outcome> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  try {
    const evaluation = await Promise.race([sent.answer, timedOut]);
    if (evaluation !== null) return { kind: 'done', evaluation };
    const elapsed = performance.now() - started;
    return { kind: 'lost', evaluation: stopped('timeout', timeoutMessage(timeoutMs), elapsed) };
  } catch (error) {
    if (!isCrash(error)) return { kind: 'failed', error };
    const elapsed = performance.now() - started;
    return { kind: 'lost', evaluation: stopped('runtime-error', error.message, elapsed) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Returns an EvaluatorPort that evaluates candidates on up to `size` hosts
 * from `spawn`, in the order asked. A candidate goes to the first host that
 * is prepared and free, never to one still starting while another is free
 * (a Node worker takes about half a second to start; bench/run.ts part 3).
 * Once every host is prepared and busy, each is sent one more candidate
 * behind the one it runs, so that it goes on without waiting for the round
 * trip of a message (a large share of a cheap candidate's time); its time
 * limit starts when the one before answers. A candidate that overruns
 * `timeoutMs` resolves as 'timeout', one whose worker dies as
 * 'runtime-error'; the host is replaced at once, and the candidate sent
 * behind it, which never started, is asked again first. A host whose
 * preparation fails rejects the next candidate with that error (MechLab's
 * fault, not the candidate's) and is dropped.
 */
export function createEvaluatorPool(options: EvaluatorPoolOptions): EvaluatorPort {
  const { size, timeoutMs, spawn, setup } = options;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`size must be a whole number ≥ 1, got ${size}`);
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const queue: Job[] = [];
  const slots = new Set<Slot>();
  /** Prepared hosts with nothing to do. */
  const idle: Slot[] = [];
  /** Prepared hosts running a job with none sent behind it. */
  const roomBehind: Slot[] = [];
  let starting = 0;
  let closed = false;

  /** Spawns a host; it joins `idle` once prepared, or rejects the next candidate if it cannot be. */
  const open = (): void => {
    const host = spawn();
    const ready = host.prepare(setup);
    const slot: Slot = { host, ready, running: null, next: null };
    slots.add(slot);
    starting++;
    ready.then(
      () => {
        starting--;
        if (!slots.has(slot)) return; // closed meanwhile
        idle.push(slot);
        dispatch();
      },
      (error: unknown) => {
        starting--;
        if (!slots.has(slot)) return;
        retire(slot);
        queue.shift()?.reject(error);
        dispatch();
      },
    );
  };
  const retire = (slot: Slot) => {
    slots.delete(slot);
    slot.host.terminate();
  };

  /** Waits for the job `slot` runs, settles it, and starts the one sent behind it. */
  const follow = async (slot: Slot, sent: Sent) => {
    slot.running = sent;
    const outcome = await outcomeOf(sent, timeoutMs);
    if (closed) return; // close() has settled the jobs and stopped the host
    slot.running = null;
    const behind = slot.next;
    slot.next = null;
    if (outcome.kind === 'failed') sent.job.reject(outcome.error);
    else sent.job.resolve(outcome.evaluation);
    remove(roomBehind, slot);
    if (outcome.kind !== 'lost') {
      if (behind) {
        roomBehind.push(slot);
        void follow(slot, behind);
      } else idle.push(slot);
    } else {
      retire(slot);
      // The job sent behind never started: it goes first to the next free host.
      if (behind) queue.unshift(behind.job);
      // A lost host is replaced at once, so the next candidate finds it prepared.
      open();
    }
    dispatch();
  };

  const dispatch = () => {
    while (queue.length > 0 && idle.length > 0) {
      const slot = idle.pop() as Slot;
      roomBehind.push(slot);
      void follow(slot, send(slot.host, queue.shift() as Job));
    }
    // More hosts only for candidates that the hosts already starting will not take.
    while (queue.length > starting && slots.size < size) open();
    // At full strength, each busy host gets the next candidate behind its own.
    if (starting > 0 || slots.size < size) return;
    while (queue.length > 0 && roomBehind.length > 0) {
      const slot = roomBehind.shift() as Slot;
      slot.next = send(slot.host, queue.shift() as Job);
    }
  };

  const enqueue = (code: string, screening: ScreeningRequest | null): Promise<CandidateEvaluation> => {
    if (closed) return Promise.reject(new EvaluatorClosedError());
    return new Promise<CandidateEvaluation>((resolve, reject) => {
      queue.push({ code, screening, resolve, reject });
      dispatch();
    });
  };

  return {
    // Without a screening request nothing is screened out: the result is a full evaluation.
    evaluate: (code, screening = null) => enqueue(code, screening),
    close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new EvaluatorClosedError());
      for (const slot of slots) {
        slot.running?.job.reject(new EvaluatorClosedError());
        slot.next?.job.reject(new EvaluatorClosedError());
        slot.host.terminate();
      }
      slots.clear();
      idle.length = 0;
      roomBehind.length = 0;
      return Promise.resolve();
    },
  };
}

/** Removes `item` from `list` if it is there. */
function remove<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
