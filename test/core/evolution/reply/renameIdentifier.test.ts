import { describe, expect, it } from 'vitest';
import { renameIdentifier } from '../../../../src/core/evolution/reply/renameIdentifier.ts';

describe('renameIdentifier(code, from, to)', () => {
  it('renames declarations and calls of the identifier', () => {
    expect(renameIdentifier('function p(x) { return x > 1 ? p(x / 2) : x; }', 'p', 'q')).toBe(
      'function q(x) { return x > 1 ? q(x / 2) : x; }',
    );
  });

  it('leaves strings, comments, property names, object keys and longer names alone', () => {
    const code = 'const o = { p: 1, "p": 2 }; // p\nconst pp = o.p + o?.p + "p".length + p;';
    expect(renameIdentifier(code, 'p', 'q')).toBe(
      'const o = { p: 1, "p": 2 }; // p\nconst pp = o.p + o?.p + "p".length + q;',
    );
  });

  it('falls back to whole words when the code does not tokenize', () => {
    expect(renameIdentifier('p(1); const s = "open', 'p', 'q')).toBe('q(1); const s = "open');
  });

  it('returns the code unchanged when the names are equal or absent', () => {
    expect(renameIdentifier('f(x)', 'f', 'f')).toBe('f(x)');
    expect(renameIdentifier('f(x)', 'g', 'h')).toBe('f(x)');
  });
});
