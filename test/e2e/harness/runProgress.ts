/** More steps the run tests share: the Myerson preset as `mechlab run` takes it, the candidate count, the newest run in the library. */
import type { Locator, Page } from 'playwright-core';

/** The Myerson preset's settings, as the setup form sends them, in `mechlab run`'s flags (add --budget). */
export const myersonInNode: readonly string[] = [
  '--problem',
  'single-item-revenue',
  '--n',
  '2',
  '--dist',
  'uniform:0:1',
  '--seed',
  '1',
  '--time-limit',
  '2',
];

/** Returns the number of candidates the dashboard shows ("12 / 40" → 12). */
export async function shownCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('count-candidates').innerText()).split(' ')[0]);
}

/** Waits until the dashboard shows at least `atLeast` candidates. */
export async function waitForCount(page: Page, atLeast: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=count-candidates]')?.textContent?.split(' ')[0]) >= n,
    atLeast,
    { timeout },
  );
}

/** Opens the library and returns the newest run's row once it is listed; its fourth cell counts the candidates. */
export async function newestRunRow(page: Page): Promise<Locator> {
  await page.getByTestId('nav-library').click();
  const row = page.getByTestId('run-list').locator('tbody tr').first();
  await row.waitFor();
  return row;
}
