/**
 * Talking to an OpenAI-compatible server (llama.cpp's llama-server, Ollama,
 * LM Studio, vLLM, hosted APIs): where its API lives, how its failures
 * read, and which models it serves. Works with the fetch of Node 20 and of
 * browsers.
 */
import { GenerationError, ModelUnavailableError, abortError } from './backend.ts';

export interface OpenAiServerOptions {
  /** The server's address, with or without the /v1 suffix (see openAiApiRoot). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; local servers need none. */
  readonly apiKey?: string;
  /** The fetch to use (default: the global one); tests and proxies pass their own. */
  readonly fetch?: typeof fetch;
}

/**
 * Returns the API root of `baseUrl`, without a trailing slash. The rule: a
 * URL with no path (`http://127.0.0.1:8080`, with or without a final
 * slash) gets `/v1` appended, where llama-server, Ollama, LM Studio and
 * vLLM serve the API; a URL with a path is used as it is (`…:8080/v1`, or
 * a provider's `…/v1beta/openai`). Throws ModelUnavailableError for
 * anything but an absolute http(s) URL.
 */
export function openAiApiRoot(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ModelUnavailableError(
      `"${baseUrl}" is not a server address: write it as http://host:port, e.g. http://127.0.0.1:8080/v1`,
    );
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? '/v1' : path}`;
}

/** Returns the request headers: JSON, and the API key if there is one. */
export function requestHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  return headers;
}

/**
 * Returns the response to a request to `url`. A failure to connect becomes
 * a GenerationError that says so; an abort becomes abortError().
 */
export async function send(options: OpenAiServerOptions, url: string, init: RequestInit): Promise<Response> {
  // Called through a closure: a browser's fetch throws when called detached from window.
  const fetcher = options.fetch ?? ((input, requestInit) => globalThis.fetch(input, requestInit));
  try {
    return await fetcher(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw abortError();
    const cause = (error as { cause?: { message?: unknown } }).cause?.message;
    const detail = typeof cause === 'string' ? ` [${cause}]` : '';
    throw new GenerationError(
      `could not reach ${url}: is the server running? (llama.cpp server, Ollama, LM Studio)${detail}. ` +
        'If it is, check the address and that the server accepts requests from this page (CORS)',
      { cause: error },
    );
  }
}

/** Returns the server's own words from an error body: JSON `error.message`, `error`, `message` or `detail`, else the text. */
export function serverErrorText(body: string): string {
  try {
    const json = JSON.parse(body) as {
      error?: { message?: unknown } | string;
      message?: unknown;
      detail?: unknown;
    };
    const error = json.error;
    const candidates = [typeof error === 'object' ? error?.message : error, json.message, json.detail];
    const text = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (text !== undefined) return text.trim();
  } catch {
    // Not JSON: the text itself is the message.
  }
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || '(no details)';
}

/** Returns what to do about an HTTP `status`. */
function advice(status: number): string {
  if (status === 401 || status === 403) return 'check the API key';
  if (status === 404) return 'check the address: the API is usually under /v1';
  if (status === 400 || status === 422)
    return 'the server rejected the request; the prompt may be longer than the model’s context';
  if (status === 429) return 'the server is busy or over its rate limit; wait, then try again';
  if (status >= 500) return 'the server failed; check its log, then try again';
  return 'check the server';
}

/**
 * Returns the error for a response that is not 2xx: the status, the
 * server's message and what to do. A 404 that names the model means the
 * server does not have it: ModelUnavailableError.
 */
export async function httpError(response: Response, url: string, model?: string): Promise<Error> {
  const text = serverErrorText(await response.text().catch(() => ''));
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status === 404 && model !== undefined && /model/i.test(text))
    return new ModelUnavailableError(
      `the server at ${url} has no model "${model}" (${status}: ${text}): choose one the server lists, ` +
        'or load the model into the server first',
    );
  return new GenerationError(`the server at ${url} answered ${status}: ${text}; ${advice(response.status)}`);
}

/** Returns the ids of the models the server offers (GET <root>/models), in its order. */
export async function listOpenAiModels(
  options: OpenAiServerOptions,
  signal?: AbortSignal,
): Promise<string[]> {
  const url = `${openAiApiRoot(options.baseUrl)}/models`;
  const headers = requestHeaders(options.apiKey);
  const response = await send(options, url, signal ? { headers, signal } : { headers });
  if (!response.ok) throw await httpError(response, url);
  let body: { data?: unknown } | null = null;
  try {
    body = (await response.json()) as { data?: unknown } | null;
  } catch {
    if (signal?.aborted) throw abortError();
  }
  if (!Array.isArray(body?.data))
    throw new GenerationError(`the server at ${url} did not answer with a model list; check the address`);
  return body.data.flatMap((m: unknown) => {
    const id = (m as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [id] : [];
  });
}
