/**
 * One tab at a time runs a run: the tab that opens a run takes its lock
 * (Web Locks, `navigator.locks`, shared by every tab of this origin), and a
 * tab that finds it taken shows the run read-only and waits for it. The
 * browser releases a lock by itself when its tab closes or crashes, so a
 * lock is never left behind. Web Locks exist in every browser MechLab runs
 * in (it needs module workers and cross-origin isolation, which came
 * later); without them, there is no lock and every tab may run the run.
 */

/** A held lock; release() lets the next tab take it. */
export interface RunLock {
  release(): void;
}

/** Returns the name of run `runId`'s lock, shared by every tab of this origin. */
export function runLockName(runId: string): string {
  return `mechlab-run:${runId}`;
}

function lockManager(): LockManager | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/**
 * Asks for the lock of `runId` with `options`; resolves with the lock once
 * granted, or with null when `ifAvailable` finds it taken. The lock is held
 * until release() (or until the tab closes).
 */
function request(runId: string, options: LockOptions): Promise<RunLock | null> {
  const locks = lockManager();
  if (!locks) return Promise.resolve({ release() {} });
  return new Promise((resolve, reject) => {
    locks
      .request(runLockName(runId), options, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        // The lock is held until the promise returned here settles.
        return new Promise<void>((release) => resolve({ release: () => release() }));
      })
      .catch(reject);
  });
}

/** Takes the lock of run `runId` if no other tab holds it; resolves with null if one does. */
export function tryLockRun(runId: string): Promise<RunLock | null> {
  return request(runId, { mode: 'exclusive', ifAvailable: true });
}

/**
 * Waits for the lock of run `runId` (until the tab that holds it lets go or
 * closes) and resolves with it; rejects with an AbortError once `signal`
 * aborts while waiting.
 */
export async function waitForRunLock(runId: string, signal: AbortSignal): Promise<RunLock> {
  const lock = await request(runId, { mode: 'exclusive', signal });
  // Only `ifAvailable` requests resolve with null.
  return lock as RunLock;
}
