/**
 * Fuzzing of the two layers that read untrusted text before anything runs:
 * the reply parser (parse.ts and reply/) and the sandbox's static check
 * with its key guard (sandbox/compile.ts). Arbitrary text in every unicode
 * range, the project's reply corpora mutated (cut at any point, pieces cut
 * out, repeated, swapped, hostile fragments spliced in), huge replies; and
 * generated expressions that hunt for a way to the global object, to
 * `Function` or to a shared prototype. Budgets (numRuns) keep the file to a
 * few seconds; the seed is fast-check's, so a failure prints its own.
 */
import { parse } from 'acorn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReply, type ParsedReply } from '../../src/core/evolution/parse.ts';
import type { HeuristicSignature } from '../../src/core/problem.ts';
import { checkHeuristic, compileHeuristic, shadowedLoader } from '../../src/core/sandbox/compile.ts';
import { readCorpus, signatures } from '../core/evolution/replies/corpus.ts';

const cases = (['priority', 'rebate', 'allocate'] as const).flatMap((name) =>
  readCorpus(name).map((c) => ({ ...c, signature: signatures[name] })),
);

/** Replies fuzzed, per property: the figures the note reports. */
export const fuzzBudget = { arbitrary: 600, mutated: 1_500, huge: 25, sources: 1_000, hunts: 1_500 };

/** Fragments a mutation may splice in: syntax that confuses a reader, hostile code, odd unicode. */
const fragments = [
  '}',
  '{',
  '(',
  ')',
  '```',
  '```javascript\n',
  '`',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\n',
  '\r\n',
  '=>',
  '<think>',
  '</think>',
  'function ',
  'function priority(',
  'async ',
  'function* ',
  'return ',
  ': number',
  'export default ',
  "['constr' + 'uctor']",
  '.constructor',
  '__proto__',
  'while (true) {}',
  'import(',
  'this',
  'arguments.callee',
  '${',
  '\\',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\u0000',
  '\u202E',
  '\uD800',
  '😀',
  'ﬁ',
  '\u0301',
  '𝒳',
  '{"code": "',
  '"}',
];

/** Text from every unicode range, including lone surrogates and control characters. */
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: fc.constantFrom(...fragments), maxLength: maxLength / 8 }),
  );

type Mutation =
  | { kind: 'cut'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'swap'; a: number; b: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(60) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: anyText(24) }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.nat(200),
    times: fc.integer({ min: 2, max: 60 }),
  }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat(), length: fc.nat(80) }),
);

