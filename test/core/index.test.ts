import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.ts';

describe('the public API of the core (src/core/index.ts)', () => {
  it('re-exports the registry, the three fixes, the verifier, the sandbox and the distribution parser', () => {
    for (const name of [
      'problemById',
      'monotoneEnvelopeFix',
      'waterfillingFix',
      'thresholdScanFix',
      'verifyMechanism',
      'compileHeuristic',
      'parseDistribution',
      'parseDistributionList',
    ] as const)
      expect(typeof core[name], name).toBe('function');
    expect(core.problems.map((p) => p.id)).toEqual([
      'single-item-revenue',
      'vcg-redistribution',
      'correlated-revenue',
    ]);
  });

  it('re-exports the pure parts of the search: reply parsing, the operators, the database and the defaults', () => {
    expect(typeof core.parseReply).toBe('function');
    expect(typeof core.ProgramDatabase).toBe('function');
    expect(Object.keys(core.operators).sort()).toEqual([
      'e1',
      'e2',
      'funsearch',
      'm1',
      'm2',
      'pbe',
      'repair',
    ]);
    expect(Object.isFrozen(core.defaultSearchConfig)).toBe(true);
    expect(Object.isFrozen(core.defaultDatabaseConfig)).toBe(true);
  });
});
