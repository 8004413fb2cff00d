import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCandidate, prepareEvaluation } from '../../../src/core/evolution/evaluateCandidate.ts';
import { heuristicFile } from '../../../src/core/export/heuristicFile.ts';
import { evalCommand, fileStem, shellWord } from '../../../src/core/export/runDescription.ts';
import { mechlabSync } from '../../cli/mechlabProcess.ts';
import { candidateOf, metaOf } from './fixtures.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mechlab-heuristic-'));

describe('heuristicFile(candidate, meta)', () => {
  it('writes the run, the score, the lineage and the command that scores it again above the code', () => {
    const code = 'function priority(bid, bidder, n) {\n  return 2 * bid - 1;\n}';
    const meta = metaOf('single-item-revenue', { n: 2 }, 'Myerson, uniform');
    const file = heuristicFile(candidateOf(code), meta);
    expect(file.name).toBe('Myerson-uniform-c0007.js');
    expect(file.type).toBe('text/javascript');
    expect(file.text).toBe(
      [
        '// MechLab heuristic c0007 from the run "Myerson, uniform"',
        '// Problem: single-item-revenue — Single item, independent bidders: revenue',
        '// Parameters: n = 2, dist = uniform:0:1, grid = 500',
        '// Score: 0.4123 ± 0.0101 (expected revenue of the fixed mechanism) on 512 sampled profiles, seed 3',
        '// Status: ok · verification passed (64 checks)',
        '// Lineage: m1 from c0003, c0005 · island 1 · iteration 7 · model scripted/demo',
        '// Idea: A reserve at one half',
        '//',
        '// Score it again with the full verification of the fixed mechanism (the same seed and',
        '// number of samples draw the same profiles, so the score is the same):',
        '//   npx mechlab eval --problem single-item-revenue --n 2 --dist uniform:0:1 --grid 500 --samples 512 --seed 3 --heuristic Myerson-uniform-c0007.js',
        '',
        code,
        '',
      ].join('\n'),
    );
  });

  it('keeps a failed candidate’s error on one header line', () => {
    const candidate = candidateOf('function priority(b, i, n) { return b.x.y; }', {
      status: 'runtime-error',
      error: { reason: 'runtime-error', message: 'priority(0, 0, 2) threw\nTypeError: cannot read x' },
      score: null,
      standardError: null,
      verification: null,
      thought: null,
    });
    const lines = heuristicFile(candidate, metaOf('single-item-revenue', {})).text.split('\n');
    expect(lines).toContain('// Status: runtime-error — priority(0, 0, 2) threw TypeError: cannot read x');
    expect(lines).toContain(
      '// Score: — (expected revenue of the fixed mechanism) on 512 sampled profiles, seed 3',
    );
  });

  it(
    'is accepted by `mechlab eval` as it is, which reproduces the run’s score on the same samples',
    { timeout: 120_000 },
    () => {
      const code = [
        'const reserve = 0.35;',
        'function priority(bid, bidder, n) {',
        '  return bid < reserve ? -1 : bid - reserve / (1 + bidder);',
        '}',
      ].join('\n');
      const meta = metaOf('single-item-revenue', { n: 3, dist: 'exponential:1', grid: 200 });
      const setup = {
        problem: meta.settings.problem,
        parameters: meta.settings.parameters,
        seed: 3,
        samples: 512,
      };
      const evaluation = evaluateCandidate(prepareEvaluation(setup), code);
      expect(evaluation.status).toBe('ok');
      const candidate = candidateOf(code, {
        score: evaluation.score,
        standardError: evaluation.standardError,
      });
      const file = heuristicFile(candidate, meta);
      writeFileSync(join(scratch, file.name), file.text);

      const command = evalCommand(meta, join(scratch, file.name));
      expect(
        command.startsWith(
          'npx mechlab eval --problem single-item-revenue --n 3 --dist exponential:1:0.99 --grid 200 --samples 512 --seed 3 --heuristic ',
        ),
      ).toBe(true);
      const args = command.split(' ').slice(2);
      const { status, stdout, stderr } = mechlabSync([...args, '--json']);
      expect(stderr).toBe('');
      expect(status).toBe(0);
      const result = JSON.parse(stdout) as {
        score: number;
        standardError: number;
        verification: { passed: boolean };
      };
      expect(result.score).toBeCloseTo(evaluation.score!, 12);
      expect(result.standardError).toBeCloseTo(evaluation.standardError!, 12);
      expect(result.verification.passed).toBe(true);
    },
  );
});

describe('shellWord and fileStem', () => {
  it('quotes only words a shell would split or expand', () => {
    expect(shellWord('uniform:0:1,exponential:1')).toBe('uniform:0:1,exponential:1');
    expect(shellWord('my run.js')).toBe("'my run.js'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
  });

  it('makes safe, non-empty file names', () => {
    expect(fileStem('Myerson — uniform / n=2')).toBe('Myerson-uniform-n-2');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('Café')).toBe('Cafe');
    expect(fileStem('***')).toBe('mechlab');
  });
});
