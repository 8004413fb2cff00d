/**
 * Token counts and decode speed for backends that cannot count tokens:
 * estimates from characters (about four per token for English and code),
 * and a speed measured from the first piece of text to the last.
 */
import type { ChatMessage } from '../core/evolution/record.ts';

/** Returns the estimated tokens of `text`: ceil(characters / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Returns the estimated tokens of a prompt: its messages' contents, without chat-template overhead. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
}

/**
 * Returns tokens per second for `tokens` decoded between the first piece
 * (which carries the first token) and the last, `milliseconds` apart: the
 * first token is not counted, since its time is prefill. Returns 0 when
 * the rate cannot be measured (fewer than two tokens, or no time elapsed).
 */
export function decodeRate(tokens: number, milliseconds: number): number {
  if (tokens < 2 || !(milliseconds > 0)) return 0;
  return (tokens - 1) / (milliseconds / 1000);
}
