/**
 * The scripted backend: replays fixed replies in order, one per call,
 * streamed in pieces like a real model. It drives the demo and the tests
 * with no model at all, and is deterministic: the request's seed and
 * sampling settings change nothing.
 */
import type { ModelPort } from '../core/evolution/ports.ts';
import { GenerationError, ScriptExhaustedError, abortError, throwIfAborted } from './backend.ts';
import { decodeRate, estimatePromptTokens, estimateTokens } from './usage.ts';

export interface ScriptedBackendOptions {
  /** The replies, in the order generate() returns them. */
  readonly replies: readonly string[];
  /** Names the script in the model id, `scripted:<label>` (default 'replies'). */
  readonly label?: string;
  /** Characters per streamed piece (default 24, about six tokens). */
  readonly chunkSize?: number;
  /** Pause between pieces in milliseconds (default 0; a few ms make a demo look alive). */
  readonly delayMs?: number;
}

/** Returns a promise that resolves after `ms`, or rejects with abortError() as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Returns a backend (backend 'scripted', model 'scripted:<label>') that
 * answers the k-th call with `replies[k]`, streamed through onText in
 * pieces of `chunkSize` characters, and rejects with ScriptExhaustedError
 * once every reply has been used. An aborted call rejects with an
 * AbortError and does not use up its reply, so a paused run resumes with
 * the reply it was interrupted in. Usage is estimated (ceil(chars / 4)
 * tokens); the speed is measured when delayMs > 0, and 0 otherwise.
 * To resume a stored run, pass the replies it has not used yet.
 */
export function createScriptedBackend(options: ScriptedBackendOptions): ModelPort {
  const replies = [...options.replies];
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 24));
  const delayMs = Math.max(0, options.delayMs ?? 0);
  let next = 0;
  let busy = false;
  return {
    backend: 'scripted',
    model: `scripted:${options.label ?? 'replies'}`,
    async generate(request) {
      const { signal, onText } = request;
      throwIfAborted(signal);
      if (next >= replies.length) throw new ScriptExhaustedError(replies.length);
      if (busy)
        throw new GenerationError(
          'the scripted backend is already answering a request: wait for it before asking again',
        );
      busy = true;
      try {
        const text = replies[next];
        const started = performance.now();
        for (let at = 0; at < text.length; at += chunkSize) {
          if (at > 0 && delayMs > 0) await pause(delayMs, signal);
          throwIfAborted(signal);
          onText?.(text.slice(at, at + chunkSize));
        }
        // onText may have aborted while the last piece was handled.
        throwIfAborted(signal);
        next++;
        const completionTokens = estimateTokens(text);
        return {
          text,
          usage: {
            promptTokens: estimatePromptTokens(request.messages),
            completionTokens,
            // Without pauses the replay takes microseconds: a speed would mean nothing.
            tokensPerSecond: delayMs > 0 ? decodeRate(completionTokens, performance.now() - started) : 0,
          },
          finishReason: 'stop',
        };
      } finally {
        busy = false;
      }
    },
  };
}
