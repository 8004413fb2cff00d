/**
 * Real inference in the browser: the project's own tiny GGUF model (random
 * weights, so its ideas are gibberish) runs through wllama on the CPU, and
 * the grammar keeps every reply one valid function, so the whole path —
 * model → reply → extraction → worker → fix → score → plot — runs for real.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { tinyGguf } from '../../scripts/make-tiny-gguf.js';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { exportFrom, waitForStatus } from './harness/runs.ts';

/** Opens the app, sets the budget, and loads the tiny GGUF model from a file through wllama, with or without the grammar. */
async function loadTinyModel(page: Page, budget: number, grammar: boolean): Promise<void> {
  await page.goto(inject('baseUrl'));
  await page.fill('input[name=budget]', String(budget));
  await page.getByTestId('model-wllama').check();
  await page.getByTestId('wllama-source').selectOption('file');
  await page.getByTestId('model-file').setInputFiles({
    name: 'tiny-test.gguf',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(tinyGguf()),
  });
  if (!grammar) await page.getByTestId('model-grammar').uncheck();
  await page.getByTestId('model-load').click();
  await page.getByTestId('model-loaded').waitFor({ timeout: 60_000 });
}

describe('a run with a local model', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('evolves 10 candidates written by the tiny GGUF model through wllama, scored and plotted', async () => {
    const { page } = await browser.open();
    await loadTinyModel(page, 10, true);
    expect(await page.getByTestId('model-loaded-text').innerText()).toMatch(
      /^Loaded: tiny-test\.gguf \(CPU, wllama; file\)/,
    );
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').waitFor({ timeout: 60_000 });
    await waitForStatus(page, 'finished', 240_000);

    expect(await page.getByTestId('run-model').innerText()).toBe('Model: tiny-test.gguf on the CPU (wllama)');
    expect(await page.getByTestId('count-candidates').innerText()).toBe('10 / 10');
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const written = run.candidates.slice(1) as unknown as {
      status: string;
      reply: string;
      code: string | null;
      generation: { backend: string; model: string } | null;
      usage: { completionTokens: number } | null;
    }[];
    expect(written).toHaveLength(10);
    for (const c of written) {
      expect(c.generation).toMatchObject({ backend: 'wllama', model: 'tiny-test.gguf' });
      expect(c.reply).toMatch(/^\{[^}\n]*\}\nfunction priority\(bid, bidder, n\) \{\n {2}return .+;\n\}/);
      expect(c.usage?.completionTokens).toBeGreaterThan(0);
    }
    const scored = written.filter((c) => c.status === 'ok' || c.status === 'duplicate');
    expect(scored.length).toBeGreaterThan(0);
    // Every scored candidate is a point on the score curve.
    const points = await page.getByTestId('score-curve').getAttribute('data-scored-count');
    expect(Number(points)).toBe(run.candidates.filter((c) => c.status === 'ok').length);
    await saveScreenshot(page, 'local-model-run');
  });

  it('without the grammar, the same random model writes no reply that parses into a heuristic', async () => {
    const { page } = await browser.open();
    await loadTinyModel(page, 5, false);
    expect(await page.getByTestId('setup-model').innerText()).toBe('The run will use tiny-test.gguf.');
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').waitFor({ timeout: 60_000 });
    await waitForStatus(page, 'finished', 240_000);
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const written = run.candidates.slice(1);
    expect(written).toHaveLength(5);
    // Random weights with no grammar: text, but never a function priority(bid, bidder, n) that compiles.
    for (const c of written) expect(['parse-error', 'forbidden']).toContain(c.status);
  });
});
