/**
 * Where a top-level declaration in a reply ends. Tokens are read from the
 * declaration's keyword on, bracket by bracket, and reading stops as soon
 * as the declaration is complete, so prose after it is never tokenized.
 * TypeScript annotations are tolerated (they are removed later).
 */
import { closes, isCloser, isOpener, tokenStream, type Tok, type TokenStream } from './tokens.ts';

export type Extent =
  /** The declaration ends at `end` (its body's closing brace, a `;`, or the end of its last line). */
  | { readonly kind: 'complete'; readonly end: number }
  /** The text ran out (or stopped tokenizing) inside the declaration, at `end`. */
  | { readonly kind: 'cut'; readonly end: number; readonly inHeader: boolean }
  /** A closing bracket that does not match, at `at`. */
  | { readonly kind: 'mismatch'; readonly end: number; readonly at: number };

/** Tokens a header (name, type parameters, parameters, return type) may have before it is taken for prose. */
const headerBudget = 400;

/**
 * Returns the extent of the function declaration whose `function` keyword
 * is at `keyword`, within `text[.., to)`, with its name (null when
 * anonymous), or null if the tokens there are not a function header (prose
 * such as "the function (bid) returns …"), or where to resume looking for
 * declarations when the "header" runs on for hundreds of tokens.
 */
export function functionExtent(
  text: string,
  keyword: number,
  to: number,
): { extent: Extent; name: string | null } | { skipTo: number } | null {
  const s = tokenStream(text, keyword, to);
  s.next();
  let t = s.next();
  if (t?.label === '*') t = s.next();
  let name: string | null = null;
  if (t?.label === 'name') {
    name = String(t.value);
    t = s.next();
  }
  if (t?.value === '<') t = skipTypeParameters(s);
  if (t?.label !== '(') return null;
  const open: Tok[] = [t];
  let phase: 'parameters' | 'after-parameters' | 'return-type' | 'body' = 'parameters';
  let previous: Tok = t;
  for (let k = 0; (t = s.next()); previous = t) {
    // A "header" this long is prose or garbage; skip it rather than rescan it from every later start.
    if (phase !== 'body' && ++k > headerBudget) return { skipTo: t.end };
    if (phase === 'after-parameters') {
      if (t.label === ':') phase = 'return-type';
      else if (t.label === '{') phase = 'body';
      else return null;
    } else if (phase === 'return-type' && open.length === 0) {
      if (t.label === ';' || t.label === '=') return null;
      if (t.label === '{' && !typeContinues.has(previous.label)) phase = 'body';
    }
    if (isOpener(t)) open.push(t);
    else if (isCloser(t)) {
      const opener = open.pop();
      if (!opener || !closes(opener, t))
        return { extent: { kind: 'mismatch', end: t.end, at: t.start }, name };
      if (open.length > 0) continue;
      if (phase === 'body') return { extent: { kind: 'complete', end: t.end }, name };
      if (phase === 'parameters') phase = 'after-parameters';
    }
  }
  return { extent: { kind: 'cut', end: cutEnd(text, s, to), inHeader: phase !== 'body' }, name };
}

/** Tokens after which a `{` in a return type starts an object type, not the body. */
const typeContinues = new Set([':', '|', '&', '=>', ',', '</>/<=/>=']);

/** Returns where a cut-off declaration's text ends: the end of the line the tokenizer failed on, or `to`. */
function cutEnd(text: string, s: TokenStream, to: number): number {
  if (!s.failure) return to;
  const newline = text.indexOf('\n', s.failure.at);
  return newline < 0 || newline > to ? to : newline;
}

/** Skips `<T, U>` after a function's name; returns the token after it. */
function skipTypeParameters(s: TokenStream): Tok | null {
  let depth = 1;
  for (let t = s.next(), k = 0; t && k < headerBudget; t = s.next(), k++) {
    if (typeof t.value === 'string' && (t.label === '</>/<=/>=' || t.label === '<</>>/>>>')) {
      for (const c of t.value) depth += c === '<' ? 1 : c === '>' ? -1 : 0;
      if (depth <= 0) return s.next();
    }
  }
  return null;
}

/** Tokens that, at the start of a line, continue the expression of the line before. */
const continuations = new Set([
  '.',
  '?.',
  '?',
  ':',
  ',',
  '=>',
  '=',
  '_=',
  '+/-',
  '*',
  '/',
  '%',
  '**',
  '</>/<=/>=',
  '==/!=/===/!==',
  '&&',
  '||',
  '??',
  '|',
  '&',
  '^',
  '<</>>/>>>',
  'in',
  'instanceof',
  '(',
  '[',
  '`',
]);

/** Tokens an expression can end with. */
function endsExpression(t: Tok): boolean {
  return (
    (t.label === 'name' && !t.keyword) ||
    ['num', 'string', 'regexp', ')', ']', '}', '`', '++/--', 'this', 'null', 'true', 'false'].includes(
      t.label,
    )
  );
}

/**
 * Returns the extent of the `const`/`let`/`var` declaration whose keyword is
 * at `keyword`, with its first name, or null if it is not `name = value`.
 * It ends at a `;` or, as automatic semicolon insertion would, at a line
 * break after a complete expression that the next line does not continue.
 */
export function variableExtent(
  text: string,
  keyword: number,
  to: number,
): { extent: Extent; name: string } | { skipTo: number } | null {
  const s = tokenStream(text, keyword, to);
  s.next();
  const first = s.next();
  if (first?.label !== 'name') return null;
  let t = s.next();
  for (let k = 0; t && t.label !== '=' && k < headerBudget; t = s.next(), k++) {
    if (t.label === ';' || t.label === '{' || t.label === '=>') return null;
  }
  if (t && t.label !== '=') return { skipTo: t.end };
  if (t?.label !== '=') return null;
  const name = String(first.value);
  const open: Tok[] = [];
  let previous: Tok = t;
  for (t = s.next(); t; previous = t, t = s.next()) {
    if (open.length === 0 && previous.label !== '=') {
      if (t.label === ';') return { extent: { kind: 'complete', end: t.end }, name };
      const newLine = text.slice(previous.end, t.start).includes('\n');
      if (newLine && endsExpression(previous) && !continuations.has(t.label))
        return { extent: { kind: 'complete', end: previous.end }, name };
    }
    if (isOpener(t)) open.push(t);
    else if (isCloser(t)) {
      const opener = open.pop();
      if (!opener) return { extent: { kind: 'complete', end: previous.end }, name };
      if (!closes(opener, t)) return { extent: { kind: 'mismatch', end: t.end, at: t.start }, name };
    }
  }
  if (open.length === 0 && previous.label !== '=' && endsExpression(previous))
    return { extent: { kind: 'complete', end: previous.end }, name };
  return { extent: { kind: 'cut', end: cutEnd(text, s, to), inHeader: false }, name };
}
