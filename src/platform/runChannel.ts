/**
 * How the tab that runs a run tells the tabs that show it read-only that
 * its records changed: a BroadcastChannel message with the run's id, at
 * most a few times a second. The message carries no records; readers load
 * what is new from IndexedDB, where it is already committed.
 */

const channelName = 'mechlab-runs';

/** How often a busy run tells the other tabs, at most: a reader reloads what is new each time. */
const announceEveryMs = 250;

interface RunChanged {
  readonly runId: string;
}

function isRunChanged(data: unknown): data is RunChanged {
  return typeof data === 'object' && data !== null && typeof (data as RunChanged).runId === 'string';
}

/** Tells other tabs that run `runId` changed, at most every 250 ms (the last change is always told). */
export class RunAnnouncer {
  readonly #channel: BroadcastChannel | null;
  readonly #runId: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = 0;

  constructor(runId: string) {
    this.#runId = runId;
    this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(channelName);
  }

  changed(): void {
    if (!this.#channel || this.#timer !== undefined) return;
    const wait = Math.max(0, this.#last + announceEveryMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#last = Date.now();
      this.#channel?.postMessage({ runId: this.#runId } satisfies RunChanged);
    }, wait);
  }

  /** Sends a change still waiting, and closes the channel. */
  close(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#channel?.postMessage({ runId: this.#runId } satisfies RunChanged);
    }
    this.#channel?.close();
  }
}

/** Calls `onChange` whenever another tab says run `runId` changed; returns the teardown. */
export function watchRun(runId: string, onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (isRunChanged(event.data) && event.data.runId === runId) onChange();
  };
  return () => channel.close();
}
