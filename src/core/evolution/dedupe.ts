/**
 * Textual duplicate detection: a canonical form of a heuristic's source in
 * which comments, layout, quote style, optional semicolons and the spelling
 * of numbers no longer matter, a short fingerprint of it, and an index of
 * the fingerprints a run has seen.
 */
import { parse, tokenizer, tokTypes } from 'acorn';
import type { Options, Token } from 'acorn';

const acornOptions: Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowReturnOutsideFunction: true,
  allowHashBang: true,
};

/**
 * Returns the canonical text of `code`: its tokens (acorn) joined by single
 * spaces (none around the text of template literals), strings re-quoted
 * with double quotes, numbers written as their value, a semicolon wherever
 * automatic semicolon insertion puts one, and no empty statements in
 * statement lists (the `;` after a function declaration). Two programs
 * that parse and have the same canonical text behave the same. Code acorn
 * cannot parse is canonicalised from its tokens alone, and code it cannot
 * even tokenise by collapsing whitespace.
 */
export function normaliseCode(code: string): string {
  const tokens: Token[] = [];
  const inserted = new Set<number>();
  const empty = new Set<number>();
  try {
    const program = parse(code, {
      ...acornOptions,
      onToken: tokens,
      onInsertedSemicolon: (end) => inserted.add(end),
    });
    collectEmptyStatements(program, empty);
  } catch {
    tokens.length = 0;
    inserted.clear();
    try {
      for (const token of tokenizer(code, acornOptions)) tokens.push(token);
    } catch {
      return code.trim().replace(/\s+/g, ' ');
    }
  }
  let text = '';
  let glue = true;
  for (const token of tokens) {
    if (token.type === tokTypes.eof) continue;
    if (token.type === tokTypes.semi && empty.has(token.start)) continue;
    // A template's text is glued to its backquotes and `${` `}` as written.
    const inTemplate = token.type === tokTypes.template || token.type === tokTypes.invalidTemplate;
    text += (glue || inTemplate ? '' : ' ') + tokenText(code, token);
    glue = inTemplate;
    if (inserted.has(token.end)) {
      text += ' ;';
      glue = false;
    }
  }
  return text;
}

/** Returns the canonical spelling of one token. */
function tokenText(code: string, token: Token): string {
  // acorn sets `value` on tokens at run time but leaves it out of its types.
  const value: unknown = (token as Token & { value?: unknown }).value;
  if (token.type === tokTypes.string && typeof value === 'string') return JSON.stringify(value);
  if (token.type === tokTypes.num && typeof value === 'number') return String(value);
  if (token.type === tokTypes.name && typeof value === 'string') return value;
  return code.slice(token.start, token.end);
}

/**
 * Adds the start of every empty statement that sits in a statement list
 * (program, block, switch case) to `out`. Empty statements elsewhere
 * (`if (x);`) are kept: dropping them would change the meaning.
 */
function collectEmptyStatements(node: unknown, out: Set<number>): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const child of node) collectEmptyStatements(child, out);
    return;
  }
  const record = node as Record<string, unknown>;
  const list = record.type === 'SwitchCase' ? record.consequent : record.body;
  if (Array.isArray(list)) {
    for (const statement of list) {
      const s = statement as { type?: unknown; start?: unknown } | null;
      if (s?.type === 'EmptyStatement' && typeof s.start === 'number') out.add(s.start);
    }
  }
  for (const key in record) if (key !== 'loc') collectEmptyStatements(record[key], out);
}

/**
 * The textual duplicates of a run: the fingerprint of every canonical code
 * seen (normaliseCode, codeFingerprint), each with the id of the first
 * candidate that had it. A program database keeps the same map in its
 * state, so a reopened run builds its index from there and parses only the
 * candidates recorded after the database's last registration, not every
 * record again (acorn takes about 0.1 ms per heuristic).
 */
export class CodeIndex {
  readonly #first: Map<string, string>;

  /** Creates an index holding `codes` (fingerprint → id of the first candidate), e.g. a database state's. */
  constructor(codes: Readonly<Record<string, string>> = {}) {
    this.#first = new Map(Object.entries(codes));
  }

  /** Returns the number of distinct canonical codes held. */
  get size(): number {
    return this.#first.size;
  }

  /**
   * Returns the id of the first candidate whose code has the same canonical
   * form as `code`. When there is none, remembers `code` as `id`'s and
   * returns null, so a later copy of it names `id`.
   */
  claim(code: string, id: string): string | null {
    const key = codeFingerprint(normaliseCode(code));
    const first = this.#first.get(key);
    if (first !== undefined) return first;
    this.#first.set(key, id);
    return null;
  }
}

/**
 * Returns a 64-bit fingerprint (16 hex digits) of `text`: two independent
 * 32-bit multiplicative hashes with a final avalanche. Collisions among a
 * run's few thousand programs are vanishingly unlikely (about 1e-12).
 */
export function codeFingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return hex32(avalanche(a)) + hex32(avalanche(b ^ a));
}

/** Returns murmur3's 32-bit finaliser of `h`. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex32(h: number): string {
  return h.toString(16).padStart(8, '0');
}
