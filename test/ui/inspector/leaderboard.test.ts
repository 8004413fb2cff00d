import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/core/evolution/record.ts';
import { firstStageScore, screenedOut } from '../../../src/core/evolution/screening.ts';
import type { BaselineResult } from '../../../src/core/types.ts';
import { filterChoices, leaderboardRows, noFilter } from '../../../src/ui/inspector/leaderboard.ts';
import { candidateOf } from '../../core/export/fixtures.ts';

const c = (iteration: number, overrides: Partial<Candidate>): Candidate =>
  candidateOf(`function priority(b, i, n) { return b - ${iteration}; }`, {
    id: `c000${iteration}`,
    iteration,
    ...overrides,
  });

const candidates = [
  c(0, { operator: 'seed', island: 0, score: 0.3 }),
  c(1, { operator: 'funsearch', island: 1, score: 0.41 }),
  c(2, { operator: 'm1', island: 0, status: 'parse-error', score: null, standardError: null }),
  c(3, { operator: 'm2', island: 1, score: 0.45 }),
  c(4, { operator: 'm1', island: 2, score: 0.41 }),
  c(5, { operator: 'e1', island: 2, status: 'timeout', score: null, standardError: null }),
  // A duplicate keeps the score it copied, but does not rank.
  c(6, { operator: 'm2', island: 0, status: 'duplicate', score: 0.45 }),
];

const baselines: BaselineResult[] = [
  { id: 'second-price', name: 'Second price', score: 0.33, standardError: 0.01 },
  { id: 'myerson', name: 'Myerson', score: 0.42, standardError: 0.01 },
  { id: 'greedy-conditional-bound', name: 'Upper bound', score: 0.6, standardError: 0.01 },
];

const ids = (rows: ReturnType<typeof leaderboardRows>) => rows.map((r) => r.candidate.id);

describe('leaderboardRows(candidates, baselines, filter, sort)', () => {
  it('ranks by score, best first, ties in creation order, unscored last', () => {
    const rows = leaderboardRows(candidates, baselines);
    expect(ids(rows)).toEqual(['c0003', 'c0001', 'c0004', 'c0000', 'c0002', 'c0005', 'c0006']);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 2, 4, null, null, null]);
  });

  it('gives the difference to the best baseline mechanism, not to a bound', () => {
    const rows = leaderboardRows(candidates, baselines);
    expect(rows[0].delta).toBeCloseTo(0.03, 12);
    expect(rows[3].delta).toBeCloseTo(-0.12, 12);
    expect(rows[4].delta).toBeNull();
    expect(leaderboardRows(candidates, null)[0].delta).toBeNull();
  });

  it('sorts by any column either way, keeping unscored rows last', () => {
    const ascending = leaderboardRows(candidates, baselines, noFilter, {
      key: 'score',
      direction: 'ascending',
    });
    expect(ids(ascending)).toEqual(['c0000', 'c0001', 'c0004', 'c0003', 'c0002', 'c0005', 'c0006']);
    const byOperator = leaderboardRows(candidates, baselines, noFilter, {
      key: 'operator',
      direction: 'ascending',
    });
    expect(byOperator.map((r) => r.candidate.operator)).toEqual([
      'e1',
      'funsearch',
      'm1',
      'm1',
      'm2',
      'm2',
      'seed',
    ]);
    const byIsland = leaderboardRows(candidates, baselines, noFilter, {
      key: 'island',
      direction: 'descending',
    });
    expect(byIsland.map((r) => r.candidate.island)).toEqual([2, 2, 1, 1, 0, 0, 0]);
    const byId = leaderboardRows(candidates, baselines, noFilter, { key: 'id', direction: 'descending' });
    expect(ids(byId)[0]).toBe('c0006');
  });

  it('filters by status (or every failure), island and operator', () => {
    const failed = leaderboardRows(candidates, baselines, { ...noFilter, status: 'failed' });
    expect(ids(failed)).toEqual(['c0002', 'c0005', 'c0006']);
    const ok = leaderboardRows(candidates, baselines, { ...noFilter, status: 'ok' });
    expect(ids(ok)).toEqual(['c0003', 'c0001', 'c0004', 'c0000']);
    const islandTwoM1 = leaderboardRows(candidates, baselines, { status: 'all', island: 2, operator: 'm1' });
    expect(ids(islandTwoM1)).toEqual(['c0004']);
    // Ranks stay those of the whole run.
    expect(islandTwoM1[0].rank).toBe(2);
  });
});

describe('screened-out candidates in the leaderboard', () => {
  const screened = c(7, {
    operator: 'm1',
    island: 1,
    ...screenedOut(0.2, 0.01, [], { samples: 512, z: 3, bar: 0.4 }),
  });
  const run = [...candidates, screened];

  it('are no failure, have their own status filter, and rank after every scored candidate', () => {
    expect(ids(leaderboardRows(run, baselines, { ...noFilter, status: 'failed' }))).toEqual([
      'c0002',
      'c0005',
      'c0006',
    ]);
    const rows = leaderboardRows(run, baselines, { ...noFilter, status: 'screened-out' });
    expect(ids(rows)).toEqual(['c0007']);
    expect(rows[0].rank).toBeNull();
    expect(filterChoices(run).statuses).toContain('screened-out');
    expect(ids(leaderboardRows(run, baselines)).indexOf('c0007')).toBeGreaterThan(3);
  });

  it('show their first-stage score, and no other candidate has one', () => {
    expect(firstStageScore(screened)).toEqual({ value: 0.2, standardError: 0.01 });
    expect(candidates.map(firstStageScore)).toEqual(candidates.map(() => null));
  });
});

describe('filterChoices(candidates)', () => {
  it('lists the statuses, islands and operators that occur', () => {
    expect(filterChoices(candidates)).toEqual({
      statuses: ['duplicate', 'ok', 'parse-error', 'timeout'],
      islands: [0, 1, 2],
      operators: ['e1', 'funsearch', 'm1', 'm2', 'seed'],
    });
  });
});
