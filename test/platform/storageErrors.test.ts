import { describe, expect, it } from 'vitest';
import { RunStoreError, StorageFullError, storageError } from '../../src/platform/storageErrors.ts';

const what = "candidate c0003 of run 'auction'";

describe('storageError', () => {
  it('turns a QuotaExceededError on the request into a StorageFullError', () => {
    const error = storageError(new DOMException('quota', 'QuotaExceededError'), 'store', what);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error.name).toBe('StorageFullError');
    expect(error.message).toMatch(
      /^Browser storage is full, so candidate c0003 of run 'auction' was not saved\./,
    );
    expect(error.message).toContain('The run can still be exported to a file');
  });

  it('turns a quota error reported on the transaction (as Chrome does) into a StorageFullError', () => {
    const abort = new DOMException('The transaction was aborted.', 'AbortError');
    const full = new DOMException('quota', 'QuotaExceededError');
    expect(storageError(abort, 'store', what, full)).toBeInstanceOf(StorageFullError);
  });

  it("recognises old WebKit's quota error by its code, 22", () => {
    expect(
      storageError({ name: 'Error', code: 22, message: 'QUOTA_EXCEEDED_ERR' }, 'store', what),
    ).toBeInstanceOf(StorageFullError);
  });

  it('names what failed, and how, for any other error', () => {
    const error = storageError(new DOMException('Key already exists', 'ConstraintError'), 'store', what);
    expect(error).toBeInstanceOf(RunStoreError);
    expect(error.name).toBe('RunStoreError');
    expect(error.message).toBe(
      "The browser's database could not store candidate c0003 of run 'auction' (ConstraintError: Key already exists).",
    );
    expect(storageError('disk gone', 'read', 'the list of runs').message).toBe(
      "The browser's database could not read the list of runs (disk gone).",
    );
  });

  it('passes its own errors through unchanged', () => {
    const missing = new RunStoreError("There is no run with id 'x' in this browser.");
    expect(storageError(missing, 'store', what)).toBe(missing);
  });
});
