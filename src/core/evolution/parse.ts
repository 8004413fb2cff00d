/**
 * Reads a model's reply into the candidate's source text: the function with
 * the expected name (and the helpers and constants it uses), and the
 * one-line idea, tolerating what 0.5–3B models write — prose around the
 * code, fences with any tag or none, several functions, TypeScript,
 * `export`, arrow functions, a wrong name, a reply cut off mid-function,
 * JSON wrapping, `<think>` blocks (mechanism-notes §4: "extract the
 * function from the reply … tolerate prose"). The static check of the
 * result (forbidden globals, arity) is the sandbox's job.
 */
import type { HeuristicSignature } from '../problem.ts';
import type { CandidateError } from './record.ts';
import { maskSpans, textRegions, thinkingSpans } from './reply/codeBlocks.ts';
import {
  findDeclarations,
  parseScript,
  type BrokenDeclaration,
  type Declaration,
  type FunctionDeclaration,
} from './reply/declarations.ts';
import { chooseFunction, helpersOf } from './reply/chooseFunction.ts';
import { jsonReply } from './reply/jsonFields.ts';
import { renameIdentifier } from './reply/renameIdentifier.ts';
import { findThought } from './reply/thought.ts';
import { stripTypes } from './stripTypes.ts';

export type ParsedReply =
  | {
      readonly ok: true;
      /** The function (named as the signature says) with the helpers and constants it uses, in the reply's order; acorn parses it. */
      readonly code: string;
      readonly thought: string | null;
      /** What was changed to get there ("renamed `f` to `priority`", "removed TypeScript annotations", …). */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly error: CandidateError };

/**
 * Returns the code and thought of `reply`, or a parse error whose message
 * says what was missing and what to write instead. Line and column of an
 * error refer to the reply (line 1-based, column 0-based as the sandbox's
 * CompileError has them; messages show both 1-based). Never throws.
 */
export function parseReply(reply: string, signature: HeuristicSignature): ParsedReply {
  try {
    return readReply(typeof reply === 'string' ? reply : String(reply), signature);
  } catch (error) {
    return failure(signature, `The reply could not be read (${String(error)}).`);
  }
}

/** What was found in one text: the chosen function with its helpers, or why not. */
type Extraction =
  | {
      readonly found: true;
      readonly code: string;
      readonly notes: string[];
      readonly codeSpans: [number, number][];
    }
  | { readonly found: false; readonly broken: readonly BrokenDeclaration[] };

/** Longest reply read, in characters: a runaway generation is read up to here (64 kB, far beyond any heuristic). */
export const maxReplyLength = 65_536;

function readReply(reply: string, signature: HeuristicSignature): ParsedReply {
  const text = reply.slice(0, maxReplyLength).replace(/\r\n?/g, '\n');
  if (!text.trim()) return failure(signature, 'The reply was empty.');
  const thinking = thinkingSpans(text);
  const visible = maskSpans(text, thinking);
  const wrapped = /^\s*(?:```\s*json|\{\s*")/i.test(visible) ? fromJson(visible, signature) : null;
  if (wrapped) return wrapped;
  let extraction = extract(visible, signature);
  const notes: string[] = [];
  let thoughtSource = visible;
  if (!extraction.found && thinking.length > 0) {
    const inThinking = extract(text, signature);
    if (inThinking.found) {
      extraction = inThinking;
      notes.push('took the code from the <think> block');
      thoughtSource = text;
    }
  }
  if (extraction.found) {
    return {
      ok: true,
      code: extraction.code,
      thought: findThought(maskSpans(thoughtSource, extraction.codeSpans)),
      notes: [...notes, ...extraction.notes],
    };
  }
  return (
    fromJson(visible, signature) ??
    bareBody(visible, signature) ??
    explain(visible, extraction.broken, signature)
  );
}

/**
 * Finds the function to keep in `text`, with its helpers. Functions in code
 * fences are preferred to functions in prose (which are often quotes of the
 * signature or of an earlier version); prose counts only without fences.
 */
function extract(text: string, signature: HeuristicSignature): Extraction {
  const regions = textRegions(text);
  const declarations: Declaration[] = [];
  const broken: BrokenDeclaration[] = [];
  for (const region of regions) {
    const found = findDeclarations(text, region);
    declarations.push(...found.declarations);
    broken.push(...found.broken);
  }
  const functions = declarations.filter((d): d is FunctionDeclaration => d.kind === 'function');
  const fenced = functions.filter((f) => f.region.fenced);
  const pool = fenced.length > 0 ? fenced : functions;
  const notes: string[] = [];
  const main = chooseFunction(pool, declarations, broken, signature, notes);
  if (!main) return { found: false, broken };
  const kept = [main, ...helpersOf(main, declarations, signature)].sort((a, b) => a.start - b.start);
  const helpers = kept
    .filter((d) => d !== main)
    .flatMap((d) => (d.kind === 'function' ? [d.name ?? ''] : d.names));
  if (helpers.length > 0)
    notes.push(`kept what \`${signature.name}\` uses: ${helpers.map((h) => `\`${h}\``).join(', ')}`);
  if (main.form !== 'declaration') notes.push(`rewrote the ${main.form} function as a function declaration`);
  for (const d of kept) for (const note of d.notes) if (!notes.includes(note)) notes.push(note);
  let code = kept.map((d) => (d === main ? functionSource(d, signature.name) : sourceOf(d))).join('\n\n');
  if (main.name !== null && main.name !== signature.name)
    code = renameIdentifier(code, main.name, signature.name);
  if (!declaresFunction(code, signature.name)) return { found: false, broken };
  return { found: true, code, notes, codeSpans: kept.map((d) => [d.start, d.end]) };
}

/** Returns the source of `f` as a function declaration named `name`. */
function functionSource(f: FunctionDeclaration, name: string): string {
  return `${f.async ? 'async ' : ''}function${f.generator ? '*' : ''} ${name}(${f.parameters}) ${f.body}`;
}

function sourceOf(d: Declaration): string {
  return d.kind === 'function' ? functionSource(d, d.name ?? 'anonymous') : d.code;
}

/** Returns whether `code` parses and declares, at its top level, a function named `name`. */
function declaresFunction(code: string, name: string): boolean {
  const parsed = parseScript(code);
  return (
    'program' in parsed &&
    parsed.program.body.some((s) => s.type === 'FunctionDeclaration' && s.id.name === name)
  );
}

/** Reads a reply that wraps its code in JSON. */
function fromJson(text: string, signature: HeuristicSignature): ParsedReply | null {
  const json = jsonReply(text);
  if (!json) return null;
  const inner = extract(json.code, signature);
  if (!inner.found) return null;
  return {
    ok: true,
    code: inner.code,
    thought: json.thought ?? findThought(maskSpans(json.code, inner.codeSpans)),
    notes: [`took the code from the JSON field \`${json.field}\``, ...inner.notes],
  };
}

