/**
 * Compiles a heuristic's source (untrusted, written by a language model) into
 * a callable, in layers:
 *  1. parse with acorn in strict mode (`parse-error` with line and column);
 *  2. check the program's shape and the expected function's name and arity
 *     (`forbidden` for other top-level code, `signature` otherwise);
 *  3. walk the AST and reject every free identifier outside the allowlist and
 *     every construct that could reach outside a pure function (`forbidden`,
 *     see inspectProgram.ts and forbidden.ts);
 *  4. put the key guard around every computed key (guardKeys.ts,
 *     propertyKey.ts), so a key built at run time cannot reach a prototype
 *     or a constructor either;
 *  5. build the function with `new Function` in strict mode, inside a wrapper
 *     whose parameters shadow the dangerous globals with `undefined`, so a
 *     name the static layer missed still finds nothing, and the typed-array
 *     constructors with size-capped ones (typedArrays.ts).
 * The realm itself is hardened by harden.ts, and the worker around it has a
 * hard time limit; see docs/security.md for what each layer stops. Step 5
 * runs the program's top-level const initialisers, so callers that cannot
 * afford a hang compile inside the worker.
 */
import { parse, type Options, type Program } from 'acorn';
import type { Heuristic, HeuristicSignature } from '../problem.ts';
import { compileError, type CompileError } from './errors.ts';
import { blockedGlobals } from './forbidden.ts';
import { guardComputedKeys, unusedIdentifier } from './guardKeys.ts';
import { inspectProgram } from './inspectProgram.ts';
import { checkedPropertyKey } from './propertyKey.ts';
import { checkSignature, checkTopLevel } from './signature.ts';
import { cappedTypedArrays } from './typedArrays.ts';

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
 * returns its function `name` (layer 5), or a parse error if the engine
 * rejects what acorn accepted. The program sees `keyGuard` (a name it does
 * not use itself) as the key guard, the blocked globals as undefined, and
 * the capped typed arrays under their usual names.
 */
export function shadowedLoader(
  source: string,
  name: string,
  keyGuard = unusedIdentifier(source, 'sandboxKey'),
): (() => unknown) | CompileError {
  const body = `return (function () {\n"use strict";\n${source}\nreturn ${name};\n})();`;
  const names = [...blockedGlobals.keys(), ...cappedTypedArrays.keys(), keyGuard];
  const values: unknown[] = [...blockedGlobals.keys()].map(() => undefined);
  values.push(...cappedTypedArrays.values(), checkedPropertyKey);
  try {
    // The outer function is sloppy so that `eval` may be a parameter name;
    // the inner one, which holds the source, is strict.
    const wrapper = new Function(...names, body) as (...args: unknown[]) => unknown;
    return () => wrapper(...values);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return compileError('parse-error', `Syntax error: ${error.message}.`);
  }
}

/** A source that passed the static layers, ready to load: with the key guard around its computed keys. */
export type CheckResult =
  | { readonly ok: true; readonly program: Program; readonly guarded: string; readonly keyGuard: string }
  | { readonly ok: false; readonly error: CompileError };

/**
 * Returns `source` checked by layers 1–4 — parsed, its shape, signature and
 * every construct checked, its computed keys guarded — or the CompileError
 * that says what is wrong. Runs none of the source, so it never hangs.
 */
export function checkHeuristic(source: string, signature: HeuristicSignature): CheckResult {
  let program: Program;
  try {
    program = parse(source, parseOptions);
  } catch (error) {
    return { ok: false, error: parseError(error) };
  }
  const error = checkTopLevel(program) ?? checkSignature(program, signature) ?? inspectProgram(program);
  if (error !== undefined) return { ok: false, error };
  const keyGuard = unusedIdentifier(source, 'sandboxKey');
  return { ok: true, program, guarded: guardComputedKeys(program, source, keyGuard), keyGuard };
}

/**
 * Returns the heuristic `source` defines for `signature`, or a CompileError
 * (plain data) that says what is wrong, where and how to fix it. Throws what
 * the program's top-level const initialisers throw.
 */
export function compileHeuristic(source: string, signature: HeuristicSignature): CompileResult {
  const checked = checkHeuristic(source, signature);
  if (!checked.ok) return checked;
  const load = shadowedLoader(checked.guarded, signature.name, checked.keyGuard);
  if (typeof load !== 'function') return { ok: false, error: load };
  const heuristic = load();
  if (typeof heuristic !== 'function')
    throw new TypeError(`${signature.name} did not evaluate to a function`);
  return { ok: true, heuristic: heuristic as Heuristic, source };
}
