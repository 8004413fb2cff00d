import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { startDemoRun, waitForStatus } from './harness/runs.ts';

/** Runs the Myerson preset with the demo model for `budget` candidates, then names the run (the `count`-th) `name`. */
async function demoRun(page: Page, budget: number, name: string, count: number): Promise<void> {
  await page.getByTestId('nav-setup').click();
  await startDemoRun(page, budget);
  await waitForStatus(page, 'finished');
  await page.getByTestId('nav-library').click();
  // The list refreshes when it is shown: wait for the new run before taking the newest row.
  await page
    .getByTestId('run-list')
    .locator('tbody tr')
    .nth(count - 1)
    .waitFor();
  const row = page.getByTestId('run-list').locator('tbody tr').first();
  page.once('dialog', (dialog) => void dialog.accept(name));
  await row.getByRole('button', { name: 'Rename' }).click();
  await page.getByTestId('run-list').locator('tbody tr', { hasText: name }).waitFor();
}

describe('comparing runs', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('overlays the best-so-far curves of two runs with a table of their final scores and the shared baselines', async () => {
    const { page } = await browser.openApp();
    await demoRun(page, 12, 'Short run', 1);
    await demoRun(page, 30, 'Longer run', 2);

    const list = page.getByTestId('run-list');
    const best = async (name: string) =>
      list.locator('tbody tr', { hasText: name }).locator('td').nth(4).innerText();
    const shortBest = await best('Short run');
    const longBest = await best('Longer run');
    expect(shortBest).toMatch(/^0\.\d{4}$/);

    expect(await page.getByTestId('compare-selected').isDisabled()).toBe(true);
    await list.locator('tbody tr', { hasText: 'Short run' }).getByTestId('compare-check').check();
    expect(await page.getByTestId('compare-selected').isDisabled()).toBe(true);
    await list.locator('tbody tr', { hasText: 'Longer run' }).getByTestId('compare-check').check();
    await page.getByTestId('compare-selected').click();

    const table = page.getByTestId('compare-table');
    await table.waitFor();
    const rows = table.locator('tbody').first().locator('tr');
    expect(await rows.count()).toBe(2);
    const shortRow = rows.filter({ hasText: 'Short run' });
    const longRow = rows.filter({ hasText: 'Longer run' });
    expect(await shortRow.getByTestId('compare-best').innerText()).toBe(shortBest);
    expect(await longRow.getByTestId('compare-best').innerText()).toBe(longBest);
    expect(await shortRow.locator('td').nth(2).innerText()).toBe('12');
    expect(await longRow.locator('td').nth(2).innerText()).toBe('30');
    expect(await shortRow.innerText()).toContain('demo (scripted)');

    // Both runs solve the same problem with the same parameters: the baselines are listed and drawn.
    const baselines = page.getByTestId('compare-baselines');
    await baselines.locator('tr', { hasText: 'Myerson' }).waitFor();
    expect(await baselines.locator('tr', { hasText: 'Myerson' }).innerText()).toMatch(/0\.41\d\d/);
    const chart = page.getByTestId('compare-chart');
    expect(await chart.getAttribute('data-series-count')).toBe('2');
    expect(await chart.locator('path.series').count()).toBe(2);
    const label = await chart.getAttribute('aria-label');
    expect(label).toContain(`Short run — demo (scripted) reaches ${shortBest}`);
    expect(label).toContain(`Longer run — demo (scripted) reaches ${longBest}`);
    expect(await chart.locator('.baseline').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'compare');

    await page.getByTestId('axis-seconds').check();
    await expect(chart.locator('text.axis-label').first().textContent()).resolves.toContain('running time');
    expect(await chart.locator('path.series').count()).toBe(2);

    await page.getByTestId('close-compare').click();
    expect(await list.locator('tbody tr').count()).toBe(2);
  });
});