/** Returns `text` changed by `m`; positions wrap around the text's length. */
function mutate(text: string, m: Mutation): string {
  const at = (k: number) => k % (text.length + 1);
  switch (m.kind) {
    case 'cut':
      return text.slice(0, at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'repeat': {
      const piece = text.slice(at(m.at), at(m.at) + m.length);
      return text.slice(0, at(m.at)) + piece.repeat(m.times) + text.slice(at(m.at));
    }
    case 'swap': {
      const [a, b] = [at(m.a), at(m.b)].sort((x, y) => x - y);
      const first = text.slice(a, Math.min(a + m.length, b));
      const second = text.slice(b, b + m.length);
      return (
        text.slice(0, a) + second + text.slice(a + first.length, b) + first + text.slice(b + second.length)
      );
    }
  }
}

/** Asserts that a static check of `source` said yes (and the engine agrees) or no with a located, clear error. */
function expectCheckWellFormed(source: string, signature: HeuristicSignature): void {
  const checked = checkHeuristic(source, signature);
  if (checked.ok) {
    // The guarded text must be one the engine accepts too; building the loader runs nothing.
    expect(typeof shadowedLoader(checked.guarded, signature.name, checked.keyGuard)).toBe('function');
    return;
  }
  const { error } = checked;
  expect(['parse-error', 'forbidden', 'signature']).toContain(error.reason);
  expect(error.message.length).toBeGreaterThan(20);
  if (error.line !== undefined) {
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(source.split(/\r\n?|\n|\u2028|\u2029/).length);
    expect(error.column).toBeGreaterThanOrEqual(0);
  }
}

/** Asserts that a parse result is a candidate (code that parses and defines the function) or a clear parse error. */
function expectReplyWellFormed(result: ParsedReply, signature: HeuristicSignature): void {
  if (result.ok) {
    const program = parse(result.code, { ecmaVersion: 'latest', sourceType: 'script' });
    expect(program.body.some((s) => s.type === 'FunctionDeclaration' && s.id.name === signature.name)).toBe(
      true,
    );
    expect(result.thought === null || typeof result.thought === 'string').toBe(true);
    expect(result.notes.every((note) => typeof note === 'string')).toBe(true);
    expectCheckWellFormed(result.code, signature);
  } else {
    expect(result.error.reason).toBe('parse-error');
    expect(result.error.message).toContain('Write one complete JavaScript function');
    if (result.error.line !== undefined) expect(result.error.line).toBeGreaterThanOrEqual(1);
  }
}

describe('the reply parser, fuzzed: never a crash or a hang, always a candidate or a clear parse error', () => {
  it(`reads ${fuzzBudget.arbitrary} arbitrary texts in every unicode range`, () => {
    fc.assert(
      fc.property(anyText(400), fc.constantFrom(...Object.values(signatures)), (reply, signature) =>
        expectReplyWellFormed(parseReply(reply, signature), signature),
      ),
      { numRuns: fuzzBudget.arbitrary },
    );
  });

  it(`reads ${fuzzBudget.mutated} mutations of the reply corpora (cut, deleted, repeated, swapped, spliced)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.array(mutation, { minLength: 1, maxLength: 4 }), (c, ms) => {
        const reply = ms.reduce(mutate, c.reply);
        expectReplyWellFormed(parseReply(reply, c.signature), c.signature);
      }),
      { numRuns: fuzzBudget.mutated },
    );
  });

  it(`reads ${fuzzBudget.huge} huge replies (64 kB to 1 MB) and keeps to the first 64 kB`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.integer({ min: 65_536, max: 1_000_000 }),
        fc.boolean(),
        (c, size, codeFirst) => {
          const filler = 'Let me think about the virtual value once more. '.repeat(Math.ceil(size / 48));
          const reply = codeFirst ? c.reply + '\n' + filler : filler + '\n' + c.reply;
          const result = parseReply(reply, c.signature);
          expectReplyWellFormed(result, c.signature);
          // Code past the first 64 kB is never read.
          if (!codeFirst) expect(result.ok).toBe(false);
        },
      ),
      { numRuns: fuzzBudget.huge },
    );
  });
});

describe('the static check, fuzzed: never a crash, and what it accepts the engine accepts', () => {
  it(`checks ${fuzzBudget.sources} arbitrary and mutated sources`, () => {
    const sources = cases.filter((c) => c.ok && c.code !== undefined);
    fc.assert(
      fc.property(
        fc.oneof(
          anyText(300).map((text) => ({ text, signature: signatures.priority })),
          fc
            .tuple(fc.constantFrom(...sources), fc.array(mutation, { minLength: 1, maxLength: 3 }))
            .map(([c, ms]) => ({ text: ms.reduce(mutate, c.code!), signature: c.signature })),
        ),
        ({ text, signature }) => expectCheckWellFormed(text, signature),
      ),
      { numRuns: fuzzBudget.sources },
    );
  });

  it('leaves what the corpus code computes unchanged by the key guard', () => {
    const inputs: Record<string, unknown[][]> = {
      priority: [
        [0, 0, 2],
        [0.37, 1, 3],
        [1, 0, 2],
      ],
      rebate: [
        [[0.9, 0.5, 0.2, 0.1], 5, 1],
        [[0.7, 0.7, 0.3], 4, 2],
      ],
      allocate: [[[0.3, 0.8]], [[0.9, 0.1, 0.5]], [[0.5, 0.5]]],
    };
    /** Returns what `f` gives on each input: a value, or the name of what it threw. */
    const outputs = (f: unknown, args: unknown[][]) =>
      args.map((a) => {
        try {
          return (f as (...x: unknown[]) => unknown)(...structuredClone(a));
        } catch (error) {
          return `threw ${(error as Error).name}`;
        }
      });
    let compared = 0;
    for (const c of cases.filter((k) => k.ok && k.code !== undefined)) {
      const guarded = compileHeuristic(c.code!, c.signature);
      if (!guarded.ok) continue;
      const raw = (shadowedLoader(c.code!, c.signature.name) as () => unknown)();
      const args = inputs[c.signature.name];
      expect(outputs(guarded.heuristic, args)).toEqual(outputs(raw, args));
      compared++;
    }
    expect(compared).toBeGreaterThan(40);
  });
});

/** Names a hunt may read as properties: the forbidden ones, and the ordinary ones around them. */
const propertyNames = [
  'constructor',
  '__proto__',
  'prototype',
  'caller',
  'callee',
  'arguments',
  'buffer',
  '__defineGetter__',
  '__lookupGetter__',
  'call',
  'apply',
  'bind',
  'valueOf',
  'toString',
  'length',
  'name',
  'from',
  'isArray',
  'max',
  'sort',
  'push',
  'get',
  'values',
  'next',
  'stack',
  'message',
];

/** Expressions that evaluate to a property name, written to slip past a static reader. */
const keyExpression: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...propertyNames), fc.nat(), fc.nat(4))
  .map(([name, at, form]) => {
    const cut = at % (name.length + 1);
    const [head, tail] = [JSON.stringify(name.slice(0, cut)), JSON.stringify(name.slice(cut))];
    return [
      JSON.stringify(name),
      `${head} + ${tail}`,
      `\`\${${head}}\${${tail}}\``,
      `[${head}, ${tail}].join('')`,
      `(bid > 2 ? 'x' : ${head}) + ${tail}`,
    ][form];
  });

/** Starting points a hunt may reach from. */
const roots = [
  'bid',
  'n',
  'Math',
  'Array',
  'Number',
  'Map',
  'Set',
  'Error',
  'TypeError',
  'isFinite',
  'parseInt',
  'Float64Array',
  '[]',
  '({})',
  '(() => 0)',
  "''",
  '0',
  'new Map()',
  "new Error('x')",
  '[].values()',
  '/a/',
  'new Float64Array(2)',
  'Math.max',
  '[].push',
];

/** Expressions that walk from a root through properties and calls, with strings that would run code. */
const hunt: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...roots),
    fc
      .tuple(tie('value'), fc.constantFrom(...propertyNames.filter((p) => /^\w+$/.test(p))))
      .map(([v, p]) => `(${v}).${p}`),
    fc.tuple(tie('value'), keyExpression).map(([v, k]) => `(${v})[${k}]`),
    fc.tuple(tie('value'), keyExpression).map(([v, k]) => `(${v})?.[${k}]`),
    fc
      .tuple(tie('value'), fc.constantFrom("'return this'", "'return globalThis'", '0', ''))
      .map(([v, a]) => `(${v})(${a})`),
    fc
      .tuple(tie('value'), keyExpression)
      .map(([v, k]) => `(() => { const { [${k}]: p } = ${v}; return p; })()`),
  ),
})).value;

