/**
 * What can go wrong when the browser stores a run, as named errors the UI
 * can tell apart: storage full (the run can still be exported), or any
 * other IndexedDB failure, with a message that says what was being done.
 */

/** The browser refused to store more: quota reached or disk full. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  /** `what` names what was not saved: "candidate c0003 of run 'Auction 1'". */
  constructor(what: string) {
    super(
      `Browser storage is full, so ${what} was not saved. The run can still be exported to a file; ` +
        'then delete old runs, or allow this site more storage, to free space.',
    );
  }
}

/** Any other failure of the run store: a missing run, an id taken, or IndexedDB itself. */
export class RunStoreError extends Error {
  override readonly name = 'RunStoreError';
}

function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  // Old WebKit reports QUOTA_EXCEEDED_ERR (code 22) under another name.
  return name === 'QuotaExceededError' || code === 22;
}

/**
 * Returns the error to throw when reading or writing `what` ("candidate
 * c0003 of run 'Auction 1'") failed with `error`, in a transaction that
 * ended with `transactionError` (Chrome reports a full disk there, not on
 * the request).
 */
export function storageError(
  error: unknown,
  access: 'read' | 'store',
  what: string,
  transactionError?: unknown,
): Error {
  if (error instanceof StorageFullError || error instanceof RunStoreError) return error;
  if (isQuotaError(error) || isQuotaError(transactionError)) return new StorageFullError(what);
  const cause = transactionError ?? error;
  const detail =
    typeof cause === 'object' && cause !== null && 'message' in cause
      ? `${String((cause as { name?: unknown }).name)}: ${String(cause.message)}`
      : String(cause);
  return new RunStoreError(`The browser's database could not ${access} ${what} (${detail}).`, {
    cause: error,
  });
}
