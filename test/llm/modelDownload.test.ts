import { describe, expect, it } from 'vitest';
import { downloadModelFile } from '../../src/llm/modelDownload.ts';

const url = 'http://127.0.0.1:4173/models/tiny/tiny.gguf';

/** Returns a fetch that answers with `chunks` as a stream, with `headers` and `status`. */
function serve(chunks: Uint8Array[], init: ResponseInit = {}): typeof fetch {
  return (async (_input: RequestInfo | URL, request?: RequestInit) => {
    const signal = request?.signal;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (signal?.aborted) return controller.error(new DOMException('aborted', 'AbortError'));
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    return new Response(body, init);
  }) as typeof fetch;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('downloadModelFile', () => {
  it('returns the file, reporting bytes and the total the server gave', async () => {
    const seen: [number, number | null][] = [];
    const blob = await downloadModelFile(url, {
      fetch: serve([bytes('GG'), bytes('UF rest')], { headers: { 'content-length': '9' } }),
      onProgress: (loaded, total) => seen.push([loaded, total]),
    });
    expect(await blob.text()).toBe('GGUF rest');
    expect(seen).toEqual([
      [0, 9],
      [2, 9],
      [9, 9],
    ]);
  });

  it('uses the expected size when the response is compressed', async () => {
    const seen: (number | null)[] = [];
    await downloadModelFile(url, {
      fetch: serve([bytes('GGUF')], { headers: { 'content-length': '2', 'content-encoding': 'gzip' } }),
      expectedBytes: 4,
      onProgress: (_loaded, total) => seen.push(total),
    });
    expect(seen).toEqual([4, 4]);
  });

  it('refuses a file that is not GGUF, naming the URL', async () => {
    await expect(downloadModelFile(url, { fetch: serve([bytes('<!doctype html>')]) })).rejects.toThrow(
      `${url} is not a GGUF model (it does not start with "GGUF"): give the URL of a .gguf file`,
    );
  });

  it('says a missing file was not found', async () => {
    await expect(downloadModelFile(url, { fetch: serve([], { status: 404 }) })).rejects.toMatchObject({
      name: 'ModelUnavailableError',
      message: `${url}: not found (HTTP 404); check the address`,
    });
  });

  it('says what the page may reach when the request fails outright', async () => {
    const refused = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(downloadModelFile(url, { fetch: refused })).rejects.toThrow(
      /could not reach .*\(Failed to fetch\).*its own origin and Hugging Face/,
    );
  });

  it('rejects with an AbortError when aborted mid-download', async () => {
    const abort = new AbortController();
    const loading = downloadModelFile(url, {
      fetch: serve([bytes('GGUF'), bytes('a'), bytes('b'), bytes('c')]),
      signal: abort.signal,
      onProgress: (loaded) => loaded >= 5 && abort.abort(),
    });
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
  });
});
