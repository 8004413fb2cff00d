/**
 * Renames an identifier in code, on tokens, so that strings, comments,
 * property names (`o.priority`, `{ priority: 1 }`) and longer names that
 * contain it stay as they are — what FunSearch's `rename_function_calls`
 * does with Python's tokenizer.
 */
import { allTokens } from './tokens.ts';

/** Returns `code` with every identifier `from` replaced by `to`; falls back to whole words if `code` does not tokenize. */
export function renameIdentifier(code: string, from: string, to: string): string {
  if (from === to || !code.includes(from)) return code;
  const tokens = allTokens(code);
  if (!tokens) return code.replace(new RegExp(`(?<![\\w$.])${escape(from)}(?![\\w$])`, 'g'), to);
  let out = '';
  let at = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.label !== 'name' || token.value !== from) continue;
    const before = tokens[i - 1]?.label;
    if (before === '.' || before === '?.') continue;
    if ((before === '{' || before === ',') && tokens[i + 1]?.label === ':') continue;
    out += code.slice(at, token.start) + to;
    at = token.end;
  }
  return out + code.slice(at);
}

function escape(name: string): string {
  return name.replace(/[$]/g, '\\$');
}
