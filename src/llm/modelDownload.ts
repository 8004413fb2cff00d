/**
 * Reads a GGUF model from a URL into a Blob, with progress and abort, so
 * wllama can load it with loadModel like a file the user picked. Used for
 * files this page's own origin serves (offline bundles): the browser already
 * has them, so copying them into wllama's model cache as well would store
 * every model twice.
 */
import { ModelUnavailableError, abortError, isAbortError, throwIfAborted } from './backend.ts';

/** The four bytes every GGUF file starts with. */
const ggufMagic = 'GGUF';

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  /** Called as bytes arrive; `total` is null when the server did not say. */
  readonly onProgress?: (loaded: number, total: number | null) => void;
  /** The size the file should have, when known (a bundle's index says): the total when the server does not. */
  readonly expectedBytes?: number;
  /** Default: globalThis.fetch (tests pass a stand-in). */
  readonly fetch?: typeof fetch;
}

/** Returns the advice for a URL that could not be reached at all. */
function unreachable(url: string, error: unknown): ModelUnavailableError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ModelUnavailableError(
    `could not reach ${url} (${detail}): check the address and the connection; this page may only ` +
      'download from its own origin and Hugging Face (its Content-Security-Policy)',
    { cause: error },
  );
}

/** Throws unless `head` is the GGUF magic bytes. */
function checkGguf(url: string, head: readonly number[]): void {
  if (String.fromCharCode(...head) !== ggufMagic) {
    throw new ModelUnavailableError(
      `${url} is not a GGUF model (it does not start with "GGUF"): give the URL of a .gguf file`,
    );
  }
}

/**
 * Returns the file at `url` as a Blob, checked to be a GGUF model. Rejects
 * with ModelUnavailableError (not found, unreachable, not GGUF; the message
 * names the URL and what to do) or an AbortError.
 */
export async function downloadModelFile(url: string, options: DownloadOptions = {}): Promise<Blob> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const get = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await get(url, { signal });
  } catch (error) {
    if (isAbortError(error) || signal?.aborted) throw abortError();
    throw unreachable(url, error);
  }
  if (!response.ok || !response.body) {
    const what =
      response.status === 404 ? 'not found' : `the server answered ${response.statusText || 'an error'}`;
    throw new ModelUnavailableError(`${url}: ${what} (HTTP ${response.status}); check the address`);
  }
  const length = Number(response.headers.get('content-length') ?? NaN);
  // A compressed response's Content-Length counts encoded bytes, not the file's: use it only when not encoded.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total =
    !encoded && Number.isSafeInteger(length) && length > 0 ? length : (options.expectedBytes ?? null);
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  // The first four bytes, kept until they are checked (a first chunk may be shorter).
  let head: number[] | null = [];
  onProgress?.(0, total);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (head) {
        head.push(...value.subarray(0, ggufMagic.length - head.length));
        if (head.length === ggufMagic.length) checkGguf(url, head);
        if (head.length === ggufMagic.length) head = null;
      }
      chunks.push(value);
      loaded += value.byteLength;
      onProgress?.(loaded, total);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    if (isAbortError(error) || signal?.aborted) throw abortError();
    if (error instanceof ModelUnavailableError) throw error;
    throw new ModelUnavailableError(
      `the download of ${url} broke off after ${loaded} bytes (${error instanceof Error ? error.message : String(error)}); load it again`,
      { cause: error },
    );
  }
  if (head) checkGguf(url, head);
  return new Blob(chunks, { type: 'application/octet-stream' });
}
