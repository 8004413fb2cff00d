/**
 * JavaScript tokens of untrusted text, read lazily with acorn's tokenizer so
 * that prose after a function is never read, and without throwing: a
 * tokenizer error (an unterminated string, a stray character) ends the
 * stream and is recorded.
 */
import { Parser, type Options, type Token } from 'acorn';

export interface Tok {
  /** acorn's token label: 'name', 'num', 'string', '(', '{', '=>', '</>/<=/>=', 'function', … */
  readonly label: string;
  /** The token's text (names, operators) or value (strings, numbers). */
  readonly value: unknown;
  /** Absolute offsets in the text the stream was opened on. */
  readonly start: number;
  readonly end: number;
  /** Whether the token is a keyword (`function`, `const`, `new`, `typeof`, …). */
  readonly keyword: boolean;
}

export interface TokenStream {
  /** Returns the next token, or null at the end of the range or after a tokenizer error. */
  next(): Tok | null;
  /** Where the tokenizer failed, or null if it has not (yet). */
  readonly failure: { readonly at: number; readonly message: string } | null;
}

const options: Options = { ecmaVersion: 'latest', allowHashBang: false };

/** acorn's tokenizer started at an offset (acorn's parser supports it; `tokenizer()` does not expose it). */
class OffsetTokenizer extends Parser {
  constructor(text: string, from: number) {
    super(options, text, from);
  }
}

/**
 * Returns a lazy stream of the tokens of `text[from, to)`. Positions are
 * offsets in `text`; a token that would reach past `to`, or a tokenizer
 * error past it, ends the stream as the end of the range would.
 */
export function tokenStream(text: string, from = 0, to = text.length): TokenStream {
  const reader = new OffsetTokenizer(text, from) as unknown as { getToken(): Token & { value?: unknown } };
  let done = false;
  const stream = {
    failure: null as { at: number; message: string } | null,
    next(): Tok | null {
      if (done) return null;
      try {
        const token = reader.getToken();
        if (token.type.label === 'eof' || token.end > to) {
          done = true;
          return null;
        }
        return {
          label: token.type.label,
          value: token.value,
          start: token.start,
          end: token.end,
          keyword: token.type.keyword !== undefined,
        };
      } catch (error) {
        done = true;
        const pos = (error as { pos?: unknown }).pos;
        const at = typeof pos === 'number' ? pos : from;
        if (at < to) stream.failure = { at, message: error instanceof Error ? error.message : String(error) };
        return null;
      }
    },
  };
  return stream;
}

/** Returns all tokens of `text`, or null if the tokenizer fails anywhere. */
export function allTokens(text: string): Tok[] | null {
  const stream = tokenStream(text);
  const tokens: Tok[] = [];
  for (let token = stream.next(); token; token = stream.next()) tokens.push(token);
  return stream.failure ? null : tokens;
}

const closerOf: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '${': '}' };

/** Returns whether `token` opens a bracket pair (`${` of a template counts). */
export function isOpener(token: Tok): boolean {
  return token.label in closerOf;
}

/** Returns whether `token` closes a bracket pair. */
export function isCloser(token: Tok): boolean {
  return token.label === ')' || token.label === ']' || token.label === '}';
}

/** Returns whether `closer` closes `opener`. */
export function closes(opener: Tok, closer: Tok): boolean {
  return closerOf[opener.label] === closer.label;
}

/** Returns the characters that close `openers`, in their order. */
export function closingText(openers: readonly Tok[]): string {
  let text = '';
  for (const opener of openers) text += closerOf[opener.label] ?? '';
  return text;
}

/**
 * Returns, for every token index, the index of the token that closes or
 * opens its bracket pair (-1 for others), or null when brackets do not balance.
 */
export function bracketPartners(tokens: readonly Tok[]): Int32Array | null {
  const partner = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (isOpener(tokens[i])) open.push(i);
    else if (isCloser(tokens[i])) {
      const j = open.pop();
      if (j === undefined || !closes(tokens[j], tokens[i])) return null;
      partner[i] = j;
      partner[j] = i;
    }
  }
  return open.length === 0 ? partner : null;
}
