import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { exportFrom, startDemoRun, waitForStatus, type RunFileLike } from './harness/runs.ts';
import { waitForCount } from './harness/runProgress.ts';
import type { Candidate } from '../../src/core/evolution/record.ts';
import { layoutPopulation } from '../../src/ui/charts/treeLayout.ts';
import { fitTree, placeTree } from '../../src/ui/charts/treeView.ts';
import { formatDuration } from '../../src/ui/state/dashboardFigures.ts';

/** Returns the number of candidates the dashboard counts ("12 / 40" → 12) and the tree's node count, read together. */
async function counts(page: Page): Promise<{ written: number; nodes: number; points: number }> {
  return page.evaluate(() => ({
    written: Number(document.querySelector('[data-testid=count-candidates]')?.textContent?.split(' ')[0]),
    nodes: Number(document.querySelector('[data-testid=population-tree]')?.getAttribute('data-node-count')),
    points: Number(document.querySelector('[data-testid=score-curve]')?.getAttribute('data-point-count')),
  }));
}

describe('the live dashboard', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('shows every candidate in the tree and the curve, pauses and resumes, and opens the best from the tree', async () => {
    const { page } = await browser.openApp();
    await startDemoRun(page, 40);
    await waitForCount(page, 8);
    // While it runs: the tree and the curve hold every record (the seed too), no more, no fewer.
    const live = await counts(page);
    expect(live.nodes).toBe(live.written + 1);
    expect(live.points).toBe(live.written + 1);
    expect(await page.getByTestId('time-left').innerText()).toMatch(/^(≈ \d.*|—)$/);
    await saveScreenshot(page, 'dashboard-running');

    await page.getByTestId('pause').click();
    await waitForStatus(page, 'paused');
    // The page takes new records once per animation frame, the status at once: let the last batch land.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const paused = await counts(page);
    expect(paused.written).toBeLessThan(40);
    await page.waitForTimeout(1_000);
    expect(await counts(page)).toEqual(paused);
    expect(paused.nodes).toBe(paused.written + 1);

    await page.getByTestId('resume').click();
    await waitForStatus(page, 'finished');
    expect(await page.getByTestId('count-candidates').innerText()).toBe('40 / 40');
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const candidates = run.candidates as unknown as Candidate[];
    expect(candidates).toHaveLength(41);
    expect(await counts(page)).toEqual({ written: 40, nodes: 41, points: 41 });

    // The counters agree with the records.
    const written = candidates.filter((c) => c.operator !== 'seed');
    const valid = written.filter((c) => c.status === 'ok' || c.status === 'screened-out').length;
    const screenedOut = written.filter((c) => c.status === 'screened-out').length;
    expect(await page.getByTestId('count-valid').innerText()).toBe(
      `${Math.round((100 * valid) / 40)}%` + (screenedOut > 0 ? `\n${screenedOut} screened out` : ''),
    );
    const best = candidates
      .filter((c) => c.status === 'ok')
      .reduce((top, c) => ((c.score as number) > (top.score as number) ? c : top));
    expect(await page.getByTestId('best-score').innerText()).toBe((best.score as number).toFixed(4));
    expect(await page.getByTestId('best-id').innerText()).toBe(best.id);
    expect(await page.getByTestId('elapsed').innerText()).toBe(
      formatDuration((run as RunFileLike & { progress: { elapsedSeconds: number } }).progress.elapsedSeconds),
    );
    expect(await page.getByTestId('time-left').innerText()).toBe('—');
    expect(Number(await page.getByTestId('evaluations-per-second').innerText())).toBeGreaterThan(0);
    const scored = candidates.filter((c) => c.status === 'ok').length;
    expect(Number(await page.getByTestId('score-curve').getAttribute('data-scored-count'))).toBe(scored);

    // The highlighted lineage runs from the seed to the best, each step a real parent → child link.
    const tree = page.getByTestId('population-tree');
    expect(await tree.getAttribute('data-best')).toBe(best.id);
    const path = (await tree.getAttribute('data-best-path'))!.split(' ');
    expect(path[0]).toBe('c0000');
    expect(path.at(-1)).toBe(best.id);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    for (let i = 1; i < path.length; i++) expect(byId.get(path[i])!.parentIds).toContain(path[i - 1]);
    expect(await tree.getAttribute('aria-label')).toContain(
      `best ${best.id}, reached through ${path.join(' → ')}`,
    );

    // Click the best node where the layout puts it: the inspector opens on it.
    await tree.scrollIntoViewIfNeeded();
    const box = (await tree.boundingBox())!;
    const layout = layoutPopulation(candidates);
    const scene = placeTree(layout, fitTree(layout, box.width, box.height));
    const at = candidates.indexOf(best);
    await page.mouse.move(box.x + scene.x[at], box.y + scene.y[at]);
    await expect(page.getByRole('tooltip').innerText()).resolves.toContain(
      `${best.id} · island ${best.island}`,
    );
    await page.mouse.click(box.x + scene.x[at], box.y + scene.y[at]);
    await expect(page.getByTestId('inspector').innerText()).resolves.toContain(best.id);
    await saveScreenshot(page, 'dashboard-selected');
    await page.getByTestId('close-inspector').click();
    expect(await page.getByTestId('inspector').count()).toBe(0);

    // Keyboard: B goes to the best, ← to its parent, Enter inspects it.
    await tree.focus();
    await page.keyboard.press('b');
    expect(await page.getByTestId('tree-focus').innerText()).toContain(best.id);
    await page.keyboard.press('ArrowLeft');
    const parent = path.at(-2)!;
    expect(await page.getByTestId('tree-focus').innerText()).toMatch(new RegExp(`^${parent} · `));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('inspector').innerText()).resolves.toContain(parent);

    // Zoom by keyboard and by wheel; Reset zoom brings the whole view back.
    await page.keyboard.press('+');
    await page.getByRole('button', { name: 'Reset zoom' }).waitFor();
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    expect(await page.getByRole('button', { name: 'Reset zoom' }).count()).toBe(0);
    const curve = (await page.getByTestId('score-curve').boundingBox())!;
    await page.mouse.move(curve.x + curve.width / 2, curve.y + curve.height / 2);
    await page.mouse.wheel(0, -400);
    await page.getByRole('button', { name: 'Reset zoom' }).waitFor();
    const ticksZoomed = await page.getByTestId('score-curve').locator('text').allTextContents();
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    const ticks = await page.getByTestId('score-curve').locator('text').allTextContents();
    expect(ticks).toContain('40');
    expect(ticksZoomed).not.toEqual(ticks);
  });
});
