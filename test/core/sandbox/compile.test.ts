import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HeuristicSignature } from '../../../src/core/problem.ts';
import { compileHeuristic, shadowedLoader, type CompileError } from '../../../src/core/sandbox/compile.ts';
import { blockedGlobals } from '../../../src/core/sandbox/forbidden.ts';

const priority: HeuristicSignature = { name: 'priority', parameters: ['bid', 'bidder', 'n'], doc: '' };
const rebate: HeuristicSignature = { name: 'rebate', parameters: ['others', 'n', 'm'], doc: '' };
const allocate: HeuristicSignature = { name: 'allocate', parameters: ['bids'], doc: '' };

/** Compiles `source` and returns the heuristic as a plain callable, failing the test on a CompileError. */
function compiled(source: string, signature: HeuristicSignature): (...args: unknown[]) => unknown {
  const result = compileHeuristic(source, signature);
  if (!result.ok) throw new Error(`expected ${signature.name} to compile: ${result.error.message}`);
  expect(result.source).toBe(source);
  return result.heuristic as (...args: unknown[]) => unknown;
}

/** Compiles `source` and returns its CompileError, failing the test if it compiles. */
function rejected(source: string, signature: HeuristicSignature = priority): CompileError {
  const result = compileHeuristic(source, signature);
  if (result.ok) throw new Error(`expected a CompileError for:\n${source}`);
  expect(JSON.parse(JSON.stringify(result.error))).toEqual(result.error);
  return result.error;
}

describe('compileHeuristic accepts plain numeric heuristics and returns the function they define', () => {
  const valid: [string, string, HeuristicSignature, unknown[], unknown][] = [
    [
      'a function declaration',
      'function priority(bid, bidder, n) { return bid - 0.5; }',
      priority,
      [0.75, 0, 2],
      0.25,
    ],
    ['a const arrow', 'const priority = (bid, bidder, n) => bid * n;', priority, [0.5, 0, 3], 1.5],
    [
      'a const function expression',
      'const priority = function (bid, bidder, n) { return bid + bidder; };',
      priority,
      [0.5, 2, 3],
      2.5,
    ],
    [
      'parameters with other names and a helper defined after use',
      'function priority(b, i, k) { return square(b) + i; }\nfunction square(x) { return x * x; }',
      priority,
      [3, 1, 2],
      10,
    ],
    [
      'Math functions and constants',
      'function priority(bid, bidder, n) { return Math.max(0, bid - Math.sqrt(1 / n)) + Math.PI * 0; }',
      priority,
      [1, 0, 4],
      0.5,
    ],
    [
      'a loop over the input array',
      'function rebate(others, n, m) {\n  let s = 0;\n  for (let k = m; k < others.length; k++) s += others[k];\n  return s / n;\n}',
      rebate,
      [[0.9, 0.6, 0.3, 0.2], 4, 2],
      0.125,
    ],
    [
      'sorting a copy of the input',
      'function rebate(others, n, m) {\n  const sorted = [...others].sort((a, b) => a - b);\n  return sorted[0] + sorted.slice().length;\n}',
      rebate,
      [Object.freeze([0.9, 0.2, 0.5]), 4, 1],
      3.2,
    ],
    [
      'top-level const tables and helper constants',
      'const weights = [0.5, 0.25, 0.125];\nconst scale = 2;\nfunction rebate(others, n, m) {\n  return scale * others.reduce((s, x, k) => s + (weights[k] ?? 0) * x, 0);\n}',
      rebate,
      [[1, 1, 1, 1], 5, 1],
      1.75,
    ],
    [
      'for-of with destructuring, Map and Set',
      'function allocate(bids) {\n  const seen = new Set();\n  const index = new Map();\n  let best = -1, top = -Infinity;\n  for (const [i, b] of bids.entries()) {\n    seen.add(b); index.set(b, i);\n    if (b > top) { top = b; best = i; }\n  }\n  return seen.size === bids.length ? index.get(top) : best;\n}',
      allocate,
      [[0.1, 0.7, 0.3]],
      1,
    ],
    [
      'typed arrays, Number and the global predicates',
      'function rebate(others, n, m) {\n  const buf = new Float64Array(others.length);\n  for (let k = 0; k < buf.length; k++) buf[k] = Number.isFinite(others[k]) && !isNaN(others[k]) ? others[k] : 0;\n  return buf[m] + parseFloat("0.5") + parseInt("1", 10) + (isFinite(NaN) ? 1 : 0);\n}',
      rebate,
      [[0.9, NaN, 0.25], 4, 2],
      1.75,
    ],
    [
      'switch, labelled loops, try/catch, template literals, optional chaining and ??',
      "function allocate(bids) {\n  let winner = -1;\n  outer: for (let i = 0; i < bids.length; i++) {\n    switch (typeof bids[i]) {\n      case 'number': break;\n      default: continue outer;\n    }\n    try { if (`${bids[i]}` === 'x') throw new Error('no'); } catch (e) { return -1; } finally { winner = winner ?? i; }\n    if (winner < 0 || bids[i] > bids[winner]) winner = i;\n  }\n  return bids?.[winner] !== undefined ? winner : -1;\n}",
      allocate,
      [[0.2, 'x', 0.9, 0.4]],
      2,
    ],
    [
      "a 'use strict' directive, comments and stray semicolons",
      "'use strict';\n// the reserve price\n;function priority(bid, bidder, n) { /* virtual value */ return 2 * bid - 1; };",
      priority,
      [0.75, 0, 2],
      0.5,
    ],
    [
      'closures, recursion and helper defaults',
      'function fact(k, acc = 1) { return k <= 1 ? acc : fact(k - 1, acc * k); }\nconst make = (c) => (x) => c * x;\nconst priority = (bid, bidder, n) => make(fact(n))(bid);',
      priority,
      [0.5, 0, 3],
      3,
    ],
    [
      'locals that reuse the names of blocked globals',
      'function priority(bid, bidder, n) { const top = bid; let self = n; var parent = top * self; return parent; }',
      priority,
      [0.5, 0, 4],
      2,
    ],
    [
      'Array.isArray and Array.from',
      'function allocate(bids) {\n  if (!Array.isArray(bids)) return -1;\n  const idx = Array.from({ length: bids.length }, (_, i) => i);\n  return idx.reduce((a, b) => (bids[b] > bids[a] ? b : a), 0);\n}',
      allocate,
      [[0.3, 0.1, 0.8]],
      2,
    ],
  ];

  for (const [what, source, signature, args, expected] of valid) {
    it(`accepts ${what}`, () => {
      const heuristic = compiled(source, signature);
      const value = heuristic(...args);
      if (typeof expected === 'number') expect(value).toBeCloseTo(expected, 12);
      else expect(value).toEqual(expected);
    });
  }

  it('returns a plain function that may throw, and keeps no hold on its arguments', () => {
    const heuristic = compiled(
      "function priority(bid, bidder, n) { if (bid < 0) throw new RangeError('negative'); return bid; }",
      priority,
    );
    expect(typeof heuristic).toBe('function');
    expect(() => heuristic(-1, 0, 2)).toThrow(RangeError);
    const input = [0.3, 0.1];
    compiled('function rebate(o, n, m) { return [...o].sort()[0]; }', rebate)(input, 3, 1);
    expect(input).toEqual([0.3, 0.1]);
  });
});

