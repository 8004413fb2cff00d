/**
 * What a heuristic may name. A heuristic is a pure numeric function of its
 * parameters, so the static check works from an allowlist: an identifier must
 * be a parameter, a local binding or one of `allowedGlobals`. Globals known to
 * be dangerous get a specific message and are also shadowed at compile time
 * (the second layer, see compile.ts); everything else unknown is rejected with
 * the generic message.
 */

/** The globals a numeric heuristic may use, each with why it is needed. */
export const allowedGlobals: ReadonlyMap<string, string> = new Map([
  ['Math', 'arithmetic (Math.random excepted, see below)'],
  ['Number', 'Number.isFinite, Number.EPSILON, Number.MAX_VALUE, …'],
  ['Infinity', 'a constant'],
  ['NaN', 'a constant'],
  ['undefined', 'a constant'],
  ['isFinite', 'checks on inputs'],
  ['isNaN', 'checks on inputs'],
  ['parseFloat', 'number parsing'],
  ['parseInt', 'number parsing'],
  ['Array', 'Array.isArray, Array.from, new Array(k)'],
  ['Float64Array', 'fast numeric buffers'],
  ['Int32Array', 'fast integer buffers (counts, indices)'],
  ['Map', 'lookup tables local to a call or a top-level const'],
  ['Set', 'membership tests'],
  ['Error', 'throwing on impossible input (the caller records the error)'],
  ['RangeError', 'as Error'],
  ['TypeError', 'as Error'],
]);

const codeEvaluation = 'evaluates code at run time';
const globalObject = 'exposes the global object';
const input = 'reads or writes outside the function (network, storage, messages, DOM)';
const reflection = 'can inspect or redefine built-in objects';
const nondeterminism = 'makes results depend on time or scheduling, so scores would not be reproducible';

/**
 * Globals that are rejected with a reason and shadowed by `undefined` when the
 * source is compiled. All of them must be valid parameter names in sloppy mode.
 */
export const blockedGlobals: ReadonlyMap<string, string> = new Map([
  ['eval', codeEvaluation],
  ['Function', codeEvaluation],
  ['WebAssembly', codeEvaluation],
  ['globalThis', globalObject],
  ['self', globalObject],
  ['window', globalObject],
  ['global', globalObject],
  ['frames', globalObject],
  ['parent', globalObject],
  ['top', globalObject],
  ['fetch', input],
  ['importScripts', input],
  ['XMLHttpRequest', input],
  ['WebSocket', input],
  ['EventSource', input],
  ['postMessage', input],
  ['onmessage', input],
  ['close', input],
  ['addEventListener', input],
  ['removeEventListener', input],
  ['dispatchEvent', input],
  ['Worker', input],
  ['SharedWorker', input],
  ['BroadcastChannel', input],
  ['MessageChannel', input],
  ['navigator', input],
  ['location', input],
  ['document', input],
  ['localStorage', input],
  ['sessionStorage', input],
  ['indexedDB', input],
  ['caches', input],
  ['crypto', input],
  ['console', input],
  ['require', input],
  ['process', input],
  ['module', input],
  ['exports', input],
  ['Buffer', input],
  ['Object', reflection],
  ['Reflect', reflection],
  ['Proxy', reflection],
  ['Symbol', reflection],
  ['WeakMap', reflection],
  ['WeakRef', reflection],
  ['FinalizationRegistry', reflection],
  ['Date', nondeterminism],
  ['performance', nondeterminism],
  ['setTimeout', nondeterminism],
  ['setInterval', nondeterminism],
  ['setImmediate', nondeterminism],
  ['queueMicrotask', nondeterminism],
  ['requestAnimationFrame', nondeterminism],
  ['Atomics', nondeterminism],
  ['SharedArrayBuffer', nondeterminism],
  ['Promise', nondeterminism],
]);

const prototypes = 'reaches prototypes, constructors (hence `Function`) or the call stack';
const rawMemory = "reaches a typed array's raw memory, outside the sandbox's size limit";

/**
 * Property names that reach prototypes, constructors (hence `Function`), the
 * call stack or raw memory, each with what it reaches. Rejected as
 * `x.name`, `x['name']`, in destructuring patterns and as object-literal
 * keys; keys built at run time (`x['con' + 'structor']`) are refused by the
 * key guard (propertyKey.ts) that compile.ts puts around every computed key.
 */
export const forbiddenProperties: ReadonlyMap<string, string> = new Map([
  ['constructor', prototypes],
  ['prototype', prototypes],
  ['__proto__', prototypes],
  ['__defineGetter__', prototypes],
  ['__defineSetter__', prototypes],
  ['__lookupGetter__', prototypes],
  ['__lookupSetter__', prototypes],
  ['caller', prototypes],
  ['callee', prototypes],
  ['arguments', prototypes],
  ['buffer', rawMemory],
]);

/**
 * Property names a caller's type conversion would invoke (`Number(x)`,
 * `String(x)`, JSON, promises): a heuristic may not define or assign them,
 * so an object it returns cannot run code in the caller.
 */
export const coercionHooks: ReadonlySet<string> = new Set([
  'valueOf',
  'toString',
  'toJSON',
  'toLocaleString',
  'then',
]);

/** What is said about each forbidden construct (inspectProgram.ts): what is wrong and what to do instead. */
export const constructMessages = {
  this: '`this` is not allowed: a heuristic is a plain function; use its parameters.',
  arguments: '`arguments` is not allowed: name the parameters instead.',
  async: 'async functions and `await` are not allowed: a heuristic must return its number synchronously.',
  generator: 'generators and `yield` are not allowed: return a number, not an iterator.',
  class: 'classes are not allowed: write plain functions and object literals.',
  with: '`with` is not allowed: name the object explicitly.',
  debugger: '`debugger` statements are not allowed: remove them.',
  tagged: 'tagged templates are not allowed: call the function with ordinary arguments.',
  import: '`import()` is not allowed: the heuristic must be self-contained.',
  meta: 'meta properties (`new.target`, `import.meta`) are not allowed: use the parameters.',
  accessor: 'getters and setters are not allowed in object literals: store plain values.',
  random:
    '`Math.random` is not allowed: heuristics must be deterministic so that every score can be reproduced; use a fixed rule (e.g. break ties by index).',
  using: '`using` declarations are not allowed: use const.',
};

/** Returns what is said about the forbidden property `name`; `computed` for a key built at run time. */
export function forbiddenPropertyMessage(name: string, computed = false): string {
  const reason = forbiddenProperties.get(name) ?? prototypes;
  const key = computed ? ' (a key computed at run time)' : '';
  return `access to \`${name}\`${key} is not allowed: it ${reason}; use the value itself.`;
}

/** Returns the message for a free identifier that is not an allowed global. */
export function unknownGlobalMessage(name: string): string {
  const reason = blockedGlobals.get(name);
  const allowed = [...allowedGlobals.keys()].join(', ');
  if (reason !== undefined) {
    return `\`${name}\` is not available to heuristics: it ${reason}. Compute the result from the parameters only, using ${allowed}.`;
  }
  return `\`${name}\` is not defined: it is not a parameter, a local variable or function, or an allowed global (${allowed}). Declare it or compute it from the parameters.`;
}
