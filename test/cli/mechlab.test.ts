/**
 * The `mechlab` command as a user runs it: a child process through the
 * package's bin entry, checked on its output, its errors and exit codes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mechlabSync } from './mechlabProcess.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mechlab-cli-'));

/** Runs `mechlab command` with flags from `options`: { n: 2, json: true } → --n 2 --json. */
function mechlab(command: string, options: Record<string, string | number | true> = {}) {
  const flags = Object.entries(options).flatMap(([name, value]) =>
    value === true ? [`--${name}`] : [`--${name}`, String(value)],
  );
  return mechlabSync([command, ...flags]);
}

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('mechlab problems', { timeout: 60_000 }, () => {
  it('lists the three problems with their parameters as JSON', () => {
    const { status, stdout } = mechlab('problems', { json: true });
    expect(status).toBe(0);
    const listed = JSON.parse(stdout) as { id: string; parameters: { name: string }[] }[];
    expect(listed.map((p) => p.id)).toEqual([
      'single-item-revenue',
      'vcg-redistribution',
      'correlated-revenue',
    ]);
    const vcg = listed.find((p) => p.id === 'vcg-redistribution');
    expect(vcg?.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['n', 'm']));
  });
});

describe('mechlab eval', { timeout: 60_000 }, () => {
  it('scores Myerson for two U[0,1] bidders near 5/12, with baselines on the same samples and a passed verification', () => {
    const { status, stdout, stderr } = mechlab('eval', {
      problem: 'single-item-revenue',
      n: 2,
      heuristic: 'examples/myerson-uniform.js',
      samples: 50000,
      seed: 7,
      json: true,
    });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    expect(Math.abs(result.score - 5 / 12)).toBeLessThan(3 * result.standardError + 0.01);
    expect(result.samples).toBe(50000);
    expect(result.verification.passed).toBe(true);
    expect(result.baselines.length).toBeGreaterThanOrEqual(3);
    for (const baseline of result.baselines) expect(Number.isFinite(baseline.score)).toBe(true);
  });

  it('gives the same result twice for the same seed', () => {
    const options = {
      problem: 'vcg-redistribution',
      heuristic: 'examples/bailey-cavallo.js',
      samples: 2000,
      seed: 3,
      json: true,
    } as const;
    const first = JSON.parse(mechlab('eval', options).stdout);
    const second = JSON.parse(mechlab('eval', options).stdout);
    expect(second.score).toBe(first.score);
    expect(second.baselines).toEqual(first.baselines);
  });

  it.each([
    [
      ['eval', '--problem', 'nope', '--heuristic', 'x.js'],
      /problem = "nope" is not allowed: one of single-item-revenue/,
    ],
    [
      [
        'eval',
        '--problem',
        'vcg-redistribution',
        '--n',
        '4',
        '--m',
        '3',
        '--heuristic',
        'examples/bailey-cavallo.js',
      ],
      /m = .* is not allowed/,
    ],
    [
      ['eval', '--problem', 'vcg-redistribution', '--nn', '4', '--heuristic', 'examples/bailey-cavallo.js'],
      /nn = .* not a parameter of this problem/,
    ],
    [
      ['eval', '--problem', 'vcg-redistribution', '--heuristic', 'missing.js'],
      /cannot read heuristic file missing\.js: no such file/,
    ],
    [
      ['eval', '--problem', 'vcg-redistribution'],
      /--heuristic FILE is required: a JavaScript file defining function rebate\(others, n, m\)/,
    ],
    [
      [
        'eval',
        '--problem',
        'single-item-revenue',
        '--samples',
        '0',
        '--heuristic',
        'examples/myerson-uniform.js',
      ],
      /--samples 0 is not allowed/,
    ],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('rejects %j with one readable line and a non-zero exit', (args, message) => {
    const { status, stdout, stderr } = mechlabSync(args);
    expect(status).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a heuristic that does not compile with its file, line and column', () => {
    const path = file('broken.js', 'function priority(bid, bidder, n) {\n  return bid +;\n}\n');
    const { status, stderr } = mechlab('eval', { problem: 'single-item-revenue', heuristic: path });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(new RegExp(`${path.replace(/[/.]/g, '\\$&')}:2:\\d+: parse-error`));
  });

  it('reports a heuristic that throws as one line', () => {
    const path = file('throws.js', 'function priority(bid, bidder, n) {\n  throw new Error("boom");\n}\n');
    const { status, stderr } = mechlab('eval', { problem: 'single-item-revenue', heuristic: path });
    expect(status).toBe(1);
    expect(stderr.trim()).toMatch(
      /^mechlab: the heuristic failed while the mechanism was evaluated: Error: boom$/,
    );
  });
});

describe('mechlab outcomes', { timeout: 60_000 }, () => {
  it("prints Bailey–Cavallo's VCG outcome per profile, with rebates that depend only on the others", () => {
    const { status, stdout, stderr } = mechlab('outcomes', {
      problem: 'vcg-redistribution',
      n: 5,
      m: 1,
      heuristic: 'examples/bailey-cavallo.js',
      profiles: 'examples/profiles-5.json',
    });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const outcomes = JSON.parse(stdout) as { allocation: number[]; payments: number[]; rebates: number[] }[];
    expect(outcomes).toHaveLength(4);
    // Profile [0.9, 0.7, 0.5, 0.3, 0.1]: agent 0 wins and pays 0.7; each rebate is 1/5 of the 2nd highest other bid.
    expect(outcomes[0].allocation).toEqual([1, 0, 0, 0, 0]);
    expect(outcomes[0].payments[0]).toBeCloseTo(0.7, 12);
    const expected = [0.5, 0.5, 0.7, 0.7, 0.7].map((b) => b / 5);
    outcomes[0].rebates.forEach((r, i) => expect(r).toBeCloseTo(expected[i], 2));
    for (const o of outcomes) {
      const collected = o.payments.reduce((a, b) => a + b, 0);
      const returned = o.rebates.reduce((a, b) => a + b, 0);
      expect(returned).toBeLessThanOrEqual(collected + 1e-12);
      for (const r of o.rebates) expect(r).toBeGreaterThanOrEqual(0);
    }
  });

  it('names the first profile that is not n numbers', () => {
    const path = file('bad-profiles.json', '[[0.1, 0.2, 0.3, 0.4, 0.5], [0.1, "x", 0.3, 0.4, 0.5]]');
    const { status, stderr } = mechlab('outcomes', {
      problem: 'vcg-redistribution',
      heuristic: 'examples/bailey-cavallo.js',
      profiles: path,
    });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/profile 1 is \[0\.1,"x",0\.3,0\.4,0\.5\]; expected an array of 5 finite numbers/);
  });
});

describe('mechlab baselines', { timeout: 60_000 }, () => {
  it('shows the worst-case fraction of each redistribution baseline, computed, matching the closed forms', () => {
    const { status, stdout } = mechlab('baselines', {
      problem: 'vcg-redistribution',
      n: 5,
      m: 1,
      samples: 5000,
      json: true,
    });
    expect(status).toBe(0);
    const { baselines } = JSON.parse(stdout) as {
      baselines: { id: string; name: string; worstCase?: number }[];
    };
    const byName = (pattern: RegExp) => baselines.find((b) => pattern.test(b.name));
    // Bailey–Cavallo: 1 − (m+1)/n = 0.6; Guo–Conitzer: 1 − C(4,1)/Σ_{k=1}^{4} C(4,k) = 1 − 4/15.
    expect(byName(/Bailey/)?.worstCase).toBeCloseTo(0.6, 6);
    expect(byName(/Guo|worst-case optimal/i)?.worstCase).toBeCloseTo(1 - 4 / 15, 6);
  });
});