describe('compileHeuristic rejects forbidden constructs with the line and column of the offence', () => {
  const wrap = (line: string) => `function priority(bid, bidder, n) {\n  ${line}\n  return bid;\n}`;
  const forbidden: [string, string, number, number, RegExp][] = [
    ['fetch', wrap("fetch('https://example.com/' + bid);"), 2, 2, /`fetch` is not available/],
    ['globalThis', wrap('const g = globalThis;'), 2, 12, /global object/],
    ['self.postMessage', wrap('self.postMessage(bid);'), 2, 2, /`self`/],
    ['importScripts', wrap("importScripts('x.js');"), 2, 2, /importScripts/],
    ['eval', wrap("eval('1');"), 2, 2, /evaluates code/],
    ['the Function constructor', wrap("const f = new Function('return 1');"), 2, 16, /`Function`/],
    ['Reflect', wrap('Reflect.ownKeys(bid);'), 2, 2, /`Reflect`/],
    ['Object', wrap('Object.defineProperty(Math, "max", {});'), 2, 2, /`Object`/],
    ['Date', wrap('const t = Date.now();'), 2, 12, /reproducible/],
    ['console', wrap('console.log(bid);'), 2, 2, /`console`/],
    ['an unknown identifier', wrap('const x = helper(bid);'), 2, 12, /`helper` is not defined.*Math, Number/],
    ['an assignment to an undeclared variable', wrap('total = bid;'), 2, 2, /`total` is not defined/],
    ['this', wrap('const me = this;'), 2, 13, /`this`/],
    ['arguments', wrap('const a = arguments[0];'), 2, 12, /`arguments`/],
    ['new.target', wrap('const t = new.target;'), 2, 12, /meta properties/],
    ['dynamic import', wrap("import('./x.js');"), 2, 2, /import\(\)/],
    ['.constructor', wrap('const F = bid.constructor;'), 2, 16, /`constructor`/],
    ["['constructor']", wrap("const F = (() => 0)['constructor'];"), 2, 22, /`constructor`/],
    ['a template-literal key', wrap('const p = [][`__proto__`];'), 2, 15, /`__proto__`/],
    ['.prototype', wrap('const p = Array.prototype;'), 2, 18, /`prototype`/],
    ['__defineGetter__', wrap("bid.__defineGetter__('x', () => 1);"), 2, 6, /`__defineGetter__`/],
    ['constructor by destructuring', wrap('const { constructor: C } = bid;'), 2, 10, /`constructor`/],
    ['async functions', wrap('const f = async () => 1;'), 2, 12, /async/],
    ['generators', wrap('function* g() { yield 1; }'), 2, 2, /generators/],
    [
      'getters in object literals',
      wrap('const o = { get x() { return 1; } };'),
      2,
      14,
      /getters and setters/,
    ],
    ['conversion hooks on returned objects', wrap('const o = { valueOf: () => 1 };'), 2, 14, /`valueOf`/],
    ['tagged templates', wrap('const s = String.raw`x`;'), 2, 12, /tagged templates/],
    [
      'tagged templates of a local function',
      wrap('const t = (x) => x; const s = t`x`;'),
      2,
      32,
      /tagged templates/,
    ],
    ['classes inside the function', wrap('class A {}'), 2, 2, /classes/],
    ['Math.random', wrap('const r = Math.random();'), 2, 12, /deterministic/],
    ["Math['random']", wrap("const r = Math['random']();"), 2, 12, /deterministic/],
    ['changing a built-in', wrap('Math.max = (a, b) => a;'), 2, 2, /shared built-in/],
    ['assigning to NaN', wrap('NaN = 1;'), 2, 2, /shared built-in/],
    ['debugger', wrap('debugger;'), 2, 2, /debugger/],
    ['using declarations', wrap('using r = bid;'), 2, 2, /`using`/],
    [
      'a top-level expression',
      'const x = 1;\nx + 1;\nfunction priority(bid, bidder, n) { return bid; }',
      2,
      0,
      /top-level expression/,
    ],
    [
      'a top-level let',
      'let calls = 0;\nfunction priority(bid, bidder, n) { return bid; }',
      1,
      0,
      /must be const/,
    ],
    [
      'a top-level class',
      'class P {}\nfunction priority(bid, bidder, n) { return bid; }',
      1,
      0,
      /ClassDeclaration/,
    ],
    [
      'an import declaration',
      "import x from 'y';\nfunction priority(bid, bidder, n) { return bid; }",
      1,
      0,
      /import and export/,
    ],
    [
      'import.meta',
      'function priority(bid, bidder, n) {\n  return import.meta;\n}',
      2,
      9,
      /import and export/,
    ],
  ];

  for (const [what, source, line, column, message] of forbidden) {
    it(`rejects ${what}`, () => {
      const error = rejected(source);
      expect(error).toMatchObject({ name: 'CompileError', reason: 'forbidden', line, column });
      expect(error.message).toMatch(message);
    });
  }

  it('rejects every blocked global by name, wherever it appears', () => {
    for (const name of blockedGlobals.keys()) {
      const error = rejected(`function priority(bid, bidder, n) {\n  return bid + (0, ${name});\n}`);
      expect(error).toMatchObject({ reason: 'forbidden', line: 2, column: 19 });
      expect(error.message).toContain(`\`${name}\``);
    }
  });

  it('reports the earliest offence when there are several', () => {
    const error = rejected(wrap('const a = this; fetch(a);').replace('return bid;', 'return window;'));
    expect(error).toMatchObject({ line: 2, column: 12 });
  });
});

