import { describe, expect, it } from 'vitest';
import { prepareEvaluation } from '../../../src/core/evolution/evaluateCandidate.ts';
import type { Candidate } from '../../../src/core/evolution/record.ts';
import { cell, fencedCode } from '../../../src/core/export/markdown.ts';
import {
  improvements,
  rankedCandidates,
  runReport,
  runReportText,
} from '../../../src/core/export/runReport.ts';
import { candidateOf, metaOf } from './fixtures.ts';

const meta = metaOf('single-item-revenue', { n: 2 }, 'Myerson | uniform');
const setup = { problem: meta.settings.problem, parameters: meta.settings.parameters, seed: 3, samples: 512 };
const { instance, samples } = prepareEvaluation(setup);
const baselines = instance.baselines(samples);

const at = (iteration: number, overrides: Partial<Candidate>): Candidate =>
  candidateOf(`function priority(bid, bidder, n) {\n  return bid - ${iteration / 10};\n}`, {
    id: `c000${iteration}`,
    iteration,
    ...overrides,
  });

const candidates: Candidate[] = [
  at(0, {
    operator: 'seed',
    parentIds: [],
    generation: null,
    usage: null,
    thought: null,
    score: 0.33,
    standardError: 0.01,
  }),
  at(1, {
    parentIds: ['c0000'],
    score: 0.38,
    standardError: 0.011,
    usage: { promptTokens: 100, completionTokens: 50, tokensPerSecond: 20 },
  }),
  at(2, {
    parentIds: ['c0001'],
    status: 'parse-error',
    code: null,
    score: null,
    standardError: null,
    metrics: [],
    verification: null,
    error: { reason: 'parse-error', message: 'Syntax error' },
    usage: { promptTokens: 120, completionTokens: 30, tokensPerSecond: 40 },
  }),
  at(3, { parentIds: ['c0001'], score: 0.4161, standardError: 0.0102, thought: 'Reserve ```at``` ½ | keep' }),
  at(4, { parentIds: ['c0003'], score: 0.401, standardError: 0.0101 }),
];

describe('runReportText(input)', () => {
  const text = runReportText({
    meta,
    progress: null,
    candidates,
    baselines,
    now: Date.UTC(2025, 0, 3, 9, 30),
  });

  it('states the run, the settings and the model', () => {
    expect(
      text.startsWith(
        '# MechLab run report: Myerson | uniform\n\nRun `run-test`, created 2025-01-02 03:04 UTC; report made 2025-01-03 09:30 UTC.',
      ),
    ).toBe(true);
    expect(text).toContain('| Problem | Single item, independent bidders: revenue (`single-item-revenue`) |');
    expect(text).toContain('| Parameters | n = 2, dist = uniform:0:1, grid = 500 |');
    expect(text).toContain('| Model | scripted / demo |');
    expect(text).toContain('| Evaluation | 512 sampled profiles, seed 3, at most 10 s per candidate |');
    expect(text).toContain('| Budget | 20 candidates |');
  });

  it('gives the best candidate against the best baseline, and the candidates by status', () => {
    const top = baselines.reduce((a, b) => (b.score > a.score ? b : a));
    expect(text).toContain(`- Against the best baseline, ${top.name} (${top.score.toFixed(4)} ± `);
    const difference = 0.4161 - top.score;
    const sign = difference > 0 ? '+' : '−';
    expect(text).toContain(
      '- Best: **c0003**, expected revenue 0.4161 ± 0.0102, found at iteration 3 by m1 on island 1.',
    );
    expect(text).toContain(`${sign}${Math.abs(difference).toFixed(4)}.`);
    expect(text).toContain('- Candidates: 5 (4 written by the model); valid 75%: ok 3 · parse-error 1.');
    expect(text).toContain(
      '- Model usage: 1060 prompt tokens, 272 completion tokens, 30.8 tokens/s on average.',
    );
  });

  it('lists every baseline with its theory, and the curve at each improvement', () => {
    for (const b of baselines)
      expect(text).toContain(`| ${b.name.replaceAll('|', '\\|')} | ${b.score.toFixed(4)} ± `);
    expect(text).toContain('| Iteration | Candidate | Best so far |');
    expect(text).toContain('| 0 | c0000 | 0.3300 |\n| 1 | c0001 | 0.3800 |\n| 3 | c0003 | 0.4161 |');
    expect(text).toContain('The best score so far rose 3 times over 5 candidates.');
  });

  it('shows the best candidates with their code, best first', () => {
    const order = ['### 1. c0003', '### 2. c0004', '### 3. c0001'].map((h) => text.indexOf(h));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(text).toContain('*Idea:* Reserve ```at``` ½ | keep');
    expect(text).toContain('```js\nfunction priority(bid, bidder, n) {\n  return bid - 0.3;\n}\n```');
    expect(text).toContain('- Revenue before the fix (unfixed skeleton): 0.4023 ± 0.0100');
  });

  it('says what is missing in a run without scores or baselines', () => {
    const empty = runReportText({ meta, progress: null, candidates: [], baselines: null, now: 0 });
    expect(empty).toContain('- No candidate has a score yet.');
    expect(empty).toContain('## Baselines\n\nNot computed for this report.');
    expect(empty).not.toContain('## Best candidates');
  });
});

describe('markdown helpers', () => {
  it('fences code with more backticks than it holds, and escapes table cells', () => {
    expect(fencedCode('const s = `x`;\n// ```', 'js')).toBe('````js\nconst s = `x`;\n// ```\n````');
    expect(cell('a | b\n c\\')).toBe('a \\| b c\\\\');
  });
});

describe('rankedCandidates and improvements', () => {
  it('ranks scored candidates best first, each code once', () => {
    const twin = at(5, { code: candidates[3].code, score: 0.5 });
    expect(rankedCandidates([...candidates, twin]).map((c) => c.id)).toEqual([
      'c0005',
      'c0004',
      'c0001',
      'c0000',
    ]);
    expect(improvements(candidates)).toEqual([
      [0, 'c0000', 0.33],
      [1, 'c0001', 0.38],
      [3, 'c0003', 0.4161],
    ]);
  });

  it('names the file after the run', () => {
    const file = runReport({ meta, progress: null, candidates, baselines, now: 0 });
    expect(file.name).toBe('Myerson-uniform-report.md');
    expect(file.type).toBe('text/markdown');
  });
});
