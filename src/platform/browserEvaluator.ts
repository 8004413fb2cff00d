/**
 * Evaluation workers in the browser: workers/evaluate.worker.ts as a module
 * worker, driven through comlink. A browser gives a worker no heap limit of
 * its own: a candidate that exhausts memory may take the tab's renderer down
 * with it, or make the worker fail with an error event, which this host
 * reports; a worker that simply falls silent is caught by the pool's timer.
 */
import { wrap } from 'comlink';
import {
  createEvaluatorPool,
  hostOf,
  WorkerCrashError,
  type EvaluatorHost,
} from '../core/evolution/evaluatorPool.ts';
import type { EvaluationSetup, EvaluatorPort } from '../core/evolution/ports.ts';
import type { EvaluationWorkerApi } from '../../workers/protocol.ts';

/** Returns the crash for a worker's error event; out of memory when its message says so. */
function crashOf(event: ErrorEvent | MessageEvent): WorkerCrashError {
  const detail = event instanceof ErrorEvent ? event.message : 'a message could not be read';
  return new WorkerCrashError(
    /out of memory|allocation failed/i.test(detail)
      ? 'the worker ran out of memory: allocate less, e.g. smaller tables, no arrays sized by a large constant'
      : `the worker stopped unexpectedly (${detail || 'no reason given'})`,
  );
}

/** Returns a host running one fresh evaluation worker. */
export function spawnBrowserEvaluator(): EvaluatorHost {
  const worker = new Worker(new URL('../../workers/evaluate.worker.ts', import.meta.url), { type: 'module' });
  const stopped = new Promise<never>((_, reject) => {
    const fail = (event: ErrorEvent | MessageEvent) => {
      event.preventDefault();
      reject(crashOf(event));
    };
    worker.addEventListener('error', fail, { once: true });
    worker.addEventListener('messageerror', fail, { once: true });
  });
  return hostOf(wrap<EvaluationWorkerApi>(worker), stopped, () => worker.terminate());
}

/** Returns the default number of workers: the logical cores, at most 4. */
export function browserPoolSize(): number {
  return Math.min(navigator.hardwareConcurrency || 1, 4);
}

/** Returns an evaluator with `size` browser workers (default browserPoolSize()) for `setup`. */
export function createBrowserEvaluator(
  setup: EvaluationSetup,
  options: { readonly timeoutMs: number; readonly size?: number },
): EvaluatorPort {
  return createEvaluatorPool({
    size: options.size ?? browserPoolSize(),
    timeoutMs: options.timeoutMs,
    spawn: spawnBrowserEvaluator,
    setup,
  });
}
