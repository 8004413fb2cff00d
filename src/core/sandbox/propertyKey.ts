/**
 * The key guard: the runtime half of the rule on property names. The static
 * check rejects `x.constructor`, `x['__proto__']` and the like, but not a
 * key computed at run time, `x['con' + 'structor']`, which would reach
 * `Function` (hence the global object) or a shared prototype (hence every
 * later candidate of the same worker). compile.ts wraps each computed key
 * that is not plainly a number in a call of `checkedPropertyKey`.
 */
import { forbiddenProperties, forbiddenPropertyMessage } from './forbidden.ts';

/** Thrown when a candidate's code asks for something the sandbox refuses at run time. */
export class SandboxViolation extends TypeError {
  override readonly name = 'SandboxViolation';
}
Object.freeze(SandboxViolation);
Object.freeze(SandboxViolation.prototype);

/** Returns whether a thrown value is a SandboxViolation (by name: it may have crossed a worker boundary). */
export function isSandboxViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'SandboxViolation'
  );
}

/**
 * Returns `key` as the property key it stands for, converted once (so an
 * object whose `toString` answers differently each time cannot slip a
 * second key past the check), or throws a SandboxViolation for a forbidden
 * name. Numbers, the common case in hot loops, pass unconverted.
 */
export function checkedPropertyKey(key: unknown): unknown {
  if (typeof key === 'number') return key;
  const name = typeof key === 'symbol' ? key : String(key);
  if (typeof name === 'string' && forbiddenProperties.has(name)) {
    throw new SandboxViolation(forbiddenPropertyMessage(name, true));
  }
  return name;
}
