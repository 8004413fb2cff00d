/**
 * The runtime layer behind the static check and the key guard: it hardens
 * the worker's realm once, before any candidate runs, so that what a
 * candidate can reach without a forbidden key cannot be changed for the
 * candidates after it. Only the evaluation workers call this; it touches
 * language intrinsics only, so it works the same in browsers and in Node.
 *
 * What a candidate can reach without a forbidden key: the allowed globals
 * (Math, Number, Array, Float64Array, Int32Array, Map, Set, the Error
 * constructors, isFinite, isNaN, parseFloat, parseInt), their functions,
 * and the methods of the values it makes (`[].push`, `(1).toFixed`,
 * `[].values().next`, `/a/.exec`). All of these function objects are frozen
 * here, with the namespaces and constructors that hold them, so `const A =
 * Array; A.from = …` or `[].push.memo = …` throws instead of leaving state
 * behind for the next candidate.
 *
 * The prototypes themselves (of arrays, objects, typed arrays, maps,
 * iterators) are left as they are, on purpose: changing their properties
 * trips V8's protectors (no-elements, array species, array iterator), after
 * which array code takes slow paths. Measured on Node 20 with
 * vcg-redistribution: freezing them made evaluations 4–8 times slower,
 * merely locking the methods of Object.prototype and Array.prototype 1.5
 * times. Freezing the method *functions*, as here, changes no prototype.
 * The prototypes are reachable only through `__proto__`, `constructor` or
 * `prototype`, which the static check and the key guard refuse; as a second
 * line, the `constructor` of every function prototype is set to undefined,
 * so even a prototype reached some other way opens no `Function`.
 */

/**
 * Returns the prototypes of the four kinds of function: plain, async,
 * generator and async generator. Their `constructor`s all evaluate source.
 */
function functionPrototypes(): object[] {
  return [
    Function.prototype,
    Object.getPrototypeOf(async function () {}) as object,
    Object.getPrototypeOf(function* () {}) as object,
    Object.getPrototypeOf(async function* () {}) as object,
  ];
}

/** Returns the namespaces and constructors a candidate may name (or that the fixes and the output guard call). */
function namespaces(): object[] {
  const typedArray = Object.getPrototypeOf(Float64Array) as object;
  return [Math, Number, Object, Array, Float64Array, Int32Array, typedArray, Map, Set]
    .concat([Error, RangeError, TypeError, ReferenceError, SyntaxError])
    .concat([isFinite, isNaN, parseFloat, parseInt]);
}

/** Returns values of every kind a candidate can make, whose prototype chains hold the methods it can reach. */
function sampleValues(): unknown[] {
  return [
    [],
    [].values(),
    new Map(),
    new Map().entries(),
    new Set(),
    new Set().values(),
    '',
    ''[Symbol.iterator](),
    'a'.matchAll(/a/g),
    /a/,
    0,
    0n,
    true,
    new Float64Array(0),
    new Int32Array(0),
    new Error(),
    new RangeError(),
    new TypeError(),
    new ReferenceError(),
    new SyntaxError(),
    () => 0,
  ];
}

/** Returns the prototype chains of `values`, without duplicates. */
function prototypesOf(values: readonly unknown[]): Set<object> {
  const found = new Set<object>();
  for (const value of values) {
    for (let p = Object.getPrototypeOf(value) as object | null; p !== null; p = Object.getPrototypeOf(p)) {
      found.add(p);
    }
  }
  return found;
}

/** Freezes every function `holder` has as a property value, getter or setter (not `holder` itself). */
function freezeMethods(holder: object): void {
  for (const key of Reflect.ownKeys(holder)) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, key);
    for (const part of [descriptor?.value, descriptor?.get, descriptor?.set]) {
      if (typeof part === 'function' && part !== holder) Object.freeze(part);
    }
  }
}

/**
 * Hardens the current realm for running candidates: sets the `constructor`
 * of every function prototype to undefined, non-writable and
 * non-configurable, so no candidate can evaluate source; freezes the
 * namespaces and constructors candidates may name (Math, Number, Object,
 * Array, the typed arrays, Map, Set, the Errors, the global predicates) and
 * every function reachable from them or from the values candidates make.
 * The global `Function` itself stays (the sandbox's compiler needs it;
 * candidates cannot name it). Irreversible for the realm; calling it again
 * changes nothing.
 */
export function hardenIntrinsics(): void {
  for (const prototype of functionPrototypes()) {
    Object.defineProperty(prototype, 'constructor', {
      value: undefined,
      writable: false,
      enumerable: false,
      configurable: false,
    });
  }
  const holders = namespaces();
  for (const holder of [...holders, ...prototypesOf(sampleValues())]) freezeMethods(holder);
  for (const holder of holders) Object.freeze(holder);
}
