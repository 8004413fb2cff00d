/** Why a heuristic's source was rejected, as plain data that crosses workers as is. */
import type { Node } from 'acorn';

export type CompileErrorReason = 'parse-error' | 'forbidden' | 'signature';

export interface CompileError {
  readonly name: 'CompileError';
  readonly reason: CompileErrorReason;
  /** Says what was wrong and how to fix it; shown to the model in a repair prompt. */
  readonly message: string;
  /** 1-based line of the offending code. */
  readonly line?: number;
  /** 0-based column of the offending code (acorn's convention; add 1 for editors). */
  readonly column?: number;
}

/** Returns a CompileError located at `at` (a node with locations, or an explicit position). */
export function compileError(
  reason: CompileErrorReason,
  message: string,
  at?: Node | { readonly line: number; readonly column: number },
): CompileError {
  const position = at === undefined ? undefined : 'line' in at ? at : at.loc?.start;
  return position === undefined
    ? { name: 'CompileError', reason, message }
    : { name: 'CompileError', reason, message, line: position.line, column: position.column };
}
