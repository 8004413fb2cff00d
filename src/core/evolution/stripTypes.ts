/**
 * Removes the TypeScript that small models add to JavaScript functions:
 * annotations of parameters, return types and variables, `as` and
 * `satisfies` casts, non-null `!`, optional `?` on parameters, and type
 * arguments of functions, calls and `new`. It works on tokens, only in
 * those positions, so object literals, ternaries and strings are left
 * alone; anything else TypeScript (interfaces, enums, classes with
 * modifiers) stays and will fail to parse, which is then reported.
 */
import { allTokens, bracketPartners, type Tok } from './reply/tokens.ts';

/** Returns `code` without its TypeScript annotations, or `code` unchanged if it does not tokenize. */
export function stripTypes(code: string): string {
  if (!/[:!<?]|\bas\b|\bsatisfies\b/.test(code)) return code;
  const tokens = allTokens(code);
  if (!tokens) return code;
  const partners = bracketPartners(tokens);
  if (!partners) return code;
  const cuts = typeRanges(code, tokens, partners);
  if (cuts.length === 0) return code;
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [from, to] of cuts) {
    if (from < at) continue;
    out += code.slice(at, from);
    at = to;
  }
  return out + code.slice(at);
}

type Range = [number, number];

function typeRanges(code: string, t: readonly Tok[], partner: Int32Array): Range[] {
  const cuts: Range[] = [];
  const types = new TypeSkipper(t, partner);
  const cutType = (colon: number, from = t[colon].start): number => {
    const end = types.skip(colon + 1);
    if (end > colon + 1) cuts.push([from, t[end - 1].end]);
    return end;
  };
  for (let i = 0; i < t.length; i++) {
    const tok = t[i];
    const next = t[i + 1];
    if (tok.label === '(' && isParameterList(t, partner, i, types)) {
      const close = partner[i];
      stripParameters(t, partner, i + 1, close, cutType, cuts);
      if (t[close + 1]?.label === ':') cutType(close + 1);
    } else if (isDeclarationKeyword(tok) && next?.label === 'name') {
      if (t[i + 2]?.label === '!/~' && t[i + 3]?.label === ':') {
        cuts.push([t[i + 2].start, t[i + 2].end]);
        cutType(i + 3);
      } else if (t[i + 2]?.label === ':') cutType(i + 2);
    } else if (tok.label === 'name' && (tok.value === 'as' || tok.value === 'satisfies')) {
      const prev = t[i - 1];
      if (prev && endsExpression(prev) && !code.slice(prev.end, tok.start).includes('\n')) {
        const end = types.skip(i + 1);
        if (end > i + 1) cuts.push([prev.end, t[end - 1].end]);
      }
    } else if (tok.value === '!' && isNonNullAssertion(t, i)) {
      cuts.push([tok.start, tok.end]);
    } else if (tok.value === '<' && i > 0 && (t[i - 1].label === 'name' || t[i - 1].label === 'function')) {
      const end = types.skipAngles(i);
      if (end > i && t[end]?.label === '(' && types.onlyTypeTokens(i, end))
        cuts.push([tok.start, t[end - 1].end]);
    }
  }
  return cuts;
}

/** Returns whether the `(` at `open` starts the parameters of a function or arrow function. */
function isParameterList(t: readonly Tok[], partner: Int32Array, open: number, types: TypeSkipper): boolean {
  let k = open - 1;
  if (t[k]?.value === '>') k = types.angleStart(k) - 1;
  if (t[k]?.label === 'name' && !t[k].keyword) k--;
  if (t[k]?.label === '*') k--;
  if (t[k]?.label === 'function') return true;
  const after = t[partner[open] + 1];
  if (after?.label === '=>') return true;
  if (after?.label !== ':') return false;
  const end = types.skip(partner[open] + 2);
  return end > partner[open] + 2 && t[end]?.label === '=>';
}

/** Cuts `?` and `: type` after each parameter between `from` and `to`. */
function stripParameters(
  t: readonly Tok[],
  partner: Int32Array,
  from: number,
  to: number,
  cutType: (colon: number, from?: number) => number,
  cuts: Range[],
): void {
  let i = from;
  while (i < to) {
    if (t[i].label === '...') i++;
    if (t[i].label === '{' || t[i].label === '[') i = partner[i] + 1;
    else i++;
    if (t[i]?.label === '?' && (t[i + 1]?.label === ':' || t[i + 1]?.label === ',' || i + 1 === to)) {
      cuts.push([t[i].start, t[i].end]);
      i++;
    }
    if (t[i]?.label === ':') i = cutType(i);
    while (i < to && t[i].label !== ',') i = t[i].label in openers ? partner[i] + 1 : i + 1;
    i++;
  }
}

