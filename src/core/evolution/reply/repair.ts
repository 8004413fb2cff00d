/**
 * Repairs code that a reply cut off: drops whole lines from the end and
 * closes the brackets left open, until the result parses — FunSearch's
 * `_trim_function_body`, which trims until the parser accepts, plus the
 * closing braces a truncated reply is missing.
 */
import { allTokens, closes, closingText, isCloser, isOpener, type Tok } from './tokens.ts';

/** How many trailing lines a repair may drop; beyond that the code is broken, not cut off. */
export const maxDroppedLines = 24;

export interface Repaired<T> {
  readonly value: T;
  /** Whole lines dropped from the end. */
  readonly dropped: number;
  /** The closing brackets appended, innermost first (e.g. '}}'). */
  readonly appended: string;
}

/**
 * Returns the first result `accept` gives (not null) for `chunk` with 0, 1,
 * 2, … trailing lines dropped and its open brackets closed, each closer on
 * a line of its own indented like the line that opened it, or null. At
 * least the first line is always kept; `indent` is that line's indentation
 * in the reply (the chunk starts after it).
 */
export function repairTruncated<T>(
  chunk: string,
  accept: (code: string) => T | null,
  indent = '',
): Repaired<T> | null {
  const lines = chunk.trimEnd().split('\n');
  const most = Math.min(maxDroppedLines, lines.length - 1);
  for (let dropped = 0; dropped <= most; dropped++) {
    const kept = lines
      .slice(0, lines.length - dropped)
      .join('\n')
      .trimEnd();
    const open = openBrackets(kept);
    if (open === null) continue;
    const closers = open.map((opener) => indentationAt(kept, opener.start, indent) + closingText([opener]));
    const code = [kept, ...closers].join('\n');
    const value = accept(code);
    if (value !== null) return { value, dropped, appended: closingText(open) };
  }
  return null;
}

/** Returns the indentation of the line of `code` that contains `offset` (`first` for the first line). */
function indentationAt(code: string, offset: number, first: string): string {
  const lineStart = code.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0) return first;
  let end = lineStart;
  while (code[end] === ' ' || code[end] === '\t') end++;
  return code.slice(lineStart, end);
}

/** Returns the brackets that `code` leaves open, outermost last, or null if it does not tokenize or brackets cross. */
export function openBrackets(code: string): Tok[] | null {
  const tokens = allTokens(code);
  if (!tokens) return null;
  const open: Tok[] = [];
  for (const token of tokens) {
    if (isOpener(token)) open.push(token);
    else if (isCloser(token)) {
      const opener = open.pop();
      if (!opener || !closes(opener, token)) return null;
    }
  }
  return open.reverse();
}
