/**
 * The one interface every language-model backend implements (core's
 * ModelPort, named here as src/llm names it) and the errors backends throw.
 * The engine lives in src/core and cannot import these classes, so it tells
 * them apart by `name`, which each class sets: 'ModelUnavailableError',
 * 'GenerationError', 'ScriptExhaustedError' and the DOM's 'AbortError'.
 */
export type { ModelPort as LlmBackend, GenerateRequest, GenerateResult } from '../core/evolution/ports.ts';
export type { ChatMessage, Usage } from '../core/evolution/record.ts';

/** The model cannot be used at all (not loaded, not on the server, badly configured): fix the setup first. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
}

/** One generation failed (server error, broken stream); the model may work if asked again. */
export class GenerationError extends Error {
  override readonly name = 'GenerationError';
}

/** The scripted backend has replayed every reply it was given: the run is over, not broken. */
export class ScriptExhaustedError extends Error {
  override readonly name = 'ScriptExhaustedError';

  /** How many replies the script held. */
  readonly given: number;

  constructor(given: number) {
    super(
      `the scripted backend has no more replies (${given} ${given === 1 ? 'was' : 'were'} given): ` +
        'start a new run, or give it more replies',
    );
    this.given = given;
  }
}

/**
 * Returns the error a generation stopped by its AbortSignal rejects with: a
 * DOMException named 'AbortError', as fetch's, whatever reason the caller
 * passed to abort() (ModelPort promises exactly this name).
 */
export function abortError(): DOMException {
  return new DOMException(
    'the generation was stopped by its caller (aborted); ask again to get a reply',
    'AbortError',
  );
}

/** Throws abortError() if `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/**
 * Resolves with `promise`, or rejects with abortError() as soon as `signal`
 * aborts, after running `onAbort` (e.g. to stop the work the promise waits for).
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => void = () => {},
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort();
      reject(abortError());
    };
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Returns whether `error` is an abort (by name, so it works across realms and for DOMException). */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