const openers: Readonly<Record<string, true>> = { '(': true, '[': true, '{': true, '${': true };

function isDeclarationKeyword(tok: Tok): boolean {
  return tok.label === 'const' || tok.label === 'var' || (tok.label === 'name' && tok.value === 'let');
}

function endsExpression(tok: Tok): boolean {
  return (
    (tok.label === 'name' && !tok.keyword) ||
    ['num', 'string', ')', ']', '}', '`', 'regexp', 'this', 'null', 'true', 'false'].includes(tok.label)
  );
}

/**
 * Returns whether the `!` at `i` is TypeScript's non-null assertion (`x!.y`,
 * `a[i]! * 2`): in JavaScript a `!` written right after an operand is a syntax error.
 */
function isNonNullAssertion(t: readonly Tok[], i: number): boolean {
  const prev = t[i - 1];
  if (!prev || prev.end !== t[i].start || prev.keyword) return false;
  return prev.label === 'name' || prev.label === ')' || prev.label === ']';
}

/** Skips types written in TypeScript's syntax, on tokens. Returns the index after the type (or the start if none). */
class TypeSkipper {
  readonly #t: readonly Tok[];
  readonly #partner: Int32Array;
  constructor(t: readonly Tok[], partner: Int32Array) {
    this.#t = t;
    this.#partner = partner;
  }

  skip(i: number): number {
    const t = this.#t;
    if (t[i]?.label === '|' || t[i]?.label === '&') i++;
    for (;;) {
      const end = this.#primary(i);
      if (end <= i) return i;
      i = end;
      while (t[i]?.label === '[') i = this.#partner[i] + 1;
      if (t[i]?.label === '|' || t[i]?.label === '&') i++;
      else return i;
    }
  }

  #primary(i: number): number {
    const t = this.#t;
    const tok = t[i];
    if (!tok) return i;
    if (tok.label === '(') {
      const close = this.#partner[i];
      return t[close + 1]?.label === '=>' ? this.skip(close + 2) : close + 1;
    }
    if (tok.label === '{' || tok.label === '[') return this.#partner[i] + 1;
    if (
      tok.label === 'typeof' ||
      tok.value === 'keyof' ||
      tok.value === 'readonly' ||
      tok.value === 'unique'
    ) {
      const end = this.#primary(i + 1);
      return end > i + 1 ? end : i;
    }
    if (tok.label === 'name' || tok.keyword || tok.label === 'string' || tok.label === 'num') {
      i++;
      while (t[i]?.label === '.' && t[i + 1]?.label === 'name') i += 2;
      if (t[i]?.value === '<') {
        const end = this.skipAngles(i);
        if (end > i) i = end;
      }
      return i;
    }
    return i;
  }

  /** Returns the index after the `>` that closes the `<` at `i`, or `i` if there is none. */
  skipAngles(i: number): number {
    const t = this.#t;
    let depth = 0;
    for (let k = i; k < t.length; k++) {
      const tok = t[k];
      if (tok.label === '(' || tok.label === '[' || tok.label === '{') {
        k = this.#partner[k];
        continue;
      }
      if (tok.label === ';' || tok.label === ')' || tok.label === ']' || tok.label === '}') return i;
      const text = typeof tok.value === 'string' ? tok.value : '';
      if (tok.label === '</>/<=/>=' || tok.label === '<</>>/>>>') {
        for (const c of text) depth += c === '<' ? 1 : c === '>' ? -1 : 0;
        if (depth === 0) return k + 1;
        if (depth < 0) return i;
      }
    }
    return i;
  }

  /** Returns the index of the `<` that the `>` at `k` closes (or `k + 1` if none). */
  angleStart(k: number): number {
    const t = this.#t;
    let depth = 0;
    for (let j = k; j >= 0; j--) {
      const v = t[j].value;
      if (v === '>') depth++;
      else if (v === '<') depth--;
      if (depth === 0) return j;
    }
    return k + 1;
  }

  /** Returns whether the tokens in [from, to) can only be a type argument list. */
  onlyTypeTokens(from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const tok = this.#t[k];
      const ok =
        tok.label === 'name' ||
        tok.keyword ||
        tok.label === ',' ||
        tok.label === '[' ||
        tok.label === ']' ||
        tok.label === '.' ||
        tok.label === '|' ||
        tok.label === '</>/<=/>=' ||
        tok.label === '<</>>/>>>' ||
        tok.label === 'string';
      if (!ok) return false;
      if (tok.label === '</>/<=/>=' && tok.value !== '<' && tok.value !== '>') return false;
    }
    return true;
  }
}
