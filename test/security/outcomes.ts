/** Checks of corpus outcomes that the Node and the browser tests share. */
import { expect } from 'vitest';
import type { Expectation } from './corpus/index.ts';
import type { CorpusOutcome } from './runCorpus.ts';

/** Returns how many items fall under each key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Returns the items grouped by key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Asserts that `outcome` has the expected status and, where one is given, a message matching the reason. */
export function expectOutcome(outcome: CorpusOutcome | undefined, expected: Expectation): void {
  expect(outcome, 'the program was not recorded').toBeDefined();
  const { status, message } = outcome!;
  expect({ status, message }).toEqual({
    status: expected.status,
    message: expected.reason ? expect.stringMatching(expected.reason) : expect.any(String),
  });
}
