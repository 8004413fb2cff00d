import { describe, expect, it } from 'vitest';
import { parseArgs, takeInteger } from '../../src/cli/args.ts';

describe('parseArgs', () => {
  it('reads the command, --flag value, --flag=value and switches', () => {
    const parsed = parseArgs(['eval', '--n', '5', '--dist=uniform:0:1', '--json']);
    expect(parsed.command).toBe('eval');
    expect([...parsed.flags]).toEqual([
      ['n', '5'],
      ['dist', 'uniform:0:1'],
    ]);
    expect([...parsed.switches]).toEqual(['json']);
  });

  it('keeps negative numbers as values', () => {
    expect(parseArgs(['eval', '--seed', '-3']).flags.get('seed')).toBe('-3');
  });

  it('rejects a flag without a value, a repeated flag and a second command, each with its own message', () => {
    expect(() => parseArgs(['eval', '--n'])).toThrow('--n needs a value');
    expect(() => parseArgs(['eval', '--n', '--m', '1'])).toThrow('--n needs a value');
    expect(() => parseArgs(['eval', '--n', '2', '--n', '3'])).toThrow('--n is given twice');
    expect(() => parseArgs(['eval', 'extra'])).toThrow("unexpected argument 'extra'");
    expect(() => parseArgs(['eval', '--json=1'])).toThrow('--json takes no value');
  });
});

describe('takeInteger', () => {
  it('returns the fallback when absent and rejects values out of range with the range', () => {
    expect(takeInteger(new Map(), 'samples', 7, 1, 10)).toBe(7);
    expect(takeInteger(new Map([['samples', '3']]), 'samples', 7, 1, 10)).toBe(3);
    expect(() => takeInteger(new Map([['samples', '0']]), 'samples', 7, 1, 10)).toThrow(
      '--samples 0 is not allowed: a whole number from 1 to 10',
    );
    expect(() => takeInteger(new Map([['samples', '2.5']]), 'samples', 7, 1, 10)).toThrow(/whole number/);
  });
});
