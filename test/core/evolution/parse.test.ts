import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, type Program } from 'acorn';
import { parseReply, type ParsedReply } from '../../../src/core/evolution/parse.ts';
import type { HeuristicSignature } from '../../../src/core/problem.ts';
import { readCorpus, signatures } from './replies/corpus.ts';

/** Returns the top-level function declarations of `code` by name; throws if acorn cannot parse it. */
function topLevelFunctions(code: string): string[] {
  const program: Program = parse(code, { ecmaVersion: 'latest', sourceType: 'script' });
  return program.body.flatMap((s) => (s.type === 'FunctionDeclaration' ? [s.id.name] : []));
}

/** Checks what every result must satisfy, whatever the reply. */
function expectWellFormed(result: ParsedReply, signature: HeuristicSignature): void {
  if (result.ok) {
    const names = topLevelFunctions(result.code);
    expect(names.filter((name) => name === signature.name)).toHaveLength(1);
    expect(
      result.thought === null || (typeof result.thought === 'string' && result.thought.length <= 400),
    ).toBe(true);
    for (const note of result.notes) expect(typeof note).toBe('string');
  } else {
    expect(result.error.reason).toBe('parse-error');
    expect(result.error.message).toContain(
      `Write one complete JavaScript function, \`function ${signature.name}(${signature.parameters.join(', ')}) { … }\``,
    );
  }
}

for (const name of ['priority', 'rebate', 'allocate'] as const) {
  const signature = signatures[name];
  const cases = readCorpus(name);

  describe(`parseReply on the ${name}(${signature.parameters.join(', ')}) corpus (replies/${name}.txt)`, () => {
    it('holds at least 30 replies, with both outcomes', () => {
      expect(cases.length).toBeGreaterThanOrEqual(30);
      expect(cases.some((c) => c.ok)).toBe(true);
      expect(cases.some((c) => !c.ok)).toBe(true);
    });

    for (const c of cases) {
      it(`${c.title}: ${c.ok ? 'yields code that acorn parses, with one function named ' + name : 'is a parse error'}`, () => {
        const result = parseReply(c.reply, signature);
        expectWellFormed(result, signature);
        if (c.ok) {
          if (!result.ok) throw new Error(`expected code, got: ${result.error.message}`);
          if (c.code !== undefined) expect(result.code).toBe(c.code);
          if (c.thought !== undefined) expect(result.thought).toBe(c.thought);
          for (const note of c.notes) expect(result.notes.join('\n')).toContain(note);
        } else {
          if (result.ok) throw new Error(`expected a parse error, got:\n${result.code}`);
          for (const message of c.messages) expect(result.error.message).toContain(message);
          if (c.line !== undefined) expect(result.error.line).toBe(c.line);
        }
      });
    }
  });
}

const allCases = (['priority', 'rebate', 'allocate'] as const).flatMap((name) =>
  readCorpus(name).map((c) => ({ ...c, signature: signatures[name] })),
);

