/**
 * Reads an OpenAI-style chat completion, streamed (`chat.completion.chunk`
 * events, then `[DONE]`) or whole (`chat.completion` JSON), into the text,
 * usage and finish reason of a GenerateResult.
 */
import type { GenerateRequest, GenerateResult } from '../core/evolution/ports.ts';
import type { Usage } from '../core/evolution/record.ts';
import { GenerationError } from './backend.ts';
import { serverErrorText } from './openaiServer.ts';
import { sseData } from './sse.ts';
import { decodeRate, estimatePromptTokens, estimateTokens } from './usage.ts';

/** The fields read from a chunk or a completion; servers add more, and any may be missing. */
interface CompletionJson {
  readonly choices?: readonly {
    readonly delta?: { readonly content?: unknown };
    readonly message?: { readonly content?: unknown };
    readonly finish_reason?: unknown;
  }[];
  readonly usage?: { readonly prompt_tokens?: unknown; readonly completion_tokens?: unknown } | null;
  /** llama-server's own measurements. */
  readonly timings?: { readonly prompt_per_second?: unknown } | null;
  readonly error?: unknown;
}

/** What is known about the reply so far. */
interface Tally {
  text: string;
  pieces: number;
  finishReason: 'stop' | 'length';
  promptTokens?: number;
  completionTokens?: number;
  prefillTokensPerSecond?: number;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Adds what `json` says to `tally`; returns the new text, if any. Throws a GenerationError for an error event. */
function absorb(json: CompletionJson, tally: Tally, url: string): string {
  if (json.error !== undefined && json.error !== null)
    throw new GenerationError(
      `the server at ${url} reported an error while generating: ${serverErrorText(JSON.stringify(json))}; try again`,
    );
  const choice = json.choices?.[0];
  const content = choice?.delta?.content ?? choice?.message?.content;
  const text = typeof content === 'string' ? content : '';
  if (text) {
    tally.text += text;
    tally.pieces++;
  }
  if (typeof choice?.finish_reason === 'string')
    tally.finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
  if (json.usage) {
    tally.promptTokens = count(json.usage.prompt_tokens) ?? tally.promptTokens;
    tally.completionTokens = count(json.usage.completion_tokens) ?? tally.completionTokens;
  }
  const prefill = count(json.timings?.prompt_per_second);
  if (prefill !== undefined && prefill > 0) tally.prefillTokensPerSecond = prefill;
  return text;
}

/**
 * Returns the usage: the server's counts, or estimates where it sent none
 * (`estimatedCompletion` for the reply; ceil(chars / 4) for the prompt).
 */
function usageOf(
  tally: Tally,
  request: GenerateRequest,
  decodeMilliseconds: number,
  estimatedCompletion: number,
): Usage {
  const completionTokens = tally.completionTokens ?? estimatedCompletion;
  const usage: Usage = {
    promptTokens: tally.promptTokens ?? estimatePromptTokens(request.messages),
    completionTokens,
    tokensPerSecond: decodeRate(completionTokens, decodeMilliseconds),
  };
  return tally.prefillTokensPerSecond === undefined
    ? usage
    : { ...usage, prefillTokensPerSecond: tally.prefillTokensPerSecond };
}

function parseEvent(data: string, url: string): CompletionJson {
  try {
    return JSON.parse(data) as CompletionJson;
  } catch {
    throw new GenerationError(
      `the server at ${url} streamed something that is not JSON (${data.slice(0, 80)}); ` +
        'is this an OpenAI-compatible endpoint?',
    );
  }
}

/**
 * Returns the reply streamed in `body`, calling request.onText with each
 * piece. The decode speed is measured from the first piece to the end of
 * the stream. Throws a GenerationError if the stream ends before `[DONE]`.
 */
export async function readCompletionStream(
  body: ReadableStream<Uint8Array>,
  request: GenerateRequest,
  url: string,
): Promise<GenerateResult> {
  const tally: Tally = { text: '', pieces: 0, finishReason: 'stop' };
  let firstPieceAt: number | undefined;
  let done = false;
  for await (const data of sseData(body)) {
    if (data.trim() === '[DONE]') {
      done = true;
      break;
    }
    const text = absorb(parseEvent(data, url), tally, url);
    if (text) {
      firstPieceAt ??= performance.now();
      request.onText?.(text);
    }
  }
  if (!done)
    throw new GenerationError(
      `the stream from ${url} ended before [DONE] after ${tally.text.length} characters: ` +
        'the server stopped or cut the connection; check its log, then try again',
    );
  const decode = firstPieceAt === undefined ? 0 : performance.now() - firstPieceAt;
  // Servers stream about one token per piece.
  const usage = usageOf(tally, request, decode, tally.pieces);
  return { text: tally.text, usage, finishReason: tally.finishReason };
}

/** Returns the reply of a server that answered with a whole completion instead of a stream. */
export function readCompletionJson(json: unknown, request: GenerateRequest, url: string): GenerateResult {
  const tally: Tally = { text: '', pieces: 0, finishReason: 'stop' };
  if (typeof json !== 'object' || json === null)
    throw new GenerationError(`the server at ${url} answered with no completion; check the address`);
  absorb(json as CompletionJson, tally, url);
  if (tally.text) request.onText?.(tally.text);
  const usage = usageOf(tally, request, 0, estimateTokens(tally.text));
  return { text: tally.text, usage, finishReason: tally.finishReason };
}
