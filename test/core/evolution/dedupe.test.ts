import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tokenizer } from 'acorn';
import { CodeIndex, codeFingerprint, normaliseCode } from '../../../src/core/evolution/dedupe.ts';

const reserve = `function reserve(n, values) {
  // Myerson's reserve for uniform values
  const r = 0.5;
  let best = -1;
  for (let i = 0; i < n; i++) { if (values[i] > best) best = values[i]; }
  return best >= r ? "sell" : 'keep';
}`;

const corpus = [
  reserve,
  `function h(x, y) { return x * 2 + y / 3 - 1e-3; }`,
  `const h = (b) => b.map((v) => v > 0.5 ? v : 0.5);`,
  'function h(x) { return `value ${x + 1}`.length + /a+b/g.lastIndex; }',
  `function h(p) { switch (p.length) { case 0: return 0; default: return Math.max(...p); } }`,
  `function h(a) { if (a > 1) a = 1; else a = 0; do a++; while (a < 3); return a; }`,
];

describe('normaliseCode', () => {
  it('ignores comments, whitespace, quote style, trailing semicolons and automatic semicolon insertion', () => {
    const variant = `/** A variant. */
function   reserve ( n , values ) {
  const r = 0.50  // reserve price
  let best = -1;;
  for (let i = 0; i < n; i++) {
    if (values[i] > best) best = values[i];
  };
  return best >= r ? 'sell' : "keep"
};`;
    expect(normaliseCode(variant)).toBe(normaliseCode(reserve));
  });

  it('writes numbers as their value and strings in one quote style', () => {
    expect(normaliseCode('f(1.0, 0x10, .5, 1_000)')).toBe(normaliseCode('f(1, 16, 0.5, 1000)'));
    expect(normaliseCode(`f('it\\'s', "a\\u0062")`)).toBe(normaliseCode(`f("it's", 'ab')`));
  });

  it('tells programs apart when a string literal, number, name or operator differs', () => {
    const differ = [
      reserve.replace('"sell"', '"Sell"'),
      reserve.replace('0.5', '0.55'),
      reserve.replace('-1;', '-2;'),
      reserve.replace('best >= r', 'best > r'),
      reserve.replace('i++', '++i'),
      reserve.replace('let best', 'let most').replaceAll('best', 'most'),
      reserve.replace('values[i] > best', 'values[i] >= best'),
    ];
    const base = normaliseCode(reserve);
    for (const code of differ) expect(normaliseCode(code)).not.toBe(base);
    expect(new Set(differ.map(normaliseCode)).size).toBe(differ.length);
    expect(normaliseCode('f(1n)')).not.toBe(normaliseCode('f(1)'));
    expect(normaliseCode('f(`a${b}`)')).not.toBe(normaliseCode('f(`a${c}`)'));
  });

  it('keeps the semicolons and empty statements that carry meaning', () => {
    expect(normaliseCode('x = a\n(b)')).not.toBe(normaliseCode('x = a;\n(b)'));
    expect(normaliseCode('if (x) ; y()')).not.toBe(normaliseCode('if (x) y()'));
    expect(normaliseCode('for (;;) break')).toBe(normaliseCode('for ( ; ; ) break;'));
  });

  it('is unchanged by comments and blanks between tokens (any corpus program, any separators)', () => {
    // Each starts with a blank: `/` followed by `/*` would open a line comment.
    const separators = fc.constantFrom(' ', '  ', '\t', ' /* note */', ' /**/ ', '\t/* a; b */ ');
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(separators, { minLength: 1, maxLength: 200 }),
        (code, seps) => {
          const tokens = [...tokenizer(code, { ecmaVersion: 'latest' })];
          let spaced = '';
          tokens.forEach((t, i) => {
            const next = tokens[i + 1];
            // Blanks inside a template literal are part of its text, not layout.
            const inTemplate = t.type.label === 'template' || next?.type.label === 'template';
            spaced += code.slice(t.start, t.end) + (inTemplate ? '' : seps[i % seps.length]);
          });
          expect(normaliseCode(spaced)).toBe(normaliseCode(code));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is idempotent on programs that parse', () => {
    for (const code of corpus) expect(normaliseCode(normaliseCode(code))).toBe(normaliseCode(code));
  });

  it('still strips comments and layout from code that does not parse, and falls back to collapsed blanks', () => {
    expect(normaliseCode('function h(x) { return x + ; } // broken')).toBe(
      normaliseCode('function h(x){return x+;}'),
    );
    expect(normaliseCode('  let s = "unterminated\n  x  ')).toBe('let s = "unterminated x');
  });
});

describe('codeFingerprint', () => {
  it('is 16 hex digits, equal for equal text', () => {
    expect(codeFingerprint(reserve)).toMatch(/^[0-9a-f]{16}$/);
    expect(codeFingerprint(reserve)).toBe(codeFingerprint(String(reserve)));
  });

  it('differs for different texts, including one-character and swapped-character changes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        fc.pre(a !== b);
        expect(codeFingerprint(a)).not.toBe(codeFingerprint(b));
      }),
      { numRuns: 2000 },
    );
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(codeFingerprint(`return x * ${i};`));
    seen.add(codeFingerprint('ab'));
    seen.add(codeFingerprint('ba'));
    expect(seen.size).toBe(5002);
  });
});

describe('CodeIndex', () => {
  it('claim names the first candidate with the same canonical code, and remembers only new codes', () => {
    const index = new CodeIndex();
    expect(index.claim(reserve, 'c0001')).toBeNull();
    expect(index.claim(reserve.replace("// Myerson's reserve for uniform values", ''), 'c0002')).toBe(
      'c0001',
    );
    expect(index.claim(reserve.replace('0.5', '0.6'), 'c0003')).toBeNull();
    // A third copy still names the first, not the latest.
    expect(index.claim(`${reserve};`, 'c0004')).toBe('c0001');
    expect(index.claim(reserve.replace('0.5', '.60'), 'c0005')).toBe('c0003');
    expect(index.size).toBe(2);
  });

  it('starts from a map of fingerprints to ids, as a database state holds it', () => {
    const key = codeFingerprint(normaliseCode(corpus[1]));
    const index = new CodeIndex({ [key]: 'c0007' });
    expect(index.size).toBe(1);
    expect(index.claim(corpus[1].replace('2', '2.0'), 'c0010')).toBe('c0007');
    expect(index.claim(corpus[2], 'c0011')).toBeNull();
    expect(index.size).toBe(2);
  });
});