describe('generated hunts for the global object, Function or a shared prototype find nothing', () => {
  it(`runs ${fuzzBudget.hunts} generated expressions: each is rejected, throws, or yields something harmless`, () => {
    const forbidden = new Set<unknown>([
      globalThis,
      Function,
      Object,
      Reflect,
      eval,
      Object.prototype,
      Array.prototype,
      Function.prototype,
      Number.prototype,
      String.prototype,
      Map.prototype,
      Error.prototype,
      Object.getPrototypeOf(Float64Array.prototype),
      Object.getPrototypeOf([][Symbol.iterator]()),
      Object.getPrototypeOf(async () => 0).constructor,
    ]);
    const shared = [Object.prototype, Array.prototype, Function.prototype, Map.prototype];
    const snapshot = () => shared.map((p) => Reflect.ownKeys(p).length);
    const before = snapshot();
    const verdicts = { rejected: 0, threw: 0, harmless: 0 };
    fc.assert(
      fc.property(hunt, (expression) => {
        const source = `function priority(bid, bidder, n) {\n  return ${expression};\n}`;
        const compiled = compileHeuristic(source, signatures.priority);
        if (!compiled.ok) {
          verdicts.rejected++;
          return;
        }
        let value: unknown;
        try {
          value = (compiled.heuristic as unknown as (...a: unknown[]) => unknown)(0.5, 0, 2);
        } catch {
          verdicts.threw++;
          return;
        }
        verdicts.harmless++;
        expect(forbidden.has(value), `${expression} reached a forbidden object`).toBe(false);
        expect(typeof value === 'function' && (value as { name?: unknown }).name === 'Function').toBe(false);
      }),
      { numRuns: fuzzBudget.hunts },
    );
    expect(snapshot()).toEqual(before);
    // The generator must exercise all three outcomes, or it proves little.
    expect(Math.min(verdicts.rejected, verdicts.threw, verdicts.harmless)).toBeGreaterThan(20);
  });
});
