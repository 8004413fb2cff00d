/**
 * The OpenAI-compatible backend: any server that speaks POST
 * /v1/chat/completions with streaming (llama.cpp's llama-server, Ollama,
 * LM Studio, vLLM, hosted APIs), from the browser or from Node 20.
 */
import type { GenerateRequest, GenerateResult, ModelPort } from '../core/evolution/ports.ts';
import { GenerationError, ModelUnavailableError, abortError, throwIfAborted } from './backend.ts';
import { readCompletionJson, readCompletionStream } from './chatCompletion.ts';
import { httpError, openAiApiRoot, requestHeaders, send, type OpenAiServerOptions } from './openaiServer.ts';

export { listOpenAiModels, openAiApiRoot, type OpenAiServerOptions } from './openaiServer.ts';

export interface OpenAiBackendOptions extends OpenAiServerOptions {
  /** The model id the server knows (llama-server accepts any; Ollama wants e.g. 'qwen2.5-coder:1.5b'). */
  readonly model: string;
}

/** Returns the body of a streamed chat completion request. */
function requestBody(model: string, request: GenerateRequest): string {
  return JSON.stringify({
    model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    temperature: request.temperature,
    top_p: request.topP,
    max_tokens: request.maxTokens,
    seed: request.seed,
    stream: true,
    stream_options: { include_usage: true },
  });
}

/** Returns whether `error` is one of the errors this backend means to throw. */
function isOurs(error: unknown): boolean {
  return error instanceof GenerationError || error instanceof ModelUnavailableError;
}

/**
 * Returns a backend (backend 'openai') that streams each reply from
 * `${root}/chat/completions`, where root is openAiApiRoot(baseUrl):
 * http://host:port and http://host:port/v1 are the same server. The
 * request's sampling settings and seed are sent as they are; usage comes
 * from the server (estimated if it sends none), the decode speed is
 * measured from the first piece to the end. Fails with GenerationError
 * (unreachable server, HTTP error, broken stream), ModelUnavailableError
 * (the server lacks the model) or an AbortError.
 */
export function createOpenAiBackend(options: OpenAiBackendOptions): ModelPort {
  const url = `${openAiApiRoot(options.baseUrl)}/chat/completions`;
  const headers = { ...requestHeaders(options.apiKey), Accept: 'text/event-stream' };
  return {
    backend: 'openai',
    model: options.model,
    async generate(request): Promise<GenerateResult> {
      const { signal } = request;
      throwIfAborted(signal);
      try {
        const body = requestBody(options.model, request);
        const init: RequestInit = signal
          ? { method: 'POST', headers, body, signal }
          : { method: 'POST', headers, body };
        const response = await send(options, url, init);
        if (!response.ok) throw await httpError(response, url, options.model);
        // A server may ignore `stream: true` and answer with the whole completion.
        if (/application\/json/i.test(response.headers.get('content-type') ?? ''))
          return readCompletionJson(await response.json(), request, url);
        if (!response.body)
          throw new GenerationError(`the server at ${url} answered with no body; try again`);
        return await readCompletionStream(response.body, request, url);
      } catch (error) {
        // Whatever fetch or the stream threw on abort (the reason, a TypeError), callers get an AbortError.
        if (signal?.aborted) throw abortError();
        if (isOurs(error)) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new GenerationError(`the reply from ${url} broke off (${message}); try again`, {
          cause: error,
        });
      }
    },
  };
}
