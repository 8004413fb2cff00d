import { describe, expect, inject, it } from 'vitest';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { essentials, exportFrom, nodeDemoRun, startDemoRun, waitForStatus } from './harness/runs.ts';
import { myersonInNode, newestRunRow, waitForCount } from './harness/runProgress.ts';

describe('a demo run in the browser', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('runs 50 candidates to the budget and records exactly what `mechlab run` records in Node', async () => {
    const { page } = await browser.openApp();
    await startDemoRun(page, 50);
    await waitForStatus(page, 'finished');
    expect(await page.getByTestId('count-candidates').innerText()).toBe('50 / 50');
    const best = Number(await page.getByTestId('best-score').innerText());
    expect(best).toBeGreaterThan(0.3);
    await saveScreenshot(page, 'dashboard');

    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    expect(run.candidates).toHaveLength(51);
    expect(run.progress.status).toBe('finished');
    const bestRecorded = Math.max(
      ...run.candidates.filter((c) => c.status === 'ok').map((c) => c.score ?? -1),
    );
    expect(bestRecorded.toFixed(4)).toBe(best.toFixed(4));

    const node = nodeDemoRun([...myersonInNode, '--budget', '50']);
    expect(essentials(run)).toEqual(essentials(node));
    const statuses = new Set(run.candidates.map((c) => c.status));
    expect(statuses.has('ok')).toBe(true);
    expect([...statuses].some((s) => s !== 'ok')).toBe(true);
  });

  it('runs 50 redistribution candidates and records exactly what `mechlab run` records in Node', async () => {
    const { page } = await browser.openApp();
    await page.getByTestId('preset').selectOption('redistribution-5-1');
    await startDemoRun(page, 50, 10);
    await waitForStatus(page, 'finished', 240_000);
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    expect(run.candidates).toHaveLength(51);
    const node = nodeDemoRun([
      '--problem',
      'vcg-redistribution',
      '--n',
      '5',
      '--m',
      '1',
      '--seed',
      '1',
      '--time-limit',
      '10',
      '--budget',
      '50',
    ]);
    expect(essentials(run)).toEqual(essentials(node));
  });

  it('survives closing the page mid-run: reopened, resumed and finished with no candidate lost or repeated', async () => {
    const session = await browser.openApp();
    let page = session.page;
    await startDemoRun(page, 40);
    await waitForCount(page, 12);
    await page.close();

    page = await session.context.newPage();
    await page.goto(inject('baseUrl'));
    const row = await newestRunRow(page);
    const recorded = Number(await row.locator('td').nth(3).innerText());
    expect(recorded).toBeGreaterThanOrEqual(13);
    expect(recorded).toBeLessThan(41);
    await row.getByRole('button', { name: 'Open' }).click();
    await waitForStatus(page, 'paused');
    await page.getByTestId('resume').click();
    await waitForStatus(page, 'finished');

    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const ids = run.candidates.map((c) => c.id);
    expect(ids).toEqual(Array.from({ length: 41 }, (_, i) => `c${String(i).padStart(4, '0')}`));
    const node = nodeDemoRun([...myersonInNode, '--budget', '40']);
    expect(essentials(run)).toEqual(essentials(node));
  });

  it('exports a run and imports it back exactly, and says what is wrong with a file that is not a run', async () => {
    const { page } = await browser.openApp();
    await startDemoRun(page, 12);
    await waitForStatus(page, 'finished');
    const first = await exportFrom(page, () => page.getByTestId('export').click());

    await page.getByTestId('nav-library').click();
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(first.text) });
    await page.getByTestId('run-list').locator('tbody tr').nth(1).waitFor();
    const imported = page.getByTestId('run-list').locator('tbody tr', { hasText: '(imported)' });
    const second = await exportFrom(page, () => imported.getByRole('button', { name: 'Export' }).click());
    expect(second.run.candidates).toEqual(first.run.candidates);
    expect(second.run.progress).toEqual(first.run.progress);
    expect(second.run.meta.settings).toEqual(first.run.meta.settings);
    expect(second.run.meta.id).not.toBe(first.run.meta.id);

    await page.getByTestId('import-file').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": 1}'),
    });
    await expect(page.getByTestId('library-error').innerText()).resolves.toMatch(/not a MechLab run file/);
    await saveScreenshot(page, 'library');
  });
  it('screens out weak candidates by default: their own status in the leaderboard, the inspector and the counters, kept by export and import', async () => {
    const { page } = await browser.openApp();
    expect(await page.inputValue('input[name=screening]')).toBe('512');
    await startDemoRun(page, 30);
    await waitForStatus(page, 'finished');
    const first = await exportFrom(page, () => page.getByTestId('export').click());
    expect(first.run.meta.settings).toMatchObject({ search: { screening: { samples: 512, top: 3, z: 3 } } });
    const screened = first.run.candidates.filter((c) => c.status === 'screened-out');
    expect(screened.length).toBeGreaterThan(0);
    for (const c of screened) expect(c.score).toBeNull();
    // The same run in Node screens out the same candidates.
    const node = nodeDemoRun([...myersonInNode, '--budget', '30']);
    expect(essentials(first.run)).toEqual(essentials(node));

    // Valid, not failed: the valid share counts them, the failure filter leaves them out.
    const written = first.run.candidates.slice(1);
    const valid = written.filter((c) => c.status === 'ok' || c.status === 'screened-out').length;
    expect(await page.getByTestId('count-valid').innerText()).toBe(
      `${Math.round((100 * valid) / 30)}%\n${screened.length} screened out`,
    );
    // The score curve draws them as crosses at their first-stage score, inside the plot.
    const curve = page.getByTestId('score-curve');
    expect(Number(await curve.getAttribute('data-screened-count'))).toBe(screened.length);
    const leaderboard = page.getByTestId('leaderboard');
    await page.getByTestId('filter-status').selectOption('failed');
    const failures = first.run.candidates.filter((c) => c.status !== 'ok' && c.status !== 'screened-out');
    expect(await leaderboard.getByTestId('leaderboard-row').count()).toBe(Math.min(25, failures.length));
    await page.getByTestId('filter-status').selectOption('screened-out');
    const rows = leaderboard.getByTestId('leaderboard-row');
    expect(await rows.count()).toBe(screened.length);
    const row = rows.first();
    expect(await row.getAttribute('data-id')).toBe(screened[0].id);
    const firstStage = (screened[0].metrics as { id: string; value: number }[]).find(
      (m) => m.id === 'screening-score',
    );
    expect(await row.innerText()).toContain(`(${firstStage!.value.toFixed(4)} ±`);
    await row.click();
    expect(await page.getByTestId('inspector-status').innerText()).toBe('screened-out');
    expect(await page.getByTestId('inspector-score').innerText()).toBe('not scored on all samples');
    expect(await page.getByTestId('inspector-error').innerText()).toMatch(
      /^screened-out: scored 0\.\d+ ± 0\.\d+ on the first 512 profiles, below the bar 0\.\d+/,
    );

    await page.getByTestId('nav-library').click();
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(first.text) });
    const imported = page.getByTestId('run-list').locator('tbody tr', { hasText: '(imported)' });
    await imported.waitFor();
    const second = await exportFrom(page, () => imported.getByRole('button', { name: 'Export' }).click());
    expect(second.run.candidates).toEqual(first.run.candidates);
    expect(second.run.meta.settings).toEqual(first.run.meta.settings);
  });
});