describe('compileHeuristic reports syntax errors and signature mismatches', () => {
  it("gives 'parse-error' with line and column for broken syntax", () => {
    const error = rejected('function priority(bid, bidder, n) {\n  return bid +* 2;\n}');
    expect(error).toMatchObject({ reason: 'parse-error', line: 2, column: 14 });
    expect(error.message).toMatch(/Unexpected token.*line 2, column 15/);
  });

  it("gives 'parse-error' for strict-mode errors (legacy octal, with) and for prose", () => {
    expect(rejected('function priority(bid, bidder, n) { return 010; }')).toMatchObject({
      reason: 'parse-error',
      line: 1,
      column: 43,
    });
    expect(rejected('function priority(bid, bidder, n) {\n  with (Math) return max(bid);\n}')).toMatchObject({
      reason: 'parse-error',
      line: 2,
      column: 2,
    });
    expect(rejected('Here is a better heuristic: it uses the virtual value.').reason).toBe('parse-error');
  });

  it("gives 'signature' naming the expected function when the name is wrong", () => {
    const error = rejected('function score(bid, bidder, n) { return bid; }');
    expect(error.reason).toBe('signature');
    expect(error.message).toContain('priority(bid, bidder, n)');
    expect(error.message).toContain('`score`');
  });

  const arity: [string, string][] = [
    ['too few parameters', 'function priority(bid, bidder) { return bid; }'],
    ['too many parameters', 'const priority = (bid, bidder, n, extra) => bid;'],
    ['a rest parameter', 'function priority(bid, ...rest) { return bid; }'],
    ['a default value', 'function priority(bid, bidder, n = 2) { return bid; }'],
    ['a destructured parameter', 'function priority({ bid }, bidder, n) { return bid; }'],
  ];
  for (const [what, source] of arity) {
    it(`gives 'signature' naming the expected parameters for ${what}`, () => {
      const error = rejected(source);
      expect(error).toMatchObject({ reason: 'signature', line: 1 });
      expect(error.message).toContain('exactly 3 plain parameters, `priority(bid, bidder, n)`');
    });
  }

  it("gives 'signature' when the name is bound to a non-function or defined twice", () => {
    expect(rejected('const priority = 3;')).toMatchObject({ reason: 'signature', line: 1, column: 6 });
    const twice = rejected(
      'function priority(a, b, c) { return a; }\nfunction priority(a, b, c) { return b; }',
    );
    expect(twice).toMatchObject({ reason: 'signature', line: 2 });
    expect(rejected('function rebate(o, n) { return 0; }', rebate).message).toContain('rebate(others, n, m)');
  });
});

