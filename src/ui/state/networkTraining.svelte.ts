/**
 * The state of one network training for the run setup: what the worker
 * last reported (epoch, loss, penalty terms), whether it is scoring the
 * fixed network, and how it ended. Training itself runs in a worker
 * (src/platform/training.ts).
 */
import type { NetworkFile } from '../../core/nn/networkFile.ts';
import type { EpochReport } from '../../core/nn/train.ts';
import type { TrainingBackend } from '../../core/nn/trainingRequest.ts';
import type { TrainingRequest } from '../../core/nn/trainingRequest.ts';
import { trainInBrowser } from '../../platform/training.ts';

export type TrainingPhase = 'idle' | 'training' | 'evaluating' | 'cancelled' | 'failed';

/** Trains one network at a time, with its progress as reactive state. */
export class NetworkTraining {
  phase = $state<TrainingPhase>('idle');
  /** The last finished epoch's report, or null before the first. */
  last = $state.raw<EpochReport | null>(null);
  /** Why training failed, in one sentence. */
  error = $state<string | null>(null);
  #controller: AbortController | null = null;

  /** Whether a training is under way. */
  get busy(): boolean {
    return this.phase === 'training' || this.phase === 'evaluating';
  }

  /** Returns the trained network file, or null when training was cancelled or failed (see `phase`, `error`). */
  async train(request: TrainingRequest, backend: TrainingBackend): Promise<NetworkFile | null> {
    if (this.busy) return null;
    const controller = (this.#controller = new AbortController());
    this.phase = 'training';
    this.last = null;
    this.error = null;
    try {
      const network = await trainInBrowser(request, {
        backend,
        signal: controller.signal,
        onProgress: (progress) => {
          if (this.#controller !== controller) return;
          if (progress.type === 'epoch') this.last = progress.report;
          else this.phase = 'evaluating';
        },
      });
      this.phase = 'idle';
      return network;
    } catch (error) {
      if (controller.signal.aborted) {
        this.phase = 'cancelled';
      } else {
        this.phase = 'failed';
        this.error = `Training failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      return null;
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Stops the training under way; `train` then returns null. */
  cancel(): void {
    this.#controller?.abort();
  }
}
