/**
 * The leaderboard's rows: candidates filtered by status, island and
 * operator, each with its rank by score and its difference to the best
 * baseline, sorted by any column. Candidates without a score always sort
 * last, whatever the direction.
 */
import {
  isValidStatus,
  type Candidate,
  type CandidateStatus,
  type OperatorId,
} from '../../core/evolution/record.ts';
import { bestBaseline } from '../../core/export/runDescription.ts';
import type { BaselineResult } from '../../core/types.ts';

export type SortKey = 'rank' | 'id' | 'score' | 'delta' | 'status' | 'island' | 'operator';
export type SortDirection = 'ascending' | 'descending';

export interface LeaderboardSort {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

/** 'failed' matches every status but the valid ones: 'ok' and 'screened-out' (record.ts isValidStatus). */
export type StatusFilter = 'all' | 'failed' | CandidateStatus;

export interface LeaderboardFilter {
  readonly status: StatusFilter;
  readonly island: number | 'all';
  readonly operator: OperatorId | 'all';
}

export interface LeaderboardRow {
  readonly candidate: Candidate;
  /** 1 for the best score of the run; null without a score. */
  readonly rank: number | null;
  /** Score minus the best baseline's score; null without either. */
  readonly delta: number | null;
}

export const defaultSort: LeaderboardSort = { key: 'score', direction: 'descending' };
export const noFilter: LeaderboardFilter = { status: 'all', island: 'all', operator: 'all' };

/** Returns the direction a column sorts in first: best scores first, names and numbers from the start. */
export function firstDirection(key: SortKey): SortDirection {
  return key === 'score' || key === 'delta' ? 'descending' : 'ascending';
}

/** Returns the score a candidate ranks by, or null. */
function scoreOf(c: Candidate): number | null {
  return c.status === 'ok' && c.score !== null && Number.isFinite(c.score) ? c.score : null;
}

/** Returns every candidate's rank by score (ties share the earlier rank; the earlier candidate is listed first). */
function ranks(candidates: readonly Candidate[]): Map<string, number> {
  const scored = candidates
    .filter((c) => scoreOf(c) !== null)
    .toSorted((a, b) => scoreOf(b)! - scoreOf(a)! || a.iteration - b.iteration);
  const rankOf = new Map<string, number>();
  scored.forEach((c, k) => {
    const previous = scored[k - 1];
    rankOf.set(c.id, previous && scoreOf(previous) === scoreOf(c) ? rankOf.get(previous.id)! : k + 1);
  });
  return rankOf;
}

function matches(c: Candidate, filter: LeaderboardFilter): boolean {
  const status =
    filter.status === 'all' ||
    (filter.status === 'failed' ? !isValidStatus(c.status) : c.status === filter.status);
  return (
    status &&
    (filter.island === 'all' || c.island === filter.island) &&
    (filter.operator === 'all' || c.operator === filter.operator)
  );
}

/** Returns the value a row sorts by in column `key`; null sorts last. */
function sortValue(row: LeaderboardRow, key: SortKey): number | string | null {
  switch (key) {
    case 'rank':
      return row.rank;
    case 'score':
      return scoreOf(row.candidate);
    case 'delta':
      return row.delta;
    case 'id':
      return row.candidate.iteration;
    case 'island':
      return row.candidate.island;
    case 'status':
    case 'operator':
      return row.candidate[key];
  }
}

/** Returns the rows of `candidates` that pass `filter`, sorted by `sort` (ties in creation order). */
export function leaderboardRows(
  candidates: readonly Candidate[],
  baselines: readonly BaselineResult[] | null,
  filter: LeaderboardFilter = noFilter,
  sort: LeaderboardSort = defaultSort,
): LeaderboardRow[] {
  const rankOf = ranks(candidates);
  const reference = baselines ? bestBaseline(baselines) : null;
  const rows = candidates
    .filter((c) => matches(c, filter))
    .map((candidate): LeaderboardRow => {
      const score = scoreOf(candidate);
      return {
        candidate,
        rank: rankOf.get(candidate.id) ?? null,
        delta: score !== null && reference ? score - reference.score : null,
      };
    });
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows.toSorted((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return (
        sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)))
      );
    }
    return a.candidate.iteration - b.candidate.iteration;
  });
}

/** Returns the statuses, islands and operators that occur in `candidates`, for the filter menus. */
export function filterChoices(candidates: readonly Candidate[]) {
  const statuses = new Set<CandidateStatus>();
  const islands = new Set<number>();
  const operators = new Set<OperatorId>();
  for (const c of candidates) {
    statuses.add(c.status);
    islands.add(c.island);
    operators.add(c.operator);
  }
  return {
    statuses: [...statuses].sort(),
    islands: [...islands].sort((a, b) => a - b),
    operators: [...operators].sort(),
  };
}
