/**
 * A newcomer's first minute (issue 6): open MechLab in a fresh browser,
 * start the Myerson preset with the demo, and find the best mechanism's
 * plot, using only what is on screen: visible texts and roles, no test ids.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';

/** The series of the priority plot of identical uniform bidders, as its legend names them. */
const prioritySeries = [
  'priority (heuristic)',
  'priority after the fix (monotone envelope)',
  'virtual value φ (clipped at -1)',
  'ironed virtual value φ̄ (clipped at -1)',
];

/** Returns whether `target` lies whole inside the window, above the status line at its foot. */
async function fullyInView(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const foot = await page.getByRole('contentinfo', { name: 'Browser capabilities' }).boundingBox();
  return box !== null && foot !== null && box.y >= 0 && box.y + box.height <= foot.y;
}

/** Returns the dashboard counter whose label is `term` ("Best score" → its value). */
function counter(page: Page, term: string): Locator {
  return page.locator('dl dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd');
}

describe('a first visit', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('starts the Myerson demo from the first screen and reaches the best mechanism’s priority plot', async () => {
    const { page } = await browser.openApp();

    // The first screen: the Myerson preset and the demo are chosen, and Start is in view on a laptop.
    const start = page.getByRole('button', { name: 'Start run' });
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1280, height: 720 },
    ]) {
      await page.setViewportSize(viewport);
      expect(
        await fullyInView(page, start),
        `Start run in view at ${viewport.width}×${viewport.height}`,
      ).toBe(true);
    }
    expect(await start.isEnabled()).toBe(true);
    const experiment = page.getByLabel('Experiment');
    expect(await experiment.evaluate((s: HTMLSelectElement) => s.selectedOptions[0].text)).toBe(
      'Myerson rediscovery — uniform bidders',
    );
    expect(await page.getByRole('radio', { name: /^Demo — scripted replies/ }).isChecked()).toBe(true);
    await page.getByText('The run will use the demo (scripted replies).').waitFor();
    const budget = Number(await page.getByLabel('Budget (candidates)').inputValue());
    expect(budget).toBe(60);
    await expect(
      page.getByText(`Myerson rediscovery — uniform bidders, ${budget} candidates`).count(),
    ).resolves.toBe(1);
    await saveScreenshot(page, 'first-visit-setup');

    // Start: the run's page opens with its title focused, and runs to the budget.
    await start.click();
    const title = page.getByRole('heading', { level: 2, name: 'Myerson rediscovery — uniform bidders' });
    await title.waitFor();
    expect(await title.evaluate((h) => h === document.activeElement)).toBe(true);
    await page.getByText('finished', { exact: true }).waitFor({ timeout: 240_000 });
    expect(await counter(page, 'Candidates').innerText()).toBe(`${budget} / ${budget}`);
    const bestScore = await counter(page, 'Best score').innerText();
    expect(Number(bestScore)).toBeGreaterThan(0.41); // Myerson's optimum is 5/12 ≈ 0.4167
    const bestId = await counter(page, 'Best candidate').innerText();
    expect(bestId).toMatch(/^c\d{4}$/);
    await saveScreenshot(page, 'first-visit-finished');

    // One button opens the best: the inspector in view with the focus on its title, the same score.
    await page.getByRole('button', { name: 'Inspect the best mechanism' }).click();
    const inspector = page.getByRole('article', { name: new RegExp(`^${bestId} `) });
    await inspector.waitFor();
    await page.getByText(`Inspecting ${bestId}, the best so far`, { exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inspector-title');
    expect(
      await inspector
        .locator('header')
        .getByText(/^\d\.\d{4} ± \d\.\d{4}$/)
        .innerText(),
    ).toMatch(new RegExp(`^${bestScore.replace('.', '\\.')} ± `));

    // Its priority plot, drawn in the inspection worker: the four series in the legend and as curves.
    const plot = inspector.getByRole('img', { name: /priority and virtual value/ });
    await plot.waitFor({ timeout: 60_000 });
    const labels = await plot.locator('text').allTextContents();
    for (const name of prioritySeries) expect(labels.filter((l) => l === name)).toHaveLength(1);
    const curves = await plot
      .locator('path[data-series]')
      .evaluateAll((paths) =>
        paths.map((p) => [p.getAttribute('data-series'), p.getAttribute('d')?.length ?? 0]),
      );
    expect(curves.map(([name]) => name)).toEqual(prioritySeries);
    for (const [, length] of curves) expect(length).toBeGreaterThan(20);
    // Seen without scrolling any further.
    expect(await fullyInView(page, plot)).toBe(true);
    await saveScreenshot(page, 'first-visit-best');
  });
});
