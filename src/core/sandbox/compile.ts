/**
 * Compiles a heuristic's source (untrusted, written by a language model) into
 * a callable, in layers:
 *  1. parse with acorn in strict mode (`parse-error` with line and column);
 *  2. check the program's shape and the expected function's name and arity
 *     (`forbidden` for other top-level code, `signature` otherwise);
 *  3. walk the AST and reject every free identifier outside the allowlist and
 *     every construct that could reach outside a pure function (`forbidden`,
 *     see inspectProgram.ts and forbidden.ts);
 *  4. build the function with `new Function` in strict mode, inside a wrapper
 *     whose parameters shadow the dangerous globals with `undefined`, so a
 *     name the static layer missed still finds nothing.
 * Runtime hardening (frozen intrinsics, a worker with a hard time limit) is
 * the job of later layers: step 4 runs the program's top-level const
 * initialisers, so callers that cannot afford a hang compile inside the worker.
 */
import { parse, type Options, type Program } from 'acorn';
import type { Heuristic, HeuristicSignature } from '../problem.ts';
import { compileError, type CompileError } from './errors.ts';
import { blockedGlobals } from './forbidden.ts';
import { inspectProgram } from './inspectProgram.ts';
import { checkSignature, checkTopLevel } from './signature.ts';

export type { CompileError } from './errors.ts';

export type CompileResult =
  | { readonly ok: true; readonly heuristic: Heuristic; readonly source: string }
  | { readonly ok: false; readonly error: CompileError };

const parseOptions: Options = { ecmaVersion: 'latest', sourceType: 'script', locations: true, strict: true };

/** Returns the CompileError for an acorn SyntaxError (module syntax is reported as forbidden). */
function parseError(error: unknown): CompileError {
  const raw = error instanceof Error ? error.message : String(error);
  const text = raw.replace(/\s*\(\d+:\d+\)$/, '');
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  if (/'import' and 'export'|import\.meta/.test(text)) {
    return compileError(
      'forbidden',
      'import and export are not allowed: the heuristic must be self-contained.',
      loc,
    );
  }
  const where = loc === undefined ? '' : ` near line ${loc.line}, column ${loc.column + 1}`;
  return compileError(
    'parse-error',
    `Syntax error: ${text}. The source must be valid strict-mode JavaScript; check brackets, commas and quotes${where}.`,
    loc,
  );
}

/**
 * Returns a loader that runs the program behind the shadowed globals and
 * returns its function `name` (layer 4), or a parse error if the engine
 * rejects what acorn accepted.
 */
export function shadowedLoader(source: string, name: string): (() => unknown) | CompileError {
  const body = `return (function () {\n"use strict";\n${source}\nreturn ${name};\n})();`;
  try {
    // The outer function is sloppy so that `eval` may be a parameter name;
    // the inner one, which holds the source, is strict.
    return new Function(...blockedGlobals.keys(), body) as () => unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return compileError('parse-error', `Syntax error: ${error.message}.`);
  }
}

/**
 * Returns the heuristic `source` defines for `signature`, or a CompileError
 * (plain data) that says what is wrong, where and how to fix it. Throws what
 * the program's top-level const initialisers throw.
 */
export function compileHeuristic(source: string, signature: HeuristicSignature): CompileResult {
  let program: Program;
  try {
    program = parse(source, parseOptions);
  } catch (error) {
    return { ok: false, error: parseError(error) };
  }
  const error = checkTopLevel(program) ?? checkSignature(program, signature) ?? inspectProgram(program);
  if (error !== undefined) return { ok: false, error };
  const load = shadowedLoader(source, signature.name);
  if (typeof load !== 'function') return { ok: false, error: load };
  const heuristic = load();
  if (typeof heuristic !== 'function')
    throw new TypeError(`${signature.name} did not evaluate to a function`);
  return { ok: true, heuristic: heuristic as Heuristic, source };
}