describe('parseReply on any input', () => {
  it('never throws on arbitrary strings, and every result is well formed', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })),
        fc.constantFrom(...Object.values(signatures)),
        (reply, signature) => expectWellFormed(parseReply(reply, signature), signature),
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on corpus replies cut at any point or with a piece spliced in, and stays well formed', () => {
    const pieces = [
      '}',
      '{',
      '```',
      '`',
      '"',
      "'",
      '/*',
      '//',
      '<think>',
      '\n',
      '=>',
      'function ',
      ': number',
      '(',
      ')',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...allCases),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...pieces),
        (c, cut, at, piece) => {
          const truncated = c.reply.slice(0, cut % (c.reply.length + 1));
          expectWellFormed(parseReply(truncated, c.signature), c.signature);
          const position = at % (c.reply.length + 1);
          const spliced = c.reply.slice(0, position) + piece + c.reply.slice(position);
          expectWellFormed(parseReply(spliced, c.signature), c.signature);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is deterministic: the same reply gives deep-equal results', () => {
    for (const c of allCases)
      expect(parseReply(c.reply, c.signature)).toEqual(parseReply(c.reply, c.signature));
  });

  it('returns a parse error, not an exception, for non-string input that slips through', () => {
    const result = parseReply(undefined as unknown as string, signatures.priority);
    expect(result.ok).toBe(false);
  });

  it('stays fast on hostile replies (100 kB of openers, headers or nesting)', () => {
    const hostile = [
      'function f('.repeat(10_000),
      '{'.repeat(100_000),
      '```javascript\nfunction priority(bid, bidder, n) {\n' + '  if (bid) {\n'.repeat(5_000),
      '('.repeat(50_000) + ')'.repeat(50_000),
      'const a = 1\n'.repeat(8_000),
      '```\n'.repeat(25_000),
      `function priority(bid, bidder, n) { return ${'1 + '.repeat(20_000)}1; }`,
    ];
    for (const reply of hostile) {
      const started = performance.now();
      expectWellFormed(parseReply(reply, signatures.priority), signatures.priority);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});

describe('parseReply specifics', () => {
  const { priority } = signatures;

  it('keeps helpers transitively and only those the function uses', () => {
    const reply = [
      '```js',
      'const UNUSED = 3;',
      'const SCALE = 2;',
      'function inner(x) { return x * SCALE; }',
      'function outer(x) { return inner(x) - 1; }',
      'function unrelated() { return 7; }',
      'function priority(bid, bidder, n) { return outer(bid); }',
      '```',
    ].join('\n');
    const result = parseReply(reply, priority);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.code).toBe(
      [
        'const SCALE = 2;',
        'function inner(x) { return x * SCALE; }',
        'function outer(x) { return inner(x) - 1; }',
        'function priority(bid, bidder, n) { return outer(bid); }',
      ].join('\n\n'),
    );
  });

  it('does not take a local variable for a helper of the same name', () => {
    const reply =
      '```js\nconst x = 5;\nfunction priority(bid, bidder, n) {\n  const x = bid;\n  return x;\n}\n```';
    const result = parseReply(reply, priority);
    expect(result).toMatchObject({
      ok: true,
      code: 'function priority(bid, bidder, n) {\n  const x = bid;\n  return x;\n}',
    });
  });

  it('renames recursive calls along with the function', () => {
    const reply =
      '```js\nfunction p(bid, bidder, n) {\n  return bid > 1 ? p(bid / 2, bidder, n) : bid;\n}\n```';
    const result = parseReply(reply, priority);
    expect(result).toMatchObject({
      ok: true,
      code: 'function priority(bid, bidder, n) {\n  return bid > 1 ? priority(bid / 2, bidder, n) : bid;\n}',
    });
  });

  it('prefers a complete definition to a later one that the reply cut off', () => {
    const reply =
      '```js\nfunction priority(bid, bidder, n) {\n  return bid - 0.5;\n}\n```\nBetter:\n```js\nfunction priority(bid, bidder, n) {\n  const r = 0.5;\n  return bid - r *';
    const result = parseReply(reply, priority);
    expect(result).toMatchObject({
      ok: true,
      code: 'function priority(bid, bidder, n) {\n  return bid - 0.5;\n}',
    });
  });

  it('reports a syntax error in a fenced function with the expected name instead of renaming another one', () => {
    const reply =
      '```js\nfunction helper(x) { return x; }\nfunction priority(bid, bidder, n) {\n  return bid +* 2;\n}\n```';
    const result = parseReply(reply, priority);
    expect(result).toMatchObject({ ok: false, error: { reason: 'parse-error', line: 4 } });
  });

  it('gives the column of a syntax error 0-based, as the sandbox does, and 1-based in the message', () => {
    const result = parseReply(
      '```js\nfunction priority(bid, bidder, n) {\n  return bid ** ;\n}\n```',
      priority,
    );
    expect(result).toMatchObject({ ok: false, error: { line: 3, column: 16 } });
    expect(result.ok || result.error.message).toContain('(line 3, column 17 of the reply)');
  });
});
