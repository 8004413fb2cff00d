import { describe, expect, it } from 'vitest';
import { formatScore, summariseCandidate } from '../../../src/ui/charts/candidateSummary.ts';
import { candidates } from '../candidates.ts';

const [seed, child, failed] = candidates([
  { score: 0.3333 },
  { parents: ['c0000'], island: 2, score: 0.41234 },
  { parents: ['c0001', 'c0000'], island: 1, operator: 'funsearch', score: 'timeout' },
]);

describe('summariseCandidate', () => {
  it('summariseCandidate names the seed as the starting heuristic', () => {
    expect(summariseCandidate(seed)).toBe(
      'c0000 · island 0 · the starting heuristic · score 0.3333 ± 0.0010',
    );
  });
  it('summariseCandidate gives operator, parents and score ± standard error', () => {
    expect(summariseCandidate(child)).toBe('c0001 · island 2 · m1 from c0000 · score 0.4123 ± 0.0010');
  });
  it('summariseCandidate gives a failure’s status and message', () => {
    expect(summariseCandidate(failed)).toBe(
      'c0002 · island 1 · funsearch from c0001, c0000 · timeout: it timeout',
    );
  });
  it('formatScore writes four decimals, and a dash for no score', () => {
    expect(formatScore(0.41666)).toBe('0.4167');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });
});