describe('the layers behind the static check', () => {
  it('shadows the blocked globals with undefined inside the compiled program', () => {
    const load = shadowedLoader(
      'function probe() { return [typeof fetch, typeof globalThis, typeof eval, typeof Function, typeof self, typeof Math]; }',
      'probe',
    );
    if (typeof load !== 'function') throw new Error(load.message);
    const probe = load() as () => string[];
    expect(probe()).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'object']);
  });

  it('runs the program in strict mode, so writing into a frozen input throws instead of passing silently', () => {
    const writer = compiled('function rebate(others, n, m) { others[0] = 5; return others[0]; }', rebate);
    expect(() => writer(Object.freeze([1, 2]), 3, 1)).toThrow(TypeError);
  });

  it('lets an exception from a top-level const initialiser propagate', () => {
    expect(() =>
      compileHeuristic('const t = [][0].x;\nfunction priority(a, b, c) { return t; }', priority),
    ).toThrow(TypeError);
  });

  it('never throws on arbitrary text or on damaged valid sources, and locates what it reports', () => {
    const base =
      'function priority(bid, bidder, n) {\n  const s = [bid, n].sort((a, b) => a - b);\n  return s[0] * 2 - bidder;\n}';
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .tuple(fc.nat(base.length), fc.nat(4), fc.string({ maxLength: 3 }))
            .map(([at, cut, put]) => base.slice(0, at) + put + base.slice(at + cut)),
        ),
        (source) => {
          const result = compileHeuristic(source, priority);
          if (!result.ok && result.error.line !== undefined) {
            expect(result.error.line).toBeGreaterThanOrEqual(1);
            expect(result.error.column).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the key guard around computed keys', () => {
  /** Returns what calling the compiled `priority` body did: its value, or the error's name and message. */
  const call = (body: string, ...args: unknown[]): unknown => {
    const heuristic = compiled(`function priority(bid, bidder, n) { ${body} }`, priority);
    try {
      return heuristic(...(args.length > 0 ? args : [0.5, 0, 2]));
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  const refused: [string, string, string][] = [
    ['a key concatenated at run time', "return bid['constr' + 'uctor'];", 'constructor'],
    ['a key held in a variable', "const k = '__proto__'; return [][k];", '__proto__'],
    ['a key from a template literal with a value', "const p = 'proto'; return [][`__${p}__`];", '__proto__'],
    [
      'an assignment through a computed key',
      "const o = {}; o['__pro' + 'to__'] = null; return 1;",
      '__proto__',
    ],
    [
      'a computed key in a destructuring pattern',
      "const k = 'prototype'; const { [k]: p } = Array; return 1;",
      'prototype',
    ],
    ['an optional chain', "const k = 'caller'; return priority?.[k];", 'caller'],
    ['a key inside a key', "const ks = ['__proto__']; const i = 0; return [][ks[i]];", '__proto__'],
    ['raw memory of a typed array', "const k = 'buf' + 'fer'; return new Float64Array(2)[k];", 'buffer'],
    [
      'an object whose toString answers differently the second time',
      "let calls = 0; const key = {}; key['to' + 'String'] = () => (calls++ === 0 ? 'x' : 'constructor'); const o = {}; return o[key] === undefined ? 1 : 2;",
      '',
    ],
  ];
  const reaches = (name: string) =>
    name === 'buffer'
      ? "reaches a typed array's raw memory, outside the sandbox's size limit"
      : 'reaches prototypes, constructors (hence `Function`) or the call stack';
  for (const [what, body, name] of refused) {
    it(`refuses ${what}${name ? ` (\`${name}\`)` : ', or reads the key it gave first'}`, () => {
      expect(call(body)).toBe(
        name === ''
          ? 1
          : `SandboxViolation: access to \`${name}\` (a key computed at run time) is not allowed: it ${reaches(name)}; use the value itself.`,
      );
    });
  }

  it('leaves numeric and ordinary keys working as before, in reads, writes and deletes', () => {
    const body = `
      const t = [10, 20, 30]; const o = { a: 1, b: 2 }; const m = new Map([['k', 5]]);
      let i = 0; const k = 'b';
      t[i++] += 1; t[i + 1] = t[i - 1] * 2; o[k] += o['a']; delete o[k + ''];
      const [x, y] = [t[0], t[t.length - 1]]; const { [k]: missing = 7 } = o;
      const s = 'abc'; const seq = t[(i, 1)];
      return [t.join(), Object === undefined, x + y, missing, s[1], seq, m.get('k'), o[1 > 0 ? 'a' : 'b']].join('|');`;
    expect(call(body.replace('Object === undefined', 'typeof o'))).toBe('11,20,22|object|33|7|b|20|5|1');
  });

  it('survives a program that uses the guard’s own name', () => {
    const source =
      'function priority(bid, bidder, n) { const sandboxKey = (k) => k; const t = [bid]; return t[sandboxKey(0)] + sandboxKey(1); }';
    expect(compiled(source, priority)(0.5, 0, 2)).toBe(1.5);
    const escape = compiled(
      "function priority(bid, bidder, n) { const sandboxKey = (k) => k; return [][sandboxKey('__proto__')]; }",
      priority,
    );
    expect(() => escape(0.5, 0, 2)).toThrow(/`__proto__`/);
  });
});

describe('typed arrays of heuristics are capped in size', () => {
  const run = (body: string): unknown => {
    const heuristic = compiled(`function rebate(others, n, m) { ${body} }`, rebate);
    try {
      return heuristic([0.5, 0.25], 3, 1);
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  const tooLong = `RangeError: Invalid typed array length: ${2 ** 30} (a heuristic's Float64Array may hold at most 4194304 elements)`;

  it('refuses one allocation over the cap before any memory is taken, however it is asked for', () => {
    expect(run('return new Float64Array(2 ** 30).length;')).toBe(tooLong);
    expect(run("return new Float64Array('1073741824').length;")).toBe(tooLong);
    expect(run('return Float64Array.from({ length: 2 ** 30 }).length;')).toBe(tooLong);
    expect(run('return new Int32Array({ length: 2 ** 30 }).length;')).toMatch(
      /Int32Array may hold at most 4194304/,
    );
    expect(run("return new Float64Array({ length: '9' }).length;")).toMatch(
      /TypeError: Float64Array needs a length/,
    );
    expect(run('return Float64Array(4).length;')).toBe("TypeError: Constructor Float64Array requires 'new'");
  });

  it('behaves as the builtin below the cap: lengths, sources, from with a map, of, instanceof, slice', () => {
    const body = `
      const a = new Float64Array(3); a[1] = 2.5;
      const b = new Float64Array(others); const c = Int32Array.from(others, (x) => x * 8);
      const d = Float64Array.of(1, 2); const e = a.slice(1).map((x) => x * 2);
      return [a.length, a[1], b[1], c.join(), d.length, e.join(), a instanceof Float64Array, others instanceof Float64Array,
        Float64Array.BYTES_PER_ELEMENT, new Float64Array(4194304).length].join('|');`;
    expect(run(body)).toBe('3|2.5|0.25|4,2|2|5,0|true|false|8|4194304');
  });

  it("rejects `.buffer` statically: a typed array's raw memory is out of reach", () => {
    const error = rejected(
      'function rebate(others, n, m) { return new Float64Array(2).buffer.byteLength; }',
      rebate,
    );
    expect(error).toMatchObject({ reason: 'forbidden', line: 1 });
    expect(error.message).toMatch(/`buffer` is not allowed: it reaches a typed array's raw memory/);
  });
});
