/**
 * The inspector's worker: workers/inspect.worker.ts, separate from the
 * evaluator pool so that inspecting a candidate never waits for the run, nor
 * the run for it. Candidate code runs only there. Requests are served one
 * at a time, each against a time limit; a worker that overruns or dies is
 * terminated, the request fails with a message that says so, and the next
 * request starts a fresh worker.
 */
import { wrap, type Remote } from 'comlink';
import type { Inspection, InspectionSession } from '../core/evolution/inspectCandidate.ts';
import type { EvaluationSetup } from '../core/evolution/ports.ts';

/** One inspection worker as the inspector drives it. */
export interface InspectorHost {
  readonly remote: Remote<InspectionSession>;
  /** Rejects when the worker dies; never resolves. */
  readonly stopped: Promise<never>;
  terminate(): void;
}

/** A request to the inspector failed: the worker overran its time, died, or the inspector was closed. */
export class InspectorError extends Error {
  override readonly name = 'InspectorError';
}

export interface CandidateInspector {
  /** Returns the plots and the fix comparison of `code`, or why the code cannot be inspected. */
  inspect(code: string): Promise<Inspection>;
  /** Stops the worker; pending and later requests reject. */
  close(): void;
}

/** Returns a host running one fresh browser worker. */
export function spawnBrowserInspector(): InspectorHost {
  const worker = new Worker(new URL('../../workers/inspect.worker.ts', import.meta.url), { type: 'module' });
  const stopped = new Promise<never>((_, reject) => {
    const fail = (event: ErrorEvent | MessageEvent) => {
      event.preventDefault();
      const detail = event instanceof ErrorEvent ? event.message : 'a message could not be read';
      reject(
        new InspectorError(`the inspection worker stopped unexpectedly (${detail || 'no reason given'})`),
      );
    };
    worker.addEventListener('error', fail, { once: true });
    worker.addEventListener('messageerror', fail, { once: true });
  });
  stopped.catch(() => {}); // observed by the requests that race it
  return { remote: wrap<InspectionSession>(worker), stopped, terminate: () => worker.terminate() };
}

export interface InspectorOptions {
  /** Hard limit on one request, in milliseconds, preparation included. */
  readonly timeoutMs: number;
  readonly spawn?: () => InspectorHost;
}

/** Returns an inspector for the run prepared with `setup`. */
export function createInspector(setup: EvaluationSetup, options: InspectorOptions): CandidateInspector {
  const spawn = options.spawn ?? spawnBrowserInspector;
  let host: { host: InspectorHost; ready: Promise<void> } | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const current = () => {
    if (host === null) {
      const fresh = spawn();
      host = { host: fresh, ready: fresh.remote.prepare(setup) };
    }
    return host;
  };
  const drop = () => {
    host?.host.terminate();
    host = null;
  };

  /** Inspects `code` on the worker once earlier requests are done, against the time limit. */
  const inspect = (code: string): Promise<Inspection> => {
    const run = async (): Promise<Inspection> => {
      if (closed) throw new InspectorError('the inspector was closed');
      const { host: active, ready } = current();
      const retire = () => {
        if (host?.host === active) drop();
      };
      const died = active.stopped.catch((error: unknown) => {
        retire();
        throw error;
      });
      died.catch(() => {}); // a worker may die after its last request
      let timer: ReturnType<typeof setTimeout> | undefined;
      const overrun = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          retire();
          const seconds = options.timeoutMs / 1000;
          reject(
            new InspectorError(
              `inspecting this candidate took longer than ${seconds} s and was stopped: the heuristic may loop forever or be very slow`,
            ),
          );
        }, options.timeoutMs);
      });
      try {
        // comlink types the union result as a union of promises; it is one promise of the union.
        const answer = ready.then((): Promise<Inspection> => active.remote.inspect(code));
        return await Promise.race([answer, died, overrun]);
      } finally {
        clearTimeout(timer);
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => {});
    return result;
  };

  return {
    inspect,
    close() {
      closed = true;
      drop();
    },
  };
}
