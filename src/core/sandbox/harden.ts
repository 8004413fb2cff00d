/**
 * The runtime layer behind the static check, for what a key computed at run
 * time opens. `f['constr' + 'uctor']` passes the static check
 * (inspectProgram.ts cannot know the key), and the constructor of any
 * function is `Function`, whose `Function('return this')()` is the global
 * object: messages, network, storage. `({})['constr' + 'uctor']` is
 * `Object`, whose `defineProperty` could replace `Math.max` or
 * `Number.isFinite` for the fixes, the output guard and every later
 * candidate of the same worker. Only the evaluation workers call this, once,
 * before any candidate runs; it touches language intrinsics only, so it
 * works the same in browsers and in Node.
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

/**
 * Hardens the current realm for running candidates: sets the `constructor`
 * of every function prototype to undefined, non-writable and
 * non-configurable, so no candidate can evaluate source, and freezes
 * `Math`, `Number` and `Object`, whose functions the fixes and the output
 * guard call. The global `Function` itself stays (the sandbox's compiler
 * needs it; candidates cannot name it). Irreversible for the realm; calling
 * it again changes nothing.
 *
 * The prototypes (of arrays, objects, typed arrays, maps, iterators) are
 * left as they are, on purpose: changing their properties trips V8's
 * protectors (no-elements, array species, array iterator), after which
 * array code takes slow paths. Measured on Node 20 with vcg-redistribution:
 * freezing them made evaluations 4–8 times slower, merely locking the
 * methods of Object.prototype and Array.prototype 1.5 times. A candidate
 * that reaches a prototype through a computed `__proto__` key can therefore
 * still change it for later candidates of the same worker.
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
  for (const namespace of [Math, Number, Object]) Object.freeze(namespace);
}
