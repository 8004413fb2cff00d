/**
 * The one error a run file can raise on import or export, and how it names
 * a place in the file (`candidates[12].status`) and the value found there,
 * so every message says exactly what is wrong and where.
 */

/** A run file that cannot be read or written; `message` says what is wrong and where. */
export class RunFileError extends Error {
  override readonly name = 'RunFileError';
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** Returns a path as written in JavaScript: `candidates[12].error.line`, `parameters["n agents"]`. */
export function formatPath(keys: readonly (string | number)[]): string {
  let path = '';
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`;
    else if (identifier.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path === '' ? 'the run file' : path;
}

/** Returns a short description of a JSON value for a message: `'weird'`, `12`, `an object`, `missing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return `'${shown}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
