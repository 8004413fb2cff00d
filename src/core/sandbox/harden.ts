/**
 * The runtime layer behind the static check, for what a key computed at run
 * time opens. `f['constr' + 'uctor']` passes the static check
 * (inspectProgram.ts cannot know the key), and the constructor of any
 * function is `Function`, whose `Function('return this')()` is the global
 * object: messages, network, storage. `({})['constr' + 'uctor']` is
 * `Object`, whose `defineProperty` could redefine `Math.max` or
 * `Array.prototype.map` for every later candidate of the same worker (and
 * for the fix itself), so results would depend on which worker ran them.
 * Only the evaluation workers call this, once, before any candidate runs;
 * it touches language intrinsics only, so it works the same in browsers and
 * in Node.
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
 * Returns the intrinsics a candidate can reach from the values it can make
 * (numbers, strings, arrays, objects, functions, regular expressions, maps,
 * sets, typed arrays, their iterators) and that MechLab's own computations
 * use. The Error family is left out: Node writes `Error.stackTraceLimit`.
 */
function reachableIntrinsics(): object[] {
  const typedArray = Object.getPrototypeOf(Int8Array) as object;
  const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]()) as object;
  const constructors = [
    Object,
    Function,
    Array,
    Number,
    String,
    Boolean,
    RegExp,
    Map,
    Set,
    ArrayBuffer,
    ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array],
    ...[Float32Array, Float64Array, BigInt64Array, BigUint64Array],
  ];
  return [
    Math,
    typedArray,
    (typedArray as { prototype: object }).prototype,
    ...constructors.flatMap((c) => [c, c.prototype as object]),
    arrayIterator,
    Object.getPrototypeOf(arrayIterator) as object,
    Object.getPrototypeOf(new Map().entries()) as object,
    Object.getPrototypeOf(new Set().values()) as object,
    Object.getPrototypeOf(''[Symbol.iterator]()) as object,
  ];
}

/**
 * Hardens the current realm for running candidates: sets the `constructor`
 * of every function prototype to undefined, non-writable and
 * non-configurable, then freezes the intrinsics candidates can reach, so a
 * candidate can neither evaluate source nor change what later candidates
 * and the fixes compute with. The global `Function` itself stays (the
 * sandbox's compiler needs it; candidates cannot name it). Irreversible for
 * the realm; calling it again changes nothing.
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
  for (const intrinsic of reachableIntrinsics()) Object.freeze(intrinsic);
}
