import { describe, expect, inject, it } from 'vitest';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { exportFrom, waitForStatus, type RunFileLike } from './harness/runs.ts';
import { newestRunRow, waitForCount } from './harness/runProgress.ts';
import type { Page } from 'playwright-core';

interface NetworkLike {
  format: string;
  problem: string;
  parameters: Record<string, number | string>;
  training: { backend: string; schedule: { epochs: number; stepsPerEpoch: number }; history: unknown[] };
  evaluation: {
    score: number;
    samples: number;
    verification: { passed: boolean; checks: number; maxViolation: number };
  } | null;
}

interface SettingsLike {
  search: { pbeWeight?: number; secondObjective?: string; samples: number };
  network?: NetworkLike;
}

/** Returns the user messages of each candidate's prompt after the seed. */
function promptsOf(run: RunFileLike): string[] {
  return run.candidates
    .slice(1)
    .map((c) => (c.prompt as { content: string }[]).map((m) => m.content).join('\n'));
}

/** Chooses the redistribution preset (n = 5, m = 1), switches the network on with a small schedule. */
async function nnSetup(page: Page, epochs: number, steps: number): Promise<void> {
  await page.goto(inject('baseUrl'));
  await page.getByTestId('preset').selectOption('redistribution-5-1');
  await page.getByTestId('nn-switch').check();
  await page.fill('input[name=nn-epochs]', String(epochs));
  await page.getByText('Advanced training').click();
  await page.fill('input[name=nn-steps]', String(steps));
  await page.fill('input[name=budget]', '10');
  await page.fill('input[name=time-limit]', '10');
}

describe('a neural-network assisted run in the browser', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('trains the network with progress, then runs with its examples, its file and the NN baseline', async () => {
    const { page } = await browser.open();
    await nnSetup(page, 3, 20);
    await page.getByTestId('nn-agreement').check();
    expect(await page.getByTestId('start-run').innerText()).toBe('Train network and start');
    // Training may end between two polls: record every progress line the page shows as it changes.
    await page.evaluate(() => {
      const seen: string[][] = [];
      (window as unknown as { nnSeen: string[][] }).nnSeen = seen;
      const text = (id: string) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
      new MutationObserver(() => {
        const epoch = text('nn-epoch');
        if (epoch && seen.at(-1)?.[0] !== epoch) seen.push([epoch, text('nn-loss'), text('nn-term-deficit')]);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('start-run').click();

    await page.getByTestId('run-status').waitFor({ timeout: 120_000 });
    // Progress after each epoch: "k / 3", a finite loss and the deficit penalty term.
    const seen = await page.evaluate(() => (window as unknown as { nnSeen: string[][] }).nnSeen);
    expect(seen.map(([epoch]) => epoch)).toEqual(['1 / 3', '2 / 3', '3 / 3']);
    for (const [, loss, deficit] of seen) {
      expect(Number.isFinite(Number(loss)) && loss !== '').toBe(true);
      expect(Number(deficit)).toBeGreaterThanOrEqual(0);
    }
    await waitForStatus(page, 'finished', 240_000);
    // The score chart lists the baselines of the run's sample set: the fixed network is one, above VCG's 0.
    await page.waitForFunction(
      () =>
        /Neural network/.test(
          document.querySelector('[data-testid=score-curve]')?.getAttribute('aria-label') ?? '',
        ),
      null,
      { timeout: 60_000 },
    );
    const chart = (await page.getByTestId('score-curve').getAttribute('aria-label')) ?? '';
    const baselineScore = (name: string) =>
      Number(
        new RegExp(`${name.replace(/[()]/g, '\\$&')} (-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?)`).exec(chart)?.[1],
      );
    const nnScore = baselineScore('Neural network (16×16 hidden, fixed)');
    expect(baselineScore('VCG (no redistribution)')).toBe(0);
    expect(nnScore).toBeGreaterThan(0.3);
    await saveScreenshot(page, 'nn-dashboard');

    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const settings = run.meta.settings as SettingsLike;
    expect(settings.search.pbeWeight).toBe(4);
    expect(settings.search.secondObjective).toBe('agreement');
    const network = settings.network;
    expect(network?.format).toBe('mechlab-network');
    expect(network?.problem).toBe('vcg-redistribution');
    expect(network?.parameters).toMatchObject({ n: 5, m: 1 });
    expect(network?.training.schedule).toMatchObject({ epochs: 3, stepsPerEpoch: 20 });
    expect(network?.training.history).toHaveLength(3);
    expect(network?.training.backend).toBe('wasm');
    // Scored on the run's own samples, verified without a violation; the same score as the NN baseline row.
    expect(network?.evaluation?.samples).toBe(settings.search.samples);
    expect(network?.evaluation?.verification).toMatchObject({ passed: true, maxViolation: 0 });
    expect(network?.evaluation?.verification.checks).toBeGreaterThan(1000);
    const stored = network?.evaluation?.score ?? NaN;
    expect(Number(stored.toPrecision(4))).toBe(nnScore);

    // Every prompt after the seed shows the network's examples, with its score.
    const prompts = promptsOf(run);
    expect(prompts.length).toBe(10);
    for (const prompt of prompts) {
      expect(prompt).toContain('## Examples from a neural network');
      expect(prompt).toContain(`scores ${String(Number(stored.toPrecision(4)))} after the same fix`);
    }
    // Each scored candidate records its agreement with the network next to its score.
    const scored = run.candidates.filter((c) => c.status === 'ok');
    expect(scored.length).toBeGreaterThan(0);
    for (const candidate of scored) {
      const metrics = new Map(
        (candidate.metrics as { id: string; value: number }[]).map((m) => [m.id, m.value]),
      );
      expect(metrics.get('nn-equal-winners')).toBeGreaterThanOrEqual(0);
      expect(metrics.get('nn-equal-winners')).toBeLessThanOrEqual(1);
      expect(metrics.get('nn-rebate-difference')).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps the network when a run is closed mid-way and resumed: later prompts still show its examples', async () => {
    const session = await browser.open();
    let page = session.page;
    await nnSetup(page, 2, 10);
    await page.fill('input[name=budget]', '30');
    await page.getByTestId('start-run').click();
    await waitForCount(page, 6);
    await page.close();

    page = await session.context.newPage();
    await page.goto(inject('baseUrl'));
    const row = await newestRunRow(page);
    const recorded = Number(await row.locator('td').nth(3).innerText());
    expect(recorded).toBeLessThan(31);
    await row.getByRole('button', { name: 'Open' }).click();
    await waitForStatus(page, 'paused');
    await page.getByTestId('resume').click();
    await waitForStatus(page, 'finished', 240_000);

    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const settings = run.meta.settings as SettingsLike;
    expect(settings.network?.training.schedule).toMatchObject({ epochs: 2, stepsPerEpoch: 10 });
    const prompts = promptsOf(run);
    expect(prompts).toHaveLength(30);
    const score = String(Number((settings.network?.evaluation?.score ?? NaN).toPrecision(4)));
    for (const prompt of prompts) expect(prompt).toContain(`scores ${score} after the same fix`);
  });

  it('cancels the training: no run starts, and the form can start again', async () => {
    const { page } = await browser.open();
    await nnSetup(page, 500, 200);
    await page.getByTestId('start-run').click();
    await page.getByTestId('nn-cancel').click();
    await page.getByText('Training cancelled; change the settings or start again.').waitFor();
    expect(await page.getByTestId('run-status').count()).toBe(0);
    expect(await page.getByTestId('start-run').isEnabled()).toBe(true);
  });
});
