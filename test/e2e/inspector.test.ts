import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Download, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { Candidate } from '../../src/core/evolution/record.ts';
import { codeDiff } from '../../src/ui/inspector/codeDiff.ts';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { exportFrom, startDemoRun, waitForStatus } from './harness/runs.ts';

/** Clicks and returns the download it starts, with its file name and contents. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const pending = page.waitForEvent('download');
  await click();
  const download: Download = await pending;
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** The series of the priority plot of identical uniform bidders, as the core names them. */
const prioritySeries = [
  'priority (heuristic)',
  'priority after the fix (monotone envelope)',
  'virtual value φ (clipped at -1)',
  'ironed virtual value φ̄ (clipped at -1)',
];

describe('the candidate inspector', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('shows the best Myerson candidate: highlighted code, the diff against its parent, the mechanism plots, and exports', async () => {
    const { page } = await browser.openApp();
    await startDemoRun(page, 30);
    await waitForStatus(page, 'finished');
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const candidates = run.candidates as unknown as Candidate[];
    const scored = candidates.filter((c) => c.status === 'ok' && c.score !== null);
    const best = scored.reduce((a, b) => (b.score! > a.score! ? b : a));

    // The leaderboard lists the best candidate first, against the best baseline.
    const leaderboard = page.getByTestId('leaderboard');
    await page.getByTestId('leaderboard-reference').filter({ hasText: 'Best baseline' }).waitFor();
    const firstRow = leaderboard.getByTestId('leaderboard-row').first();
    expect(await firstRow.getAttribute('data-id')).toBe(best.id);
    expect(await firstRow.innerText()).toContain(
      `${best.score!.toFixed(4)} ± ${best.standardError!.toFixed(4)}`,
    );
    await page.getByTestId('filter-status').selectOption('failed');
    const failures = candidates.filter((c) => c.status !== 'ok' && c.status !== 'screened-out').length;
    expect(await leaderboard.getByTestId('leaderboard-row').count()).toBe(Math.min(25, failures));
    await page.getByTestId('filter-status').selectOption('all');
    await saveScreenshot(page, 'leaderboard');

    // Run exports: every candidate in the CSV, and a report naming the best.
    const csv = await downloaded(page, () => page.getByTestId('export-csv').click());
    expect(csv.name).toMatch(/-candidates\.csv$/);
    const csvText = csv.bytes.toString('utf8');
    expect(csvText.startsWith('id,iteration,created_at,island,operator,parents,status,score,')).toBe(true);
    for (const c of candidates) expect(csvText).toContain(`\r\n${c.id},${c.iteration},`);
    const report = await downloaded(page, () => page.getByTestId('export-report').click());
    const reportText = report.bytes.toString('utf8');
    expect(reportText).toContain(`- Best: **${best.id}**, expected revenue ${best.score!.toFixed(4)}`);
    expect(reportText).toContain('| Myerson');

    // Open the best candidate from the leaderboard.
    await firstRow.click();
    const inspector = page.getByTestId('inspector');
    await inspector.waitFor();
    expect(await page.getByTestId('inspector-score').innerText()).toBe(
      `${best.score!.toFixed(4)} ± ${best.standardError!.toFixed(4)}`,
    );

    // Its record: verification, usage and idea as stored.
    expect(await page.getByTestId('verification').innerText()).toContain(
      `passed: ${best.verification!.checks} checks of strategy-proofness`,
    );
    expect(await page.getByTestId('usage').innerText()).toContain(
      `${best.usage!.promptTokens} in, ${best.usage!.completionTokens} out`,
    );
    if (best.thought) expect(await page.getByTestId('inspector-idea').innerText()).toContain(best.thought);

    // Its code, highlighted.
    const code = page.getByTestId('candidate-code');
    await code.locator('.hljs-keyword').first().waitFor();
    expect(await code.locator('.source').innerText()).toBe(best.code!.replace(/\n$/, ''));
    const keywords = await code.locator('.hljs-keyword').allInnerTexts();
    expect(keywords).toContain('function');
    expect(keywords).toContain('return');

    // The diff against its first parent: the lines the core's diff finds, shown as added and removed rows.
    const parent = candidates.find((c) => c.id === best.parentIds[0]);
    if (parent?.code) {
      const expected = codeDiff(parent.code, best.code!);
      const diff = page.getByTestId('candidate-diff').first();
      expect(await diff.locator('tr.added').count()).toBe(expected.added);
      expect(await diff.locator('tr.removed').count()).toBe(expected.removed);
      expect(expected.added + expected.removed).toBeGreaterThan(0);
      const addedTexts = await diff.locator('tr.added td.text').allTextContents();
      for (const text of addedTexts) expect(best.code).toContain(text.replace(/^added: /, ''));
    }

    // The mechanism plots, drawn in the inspection worker, with the series the core names.
    const priority = page.getByTestId('plot-priority-0');
    await priority.locator('path[data-series]').first().waitFor({ timeout: 30_000 });
    const names = await priority
      .locator('path[data-series]')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('data-series')));
    expect(names).toEqual(prioritySeries);
    for (const d of await priority
      .locator('path[data-series]')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('d'))))
      expect(d?.length).toBeGreaterThan(20);
    expect(await page.getByTestId('plot-allocation-0').locator('path[data-series]').count()).toBeGreaterThan(
      0,
    );
    expect(await page.getByTestId('plot-payment-0').locator('path[data-series]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('fix-changed').innerText()).toMatch(
      /^On 200 freshly sampled profiles the fix changed the outcome of \d+/,
    );
    await priority.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'inspector');

    // Exports of the candidate: the module carries the code and works as a module.
    const module = await downloaded(page, () => page.getByTestId('export-module').click());
    expect(module.name).toMatch(new RegExp(`-${best.id}\\.mechanism\\.mjs$`));
    const moduleText = module.bytes.toString('utf8');
    expect(moduleText).toContain(`// MechLab mechanism ${best.id} from the run`);
    expect(moduleText).toContain(best.code!.trimEnd());
    expect(moduleText).toMatch(/\/\/ {3}\/\/ → \{ allocation: \[/); // the usage example's real outcome
    const path = join(tmpdir(), `mechlab-e2e-${process.pid}-${module.name}`);
    writeFileSync(path, moduleText);
    const imported = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as {
      mechanism(bids: number[]): { allocation: number[]; payments: number[] };
    };
    const outcome = imported.mechanism([0.9, 0.2]);
    expect(outcome.allocation).toHaveLength(2);
    expect(outcome.payments[0]).toBeLessThanOrEqual(0.9);

    const heuristic = await downloaded(page, () => page.getByTestId('export-heuristic').click());
    const heuristicText = heuristic.bytes.toString('utf8');
    expect(heuristicText).toContain(`npx mechlab eval --problem single-item-revenue --n 2`);
    expect(heuristicText.endsWith(`${best.code!.trimEnd()}\n`)).toBe(true);

    // A plot as SVG and as PNG.
    const svg = await downloaded(page, () =>
      priority
        .locator('..')
        .getByRole('button', { name: /as SVG$/ })
        .click(),
    );
    const svgText = svg.bytes.toString('utf8');
    expect(svg.name).toMatch(/-priority-0\.svg$/);
    expect(svgText.startsWith('<?xml')).toBe(true);
    for (const name of prioritySeries) expect(svgText).toContain(`data-series="${name}"`);
    const png = await downloaded(page, () =>
      priority
        .locator('..')
        .getByRole('button', { name: /as PNG$/ })
        .click(),
    );
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    // Parents are one click away.
    if (parent) {
      await inspector.getByTestId('parent-link').first().click();
      await page.getByTestId('inspector').filter({ hasText: parent.id }).waitFor();
      expect(await page.getByTestId('inspector').locator('h2').innerText()).toContain(parent.id);
    }
  });

  it('draws the rebate slices of a redistribution candidate and the allocation regions of a correlated one', async () => {
    const { page } = await browser.open();
    const cases = [
      {
        preset: 'redistribution-5-1',
        plots: {
          'rebate-vs-highest-other': [
            'heuristic as proposed',
            'heuristic after the fix',
            'Bailey–Cavallo',
            'worst-case optimal (Guo–Conitzer)',
          ],
        },
        heatmaps: {},
      },
      {
        preset: 'correlated-common',
        plots: { 'threshold-bidder-1': ['t₁ after the fix'] },
        heatmaps: { 'allocation-fixed': ['no sale', 'bidder 1', 'bidder 2'] },
      },
    ];
    for (const { preset, plots, heatmaps } of cases) {
      await page.goto(inject('baseUrl'));
      await page.getByTestId('preset').selectOption(preset);
      await startDemoRun(page, 6, 10);
      await waitForStatus(page, 'finished', 180_000);
      await page.getByTestId('leaderboard').getByTestId('leaderboard-row').first().click();
      for (const [id, series] of Object.entries(plots)) {
        const plot = page.getByTestId(`plot-${id}`);
        await plot.locator('path[data-series]').first().waitFor({ timeout: 60_000 });
        const names = await plot
          .locator('path[data-series]')
          .evaluateAll((paths) => paths.map((p) => p.getAttribute('data-series')));
        expect(names).toEqual(series);
      }
      for (const [id, categories] of Object.entries(heatmaps)) {
        const plot = page.getByTestId(`plot-${id}`);
        await plot.locator('rect[data-category]').first().waitFor({ timeout: 60_000 });
        const legend = await plot.locator('svg > g').nth(0).locator('text').allTextContents();
        expect(legend).toEqual(categories);
        // The regions: the seller keeps the item somewhere and each bidder wins somewhere.
        const shown = await plot
          .locator('rect[data-category]')
          .evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('data-category')))].sort());
        expect(shown).toEqual(['0', '1', '2']);
      }
      await page.getByTestId('mechanism-plots').scrollIntoViewIfNeeded();
      await saveScreenshot(page, `inspector-${preset}`);
    }
  });
});
