/**
 * Replies that wrap the code in JSON (`{"thought": "…", "code": "function …"}`),
 * as models tuned for tool calls like to. Small models often write JSON
 * with raw line breaks inside strings, so a field is also read without a
 * full JSON parse.
 */

const codeKeys = [
  'code',
  'function',
  'javascript',
  'js',
  'implementation',
  'heuristic',
  'program',
  'solution',
  'source',
  'answer',
];
const thoughtKeys = ['thought', 'idea', 'description', 'explanation', 'approach', 'rationale', 'reasoning'];

export interface JsonReply {
  readonly code: string;
  readonly field: string;
  readonly thought: string | null;
}

/** Returns the code field (and a thought field) of a JSON-wrapped reply, or null if the reply is not one. */
export function jsonReply(text: string): JsonReply | null {
  if (!/"[A-Za-z]+"\s*:/.test(text)) return null;
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open < 0 || close <= open) return null;
  const body = text.slice(open, close + 1);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = looseFields(body);
  }
  const code = findField(value, codeKeys, isCode, 0);
  if (!code) return null;
  const thought = findField(value, thoughtKeys, (s) => s.trim().length > 0, 0);
  return { code: code.value, field: code.key, thought: thought ? thought.value : null };
}

function isCode(value: string): boolean {
  return /\bfunction\b|=>|\breturn\b/.test(value);
}

/** Searches `value` (and objects nested up to three deep) for the first key of `keys` with a fitting string. */
function findField(
  value: unknown,
  keys: readonly string[],
  fits: (s: string) => boolean,
  depth: number,
): { key: string; value: string } | null {
  if (!value || typeof value !== 'object' || depth > 3) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  for (const wanted of keys) {
    for (const [key, field] of entries) {
      if (key.toLowerCase() === wanted && typeof field === 'string' && fits(field))
        return { key, value: field };
    }
  }
  for (const [, field] of entries) {
    const found = findField(field, keys, fits, depth + 1);
    if (found) return found;
  }
  return null;
}

const stringField = /"([A-Za-z_]+)"\s*:\s*"((?:[^"\\]|\\[\s\S])*)"/g;

/** Reads `"key": "string"` pairs from text that is almost JSON. */
function looseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of text.matchAll(stringField)) {
    if (!(match[1] in fields)) fields[match[1]] = unescape(match[2]);
  }
  return fields;
}

function unescape(raw: string): string {
  try {
    return JSON.parse(`"${raw.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`) as string;
  } catch {
    return raw
      .replace(/\\(["\\/])/g, '$1')
      .replace(/\\n/g, '\n')
      .replace(/\\t/g, '\t');
  }
}
