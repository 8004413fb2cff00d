/**
 * Training behind two calls, as the training worker exposes it: train one
 * network, and cancel it from another message. If the wasm backend cannot
 * start (no WebAssembly, or its binary failed to load), training falls
 * back to the cpu backend; the file records the backend that ran.
 */
import { abortError } from './abort.ts';
import type { NetworkFile } from './networkFile.ts';
import type { EpochReport } from './train.ts';
import type { TrainingBackend } from './trainingRequest.ts';
import { trainProblemNetwork } from './trainProblemNetwork.ts';
import type { TrainingRequest } from './trainingRequest.ts';

/** What training reports as it goes: after each epoch, and when it starts scoring the fixed network. */
export type TrainingProgress =
  { readonly type: 'epoch'; readonly report: EpochReport } | { readonly type: 'evaluating' };

export interface TrainingSession {
  /** Trains the network of `request` on `backend`; rejects with an AbortError after cancel(). */
  train(
    request: TrainingRequest,
    backend: TrainingBackend,
    onProgress?: (progress: TrainingProgress) => void,
  ): Promise<NetworkFile>;
  /** Stops the training in progress at its next step. */
  cancel(): void;
}

/** Returns whether `error` says the backend failed to start (as opposed to training failing). */
function backendFailed(error: unknown): boolean {
  return error instanceof Error && /TensorFlow\.js backend/.test(error.message);
}

/** Returns a session; one training at a time. */
export function trainingSession(): TrainingSession {
  let controller: AbortController | null = null;
  return {
    async train(request, backend, onProgress) {
      if (controller) throw new Error('a network is already being trained in this session');
      controller = new AbortController();
      const options = {
        signal: controller.signal,
        onEpoch: (report: EpochReport) => onProgress?.({ type: 'epoch', report }),
        onEvaluating: () => onProgress?.({ type: 'evaluating' }),
      };
      try {
        try {
          return await trainProblemNetwork(request, { ...options, backend });
        } catch (error) {
          if (backend !== 'wasm' || !backendFailed(error)) throw error;
          return await trainProblemNetwork(request, { ...options, backend: 'cpu' });
        }
      } finally {
        controller = null;
      }
    },
    cancel() {
      controller?.abort(abortError());
    },
  };
}
