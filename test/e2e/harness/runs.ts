/** Steps the run tests share: start a demo run from the setup form, wait for it, export it, compare records. */
import { readFileSync } from 'node:fs';
import { mechlabSync } from '../../cli/mechlabProcess.ts';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';

export interface RecordLike {
  id: string;
  parentIds: string[];
  island: number;
  operator: string;
  status: string;
  score: number | null;
  standardError: number | null;
  code: string | null;
}

export interface RunFileLike {
  meta: { id: string; name: string; settings: unknown };
  progress: { status: string; applied: number };
  candidates: (RecordLike & Record<string, unknown>)[];
}

/** Returns what must agree between two runs of the same settings: lineage, statuses, scores, code. */
export function essentials(run: RunFileLike): RecordLike[] {
  return run.candidates.map(({ id, parentIds, island, operator, status, score, standardError, code }) => ({
    id,
    parentIds,
    island,
    operator,
    status,
    score,
    standardError,
    code,
  }));
}

/** Fills the setup form (Myerson preset by default) and starts a demo run. */
export async function startDemoRun(page: Page, budget: number, timeLimitSeconds = 2): Promise<void> {
  await page.fill('input[name=budget]', String(budget));
  await page.fill('input[name=time-limit]', String(timeLimitSeconds));
  await page.getByTestId('start-run').click();
  await page.getByTestId('run-status').waitFor();
}

export async function waitForStatus(page: Page, status: string, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid=run-status]')?.textContent === expected,
    status,
    { timeout },
  );
}

/** Clicks an export button and returns the downloaded run file, parsed. */
export async function exportFrom(
  page: Page,
  click: () => Promise<void>,
): Promise<{ text: string; run: RunFileLike }> {
  const download = page.waitForEvent('download');
  await click();
  const path = await (await download).path();
  const text = readFileSync(path, 'utf8');
  return { text, run: JSON.parse(text) as RunFileLike };
}

/** Runs `mechlab run` with the demo backend in Node and returns its run file. */
export function nodeDemoRun(args: readonly string[]): RunFileLike {
  const out = join(tmpdir(), `mechlab-node-run-${process.pid}-${Date.now()}.json`);
  const result = mechlabSync(['run', '--backend', 'demo', ...args, '--out', out]);
  if (result.status !== 0) throw new Error(`mechlab run failed: ${result.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as RunFileLike;
}

/**
 * Opens the library, waits until it lists `count` runs, and renames the
 * newest (the top row) to `name`.
 */
export async function nameNewestRun(page: Page, name: string, count: number): Promise<void> {
  await page.getByTestId('nav-library').click();
  const rows = page.getByTestId('run-list').locator('tbody tr');
  // The list refreshes when it is shown: wait for the new run before taking the newest row.
  await rows.nth(count - 1).waitFor();
  page.once('dialog', (dialog) => void dialog.accept(name));
  await rows.first().getByRole('button', { name: 'Rename' }).click();
  await page.getByTestId('run-list').locator('tbody tr', { hasText: name }).waitFor();
}
