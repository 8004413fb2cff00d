import { afterEach, describe, expect, inject, it } from 'vitest';
import { openBrowser, saveScreenshot, type Session } from './harness/browser.ts';
import { essentials, exportFrom, nodeDemoRun, startDemoRun, waitForStatus } from './harness/runs.ts';

// The Myerson preset's settings, as the setup form sends them.
const myersonInNode = [
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

describe('a demo run in the browser', { timeout: 300_000 }, () => {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('runs 50 candidates to the budget and records exactly what `mechlab run` records in Node', async () => {
    session = await openBrowser();
    const { page } = session;
    await page.goto(inject('baseUrl'));
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
    session = await openBrowser();
    const { page } = session;
    await page.goto(inject('baseUrl'));
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
    session = await openBrowser();
    let page = session.page;
    await page.goto(inject('baseUrl'));
    await startDemoRun(page, 40);
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid=count-candidates]')?.textContent?.split(' ')[0]) >= 12,
    );
    await page.close();

    page = await session.context.newPage();
    await page.goto(inject('baseUrl'));
    await page.getByTestId('nav-library').click();
    const row = page.getByTestId('run-list').locator('tbody tr').first();
    await row.waitFor();
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
    session = await openBrowser();
    const { page } = session;
    await page.goto(inject('baseUrl'));
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
});
