/**
 * Size-capped typed arrays for heuristics. A typed array's memory lies
 * outside the JavaScript heap, so a worker's heap limit (Node's
 * --max-old-space-size) does not bound it: `new Float64Array(2 ** 30)`
 * takes 8 GB of the machine. Heuristics see these stand-ins under the
 * usual names (compile.ts shadows the globals); `new` and `from` ask for
 * at most `maxTypedArrayLength` elements, and what else allocates (`of`,
 * `slice`, `map`, `filter`) is no larger than its source. Raw buffers stay
 * out of reach (`buffer` is a forbidden property), so no other way
 * allocates.
 *
 * Not bounded: many arrays each under the cap, kept alive together. Their
 * wrappers are on the heap but small; the time limit and, in Node, the
 * worker's process boundary are what stop such code (docs/security.md).
 */

/** The most elements one typed array of a heuristic may have: 4 Mi, 32 MB as Float64Array. */
export const maxTypedArrayLength = 1 << 22;

/**
 * Returns the length a typed-array constructor will allocate for `first`,
 * its first argument, as the engine computes it: a number or numeric text
 * is the length, an array or array-like gives its `length`, anything else
 * (an iterable such as a Set) gives 0 here — its elements live on the heap
 * already. An array-like whose `length` is not a number is refused, since
 * converting it could run the candidate's code twice with different answers.
 */
function requestedLength(first: unknown, name: string): number {
  if (typeof first === 'object' && first !== null) {
    const length: unknown = (first as { length?: unknown }).length;
    if (length === undefined || typeof length === 'number') return length ?? 0;
    throw new TypeError(`${name} needs a length, an array or an array-like with a numeric length`);
  }
  if (typeof first === 'number' || typeof first === 'string' || typeof first === 'boolean')
    return Number(first);
  return 0;
}

type TypedArrayConstructor = Float64ArrayConstructor | Int32ArrayConstructor;

/** Throws a RangeError (worded as the engine's) when `length` is over the cap. */
function checkLength(length: number, name: string): void {
  if (length > maxTypedArrayLength) {
    throw new RangeError(
      `Invalid typed array length: ${length} (a heuristic's ${name} may hold at most ${maxTypedArrayLength} elements)`,
    );
  }
}

/**
 * Returns a frozen stand-in for `Base`, named `name`, that refuses more than
 * maxTypedArrayLength elements and otherwise builds a plain `Base`. A
 * function rather than a subclass: a subclass's constructor cost 1.6 times
 * the builtin's per allocation (Node 20), this one about the same, and its
 * arrays are the engine's own, so `slice` and `map` keep their fast paths
 * (they allocate no more than the array they copy). It shares `Base`'s
 * prototype, so `instanceof` holds for the arrays the problems pass in.
 */
function capped(Base: TypedArrayConstructor, name: string): TypedArrayConstructor {
  // Three parameters: no constructor form of a typed array takes more.
  const Capped = function (this: unknown, a?: unknown, b?: unknown, c?: unknown) {
    if (new.target === undefined) throw new TypeError(`Constructor ${name} requires 'new'`);
    checkLength(requestedLength(a, name), name);
    return new (Base as new (...args: unknown[]) => object)(a, b, c);
  };
  Object.defineProperties(Capped, {
    name: { value: name },
    prototype: { value: Base.prototype },
    BYTES_PER_ELEMENT: { value: Base.BYTES_PER_ELEMENT },
    from: {
      value: function from(source: unknown, map?: (value: unknown, index: number) => number) {
        checkLength(requestedLength(source, name), name);
        const from = Base.from as (
          source: unknown,
          map?: (value: unknown, index: number) => number,
        ) => object;
        return map === undefined ? from.call(Base, source) : from.call(Base, source, map);
      },
    },
    of: { value: (...items: number[]) => Base.of(...items) },
  });
  return Object.freeze(Capped) as unknown as TypedArrayConstructor;
}

/** What heuristics see as `Float64Array` and `Int32Array`. */
export const cappedTypedArrays: ReadonlyMap<string, TypedArrayConstructor> = new Map([
  ['Float64Array', capped(Float64Array, 'Float64Array')],
  ['Int32Array', capped(Int32Array, 'Int32Array')],
]);
