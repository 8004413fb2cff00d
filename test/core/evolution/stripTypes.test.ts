import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'acorn';
import { stripTypes } from '../../../src/core/evolution/stripTypes.ts';

const parses = (code: string) => parse(code, { ecmaVersion: 'latest', sourceType: 'script' });

describe('stripTypes removes the TypeScript small models write', () => {
  const cases: [string, string, string][] = [
    [
      'parameter and return annotations',
      'function priority(bid: number, bidder: number, n: number): number { return bid; }',
      'function priority(bid, bidder, n) { return bid; }',
    ],
    ['optional parameters', 'function f(a?: number, b?) { return a; }', 'function f(a, b) { return a; }'],
    [
      'defaults after annotations',
      'function f(x: number = 1, y: string = "a") {}',
      'function f(x = 1, y = "a") {}',
    ],
    ['rest parameters', 'function f(...rest: number[]): void {}', 'function f(...rest) {}'],
    [
      'destructured parameters',
      'function g({ a, b }: { a: number; b: number }) {}',
      'function g({ a, b }) {}',
    ],
    [
      'function types',
      'function g(cb: (x: number) => number): number | null { return null; }',
      'function g(cb) { return null; }',
    ],
    [
      'generics on a function',
      'function f<T extends number>(xs: T[]): T { return xs[0]; }',
      'function f(xs) { return xs[0]; }',
    ],
    [
      'readonly arrays and tuples',
      'function f(a: readonly number[], t: [number, string]) {}',
      'function f(a, t) {}',
    ],
    ['nested generic types', 'function f(m: Map<string, Array<number>>) {}', 'function f(m) {}'],
    [
      'variable annotations',
      'const x: number[] = []; let y: number = 0; var z: string;',
      'const x = []; let y = 0; var z;',
    ],
    ['definite assignment', 'let w!: number;', 'let w;'],
    ['loop variables', 'for (let i: number = 0; i < n; i++) {}', 'for (let i = 0; i < n; i++) {}'],
    ['as casts', 'const a = (b as number) * 2 + (c as unknown as number);', 'const a = (b) * 2 + (c);'],
    [
      'as const and satisfies',
      'const k = [1, 2] as const; const o = {} satisfies object;',
      'const k = [1, 2]; const o = {};',
    ],
    ['non-null assertions', 'const v = xs[i]! + o!.p + f()!;', 'const v = xs[i] + o.p + f();'],
    [
      'type arguments of new and calls',
      'const m = new Map<string, number>(); const a = f<number>(1);',
      'const m = new Map(); const a = f(1);',
    ],
    [
      'typed arrow functions',
      'const f = (x: number, y: number): number => x + y;',
      'const f = (x, y) => x + y;',
    ],
    ['typed callbacks', 'xs.map((b: number, i: number): number => b * i);', 'xs.map((b, i) => b * i);'],
    [
      'object return types',
      'function f(): { a: number } { return { a: 1 }; }',
      'function f() { return { a: 1 }; }',
    ],
    ['annotations inside templates', 'const t = `v=${x as number}`;', 'const t = `v=${x}`;'],
  ];
  for (const [what, typed, plain] of cases) {
    it(`removes ${what}`, () => {
      const stripped = stripTypes(typed);
      expect(stripped).toBe(plain);
      expect(() => parses(stripped)).not.toThrow();
    });
  }

  it('returns code that does not tokenize unchanged', () => {
    expect(stripTypes('const s = "unterminated: number')).toBe('const s = "unterminated: number');
  });
});

// Plain JavaScript built from pieces that look like TypeScript to a careless stripper:
// ternaries, object literals, labels, switch cases, comparisons, `!`, and identifiers named `as`.
const name = fc.constantFrom('a', 'b', 'as', 'satisfies', 'x1', 'number', 'type', 'of');
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    name,
    fc.integer({ min: 0, max: 99 }).map(String),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, f]) => `(${c} ? ${t} : ${f})`),
    fc.tuple(name, tie('e')).map(([k, v]) => `({ ${k}: ${v} })`),
    fc
      .tuple(tie('e'), fc.constantFrom('<', '>', '<=', '!=', '!==', '>>', '<<', '&&', '||', '+'), tie('e'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    tie('e').map((e) => `!${e}`),
    fc.tuple(name, tie('e')).map(([f, e]) => `f(${e}, ${f})`),
    fc.tuple(name, tie('e')).map(([p, e]) => `((${p}) => ${e})`),
    tie('e').map((i) => `o[${i}]`),
  ),
})).e;
const statement = fc.oneof(
  fc.tuple(name, expression).map(([n, e]) => `let v_${n} = ${e};`),
  expression.map((e) => `if (${e}) { y = 1; } else { y = 2; }`),
  expression.map((e) => `switch (${e}) { case 1: y = 3; break; default: y = 4; }`),
  expression.map((e) => `outer: for (let i = 0; i < ${e}; i++) { continue outer; }`),
  fc.tuple(name, expression).map(([n, e]) => `function g_${n}(p, q = ${e}) { return ${e}; }`),
  expression.map((e) => `const { k: renamed } = ${e};`),
);

describe('stripTypes leaves JavaScript alone', () => {
  it('returns plain JavaScript unchanged (ternaries, object literals, labels, cases, comparisons, `as` as a name)', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (statements) => {
        const code = statements.map((s) => `{\n  ${s}\n}`).join('\n');
        parses(code);
        expect(stripTypes(code)).toBe(code);
      }),
      { numRuns: 300 },
    );
  });
});

// Parameter types from a small grammar, attached to a plain function.
const type: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('number', 'string', 'boolean', 'unknown', 'null', 'undefined', 'void', '"a"', '1'),
    tie('t').map((t) => `${t}[]`),
    tie('t').map((t) => `Array<${t}>`),
    tie('t').map((t) => `readonly ${t}[]`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `${a} | ${b}`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `[${a}, ${b}]`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `Map<${a}, ${b}>`),
    tie('t').map((t) => `{ k: ${t} }`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `(x: ${a}) => ${b}`),
  ),
})).t;

describe('stripTypes on generated annotations', () => {
  it('turns any annotated function into the plain one', () => {
    fc.assert(
      fc.property(fc.array(type, { minLength: 1, maxLength: 3 }), type, (parameterTypes, returnType) => {
        const names = parameterTypes.map((_, i) => `p${i}`);
        const typed = `function f(${names.map((p, i) => `${p}: ${parameterTypes[i]}`).join(', ')}): ${returnType} {\n  const r: ${returnType} = p0 as ${parameterTypes[0]};\n  return r;\n}`;
        const plain = `function f(${names.join(', ')}) {\n  const r = p0;\n  return r;\n}`;
        expect(stripTypes(typed)).toBe(plain);
      }),
      { numRuns: 300 },
    );
  });
});