/** Wraps the last fenced block that is a bare function body (top-level `return`) in the expected header. */
function bareBody(text: string, signature: HeuristicSignature): ParsedReply | null {
  const blocks = textRegions(text).filter(
    (r) => r.fenced && !['python', 'py', 'python3', 'json'].includes(r.language),
  );
  for (let i = blocks.length - 1; i >= 0; i--) {
    const inside = text.slice(blocks[i].from, blocks[i].to);
    if (!/\breturn\b/.test(inside)) continue;
    const lines = stripTypes(inside.replace(/^\n+|\s+$/g, '')).split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
    const code = `function ${signature.name}(${signature.parameters.join(', ')}) {\n${lines
      .map((l) => (l.trim() ? `  ${l.slice(indent)}` : ''))
      .join('\n')}\n}`;
    const parsed = parseScript(code);
    if (!('program' in parsed) || !returnsAtTopLevel(parsed.program.body[0])) continue;
    return {
      ok: true,
      code,
      thought: findThought(maskSpans(text, [[blocks[i].from, blocks[i].to]])),
      notes: [
        `wrapped a bare function body in \`function ${signature.name}(${signature.parameters.join(', ')})\``,
      ],
    };
  }
  return null;
}

/** Returns whether a `return` statement belongs to `node` itself (not to a nested function or class). */
function returnsAtTopLevel(node: unknown, depth = 0): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((child) => returnsAtTopLevel(child, depth));
  const type = (node as { type?: unknown }).type;
  if (type === 'ReturnStatement') return true;
  if (depth > 0 && /Function|Class/.test(String(type))) return false;
  return Object.entries(node).some(([key, child]) => key !== 'loc' && returnsAtTopLevel(child, depth + 1));
}

/** Returns the parse error that says best what went wrong. */
function explain(
  text: string,
  broken: readonly BrokenDeclaration[],
  signature: HeuristicSignature,
): ParsedReply {
  const relevant =
    broken.filter((b) => b.name === signature.name).at(-1) ??
    broken.filter((b) => b.region.fenced).at(-1) ??
    broken.at(-1);
  if (relevant) {
    const which = relevant.name ? `The function \`${relevant.name}\`` : 'The function';
    if (relevant.cutOff)
      return failure(
        signature,
        `${which} is cut off: the reply ends inside it, and closing it did not make it parse.`,
      );
    const where =
      relevant.line !== undefined
        ? ` (line ${relevant.line}, column ${(relevant.column ?? 0) + 1} of the reply)`
        : '';
    return failure(
      signature,
      `${which} does not parse: ${relevant.message}${where}.`,
      relevant.line,
      relevant.column,
    );
  }
  const python = /^[ \t]*def[ \t]+([A-Za-z_]\w*)[ \t]*\(/m.exec(text);
  if (python) return failure(signature, `The reply is Python (\`def ${python[1]}(…)\`), not JavaScript.`);
  const typed =
    /^[ \t]*(?:(?:public|private|static|inline|const)\s+)*(?:double|float|int|long|void|auto|bool)\s+([A-Za-z_]\w*)\s*\(/m.exec(
      text,
    );
  if (typed)
    return failure(signature, `The reply looks like C or Java (\`${typed[0].trim()}…\`), not JavaScript.`);
  return failure(signature, 'The reply contains no JavaScript function.');
}

function failure(signature: HeuristicSignature, what: string, line?: number, column?: number): ParsedReply {
  const header = `function ${signature.name}(${signature.parameters.join(', ')})`;
  const message = `${what} Write one complete JavaScript function, \`${header} { … }\`, in a \`\`\`javascript fence.`;
  const error: CandidateError =
    line === undefined
      ? { reason: 'parse-error', message }
      : { reason: 'parse-error', message, line, column };
  return { ok: false, error };
}
