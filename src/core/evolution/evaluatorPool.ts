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
 * is scored inside the worker. How a host is spawned (browser worker, Node
 * thread or process, or a machine elsewhere) is the caller's.
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

interface Slot {
  readonly host: EvaluatorHost;
  readonly ready: Promise<void>;
  job: Job | null;
}

/** How one evaluation on one host ended. */
type Outcome =
  | { readonly kind: 'done'; readonly evaluation: CandidateEvaluation }
  | { readonly kind: 'lost'; readonly evaluation: CandidateEvaluation }
  | { readonly kind: 'failed'; readonly error: unknown; readonly keep: boolean };

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

/** Runs the job's code on `slot` against the time limit; never rejects. */
async function attempt(slot: Slot, job: Job, timeoutMs: number): Promise<Outcome> {
  try {
    await slot.ready;
  } catch (error) {
    return { kind: 'failed', error, keep: false };
  }
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  try {
    const { host } = slot;
    const run =
      job.screening !== null && host.evaluateStaged
        ? host.evaluateStaged(job.code, job.screening)
        : host.evaluate(job.code);
    const evaluation = await Promise.race([run, timedOut]);
    if (evaluation !== null) return { kind: 'done', evaluation };
    const elapsed = performance.now() - started;
    return { kind: 'lost', evaluation: stopped('timeout', timeoutMessage(timeoutMs), elapsed) };
  } catch (error) {
    if (!isCrash(error)) return { kind: 'failed', error, keep: true };
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
 * A candidate that overruns `timeoutMs` resolves as 'timeout', one whose
 * worker dies as 'runtime-error'; the host is replaced at once. A host
 * whose preparation fails rejects the next candidate with that error
 * (MechLab's fault, not the candidate's) and is dropped.
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
  let starting = 0;
  let closed = false;

  /** Spawns a host; it joins `idle` once prepared, or rejects the next candidate if it cannot be. */
  const open = (): void => {
    const host = spawn();
    const ready = host.prepare(setup);
    const slot: Slot = { host, ready, job: null };
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

  const run = async (slot: Slot, job: Job) => {
    slot.job = job;
    const outcome = await attempt(slot, job, timeoutMs);
    slot.job = null;
    if (closed) return; // close() has settled the job and stopped the host
    if (outcome.kind === 'failed') job.reject(outcome.error);
    else job.resolve(outcome.evaluation);
    if (outcome.kind === 'done' || (outcome.kind === 'failed' && outcome.keep)) {
      idle.push(slot);
    } else {
      retire(slot);
      // A lost host is replaced at once, so the next candidate finds it prepared.
      if (outcome.kind === 'lost') open();
    }
    dispatch();
  };

  const dispatch = () => {
    while (queue.length > 0 && idle.length > 0) void run(idle.pop() as Slot, queue.shift() as Job);
    // More hosts only for candidates that the hosts already starting will not take.
    while (queue.length > starting && slots.size < size) open();
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
        slot.job?.reject(new EvaluatorClosedError());
        slot.host.terminate();
      }
      slots.clear();
      idle.length = 0;
      return Promise.resolve();
    },
  };
}
