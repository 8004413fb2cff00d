/**
 * Network training in the browser (NNA-AMD-LLM): workers/train.worker.ts
 * as a module worker, driven through comlink, with progress after every
 * epoch and cancellation through an AbortSignal. The page stays responsive:
 * all tensor work happens in the worker.
 */
import { proxy, wrap } from 'comlink';
import type { NetworkFile } from '../core/nn/networkFile.ts';
import type { TrainingBackend } from '../core/nn/trainingRequest.ts';
import type { TrainingRequest } from '../core/nn/trainingRequest.ts';
import { abortError } from '../core/nn/abort.ts';
import type { TrainingProgress, TrainingSession } from '../core/nn/trainingSession.ts';

export type { TrainingProgress } from '../core/nn/trainingSession.ts';

/** The backend used unless one is asked for: wasm, the fastest measured in a browser worker (docs/nn-assisted.md). */
export const defaultBrowserBackend: TrainingBackend = 'wasm';

export interface BrowserTrainingOptions {
  readonly backend?: TrainingBackend;
  /** Aborting stops training at its next step; the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

/** The worker stopped without answering (out of memory, an uncaught error). */
export class TrainingWorkerError extends Error {
  override readonly name = 'TrainingWorkerError';
}

/**
 * Trains the network of `request` in a fresh worker and returns the network
 * file (weights, history, the fixed network's evaluation). The worker is
 * terminated when training ends, fails or is cancelled.
 */
export async function trainInBrowser(
  request: TrainingRequest,
  options: BrowserTrainingOptions = {},
): Promise<NetworkFile> {
  const { signal } = options;
  if (signal?.aborted) throw abortError();
  const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module' });
  const session = wrap<TrainingSession>(worker);
  let onAbort = () => {};
  const stopped = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new TrainingWorkerError(`the training worker stopped (${event.message || 'no reason given'})`));
    });
    // The worker stops at its next step; if it is stuck in one, terminating it below ends it anyway.
    onAbort = () => {
      void session.cancel();
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  stopped.catch(() => {}); // observed by the race below
  const report = proxy((progress: TrainingProgress) => options.onProgress?.(progress));
  try {
    return await Promise.race([
      session.train(request, options.backend ?? defaultBrowserBackend, report),
      stopped,
    ]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}
