import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { guardComputedKeys, unusedIdentifier } from '../../../src/core/sandbox/guardKeys.ts';

const rewrite = (source: string) => guardComputedKeys(parse(source, { ecmaVersion: 'latest' }), source, 'G');

describe('guardComputedKeys', () => {
  it('wraps keys that may be strings and leaves keys that can only be numbers or checked literals', () => {
    expect(
      rewrite('x[i - 1] + x[k] + x[0] + x["a"] + x[i++] + x[-i] + x[a + b] + x[c ? 1 : "b"] + x[c ? 1 : d];'),
    ).toBe(
      'x[i - 1] + x[G((k))] + x[0] + x["a"] + x[i++] + x[-i] + x[G((a + b))] + x[c ? 1 : "b"] + x[G((c ? 1 : d))];',
    );
  });

  it('wraps nested keys, assignment targets, optional chains, sequences and destructuring keys', () => {
    expect(rewrite('x[y[k]] = o?.[k]; const { [k]: v } = o; z[a, b];')).toBe(
      'x[G((y[G((k))]))] = o?.[G((k))]; const { [G((k))]: v } = o; z[G((a, b))];',
    );
  });

  it('leaves the computed keys of object literals, which only define own properties', () => {
    expect(rewrite('const o = { [k]: 1 };')).toBe('const o = { [k]: 1 };');
  });
});

describe('unusedIdentifier', () => {
  it('returns the base name, or the first numbered variant the source does not contain', () => {
    expect(unusedIdentifier('return x;', 'G')).toBe('G');
    expect(unusedIdentifier('const G = 1, G1 = 2;', 'G')).toBe('G2');
  });
});
