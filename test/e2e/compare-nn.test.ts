import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mechlabSync } from '../cli/mechlabProcess.ts';
import type { Page } from 'playwright-core';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { exportFrom, nameNewestRun, waitForStatus, type RunFileLike } from './harness/runs.ts';

interface NetworkSettingsLike {
  network?: { problem: string; evaluation: { score: number; samples: number } | null };
  search: { samples: number; seed: number };
}

interface EvalJson {
  score: number;
  baselines: { id: string; score: number }[];
}

/** Returns `mechlab eval --network` in Node for the network `run` carries, on the run's sample set. */
function nodeEval(run: RunFileLike): EvalJson {
  const settings = run.meta.settings as NetworkSettingsLike;
  const file = join(tmpdir(), `mechlab-compare-nn-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(settings.network));
  const { search } = settings;
  const args = ['--samples', String(search.samples), '--seed', String(search.seed), '--json'];
  const result = mechlabSync(['eval', '--network', file, ...args]);
  if (result.status !== 0) throw new Error(`mechlab eval failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as EvalJson;
}

/** Fills the setup form for the common-component preset (n = 2) with a demo run of `budget` candidates, with or without the network. */
async function correlatedSetup(page: Page, withNetwork: boolean, budget: number): Promise<void> {
  await page.getByTestId('nav-setup').click();
  await page.getByTestId('preset').selectOption('correlated-common');
  await page.getByTestId('nn-switch').setChecked(withNetwork);
  if (withNetwork) {
    // 10 epochs of 50 steps: about 2 s, and a network well above second price without a reserve.
    await page.fill('input[name=nn-epochs]', '10');
    await page.getByText('Advanced training').click();
    await page.fill('input[name=nn-steps]', '50');
  }
  await page.fill('input[name=budget]', String(budget));
  await page.fill('input[name=time-limit]', '10');
}

/** Returns the score the dashboard's score chart gives the baseline named `name`. */
async function dashboardBaseline(page: Page, name: string): Promise<number> {
  const chart = (await page.getByTestId('score-curve').getAttribute('aria-label')) ?? '';
  const escaped = name.replace(/[()×]/g, '\\$&');
  return Number(new RegExp(`${escaped} (-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?)`).exec(chart)?.[1]);
}

describe('comparing an NN-assisted run with a plain run (correlated bidders)', { timeout: 300_000 }, () => {
  const browser = browserPerTest();

  it('overlays both runs, marks the NN-assisted one, and lists every baseline of the experiment with the NN baseline', async () => {
    const { page } = await browser.openApp();

    // 1. The NN-assisted run: train in the setup, then a demo run with the network's examples.
    await correlatedSetup(page, true, 10);
    expect(await page.getByTestId('start-run').innerText()).toBe('Train network and start');
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').waitFor({ timeout: 120_000 });
    await waitForStatus(page, 'finished', 240_000);
    const nnName = 'Neural network (16×16 hidden, fixed)';
    await page.waitForFunction(
      (name) =>
        (document.querySelector('[data-testid=score-curve]')?.getAttribute('aria-label') ?? '').includes(
          name,
        ),
      nnName,
      { timeout: 60_000 },
    );
    const dashboardNn = await dashboardBaseline(page, nnName);
    const { run: nnRun } = await exportFrom(page, () => page.getByTestId('export').click());
    const settings = nnRun.meta.settings as NetworkSettingsLike;
    expect(settings.network?.problem).toBe('correlated-revenue');
    const stored = settings.network?.evaluation;
    expect(stored?.samples).toBe(settings.search.samples);
    expect(Number(stored?.score.toPrecision(4))).toBe(dashboardNn);
    // The prompts carry the allocation network's examples: slices as ranges of one bid with the other fixed.
    const prompts = promptsOf(nnRun);
    expect(prompts).toHaveLength(10);
    for (const prompt of prompts) expect(prompt).toMatch(/allocate\(\[x, 0\.2\]\) → .* for x [<≥] 0\.\d+/);
    await nameNewestRun(page, 'NN run', 1);

    // 2. A plain run of the same setting, longer, so the two series differ at least in length (the scripted
    // model's code does not depend on the network's examples).
    await correlatedSetup(page, false, 14);
    expect(await page.getByTestId('start-run').innerText()).toBe('Start run');
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').waitFor();
    await waitForStatus(page, 'finished', 240_000);
    await nameNewestRun(page, 'Plain run', 2);

    // 3. The compare view.
    const list = page.getByTestId('run-list');
    const best = async (name: string) =>
      list.locator('tbody tr', { hasText: name }).locator('td').nth(4).innerText();
    const nnBest = await best('NN run');
    const plainBest = await best('Plain run');
    expect(nnBest).toMatch(/^0\.\d{4}$/);
    for (const name of ['NN run', 'Plain run'])
      await list.locator('tbody tr', { hasText: name }).getByTestId('compare-check').check();
    await page.getByTestId('compare-selected').click();

    const table = page.getByTestId('compare-table');
    await table.waitFor();
    const rows = table.locator('tbody').first().locator('tr');
    expect(await rows.count()).toBe(2);
    const nnRow = rows.filter({ hasText: 'NN run' });
    const plainRow = rows.filter({ hasText: 'Plain run' });
    expect(await nnRow.getByTestId('compare-best').innerText()).toBe(nnBest);
    expect(await plainRow.getByTestId('compare-best').innerText()).toBe(plainBest);
    expect(await nnRow.locator('td').nth(2).innerText()).toBe('10');
    expect(await plainRow.locator('td').nth(2).innerText()).toBe('14');
    expect(await nnRow.getByTestId('compare-nn').innerText()).toBe('yes');
    expect(await plainRow.getByTestId('compare-nn').innerText()).toBe('no');

    // Every baseline of the correlated experiment, and the NN baseline of the NN run's network.
    const baselines = page.getByTestId('compare-baselines');
    const baselineRow = (id: string) => baselines.locator(`tr[data-baseline-id="${id}"]`);
    await baselineRow('neural-network').waitFor({ timeout: 120_000 });
    const ids = await baselines
      .locator('tr[data-baseline-id]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-baseline-id')));
    expect(ids).toEqual([
      'second-price',
      'second-price-best-reserve',
      'myerson-marginals',
      'greedy-conditional-bound',
      'neural-network',
    ]);
    const shown = async (id: string) => Number(await baselineRow(id).locator('td.number').innerText());
    expect(await baselineRow('neural-network').locator('th').innerText()).toContain(nnName);
    expect(await shown('neural-network')).toBe(Number(stored?.score.toFixed(4)));
    // The same figures as `mechlab eval --network` in Node on the run's sample set, row by row.
    const node = nodeEval(nnRun);
    expect(await shown('neural-network')).toBe(Number(node.score.toFixed(4)));
    for (const b of node.baselines) expect(await shown(b.id), b.id).toBe(Number(b.score.toFixed(4)));
    expect(await baselineRow('greedy-conditional-bound').locator('th').innerText()).toContain('Upper bound');
    for (const id of ids) expect(await shown(id as string)).toBeGreaterThan(0.3);
    expect(await shown('neural-network')).toBeGreaterThan(await shown('second-price'));
    // The upper bound lies above every mechanism's score (both runs scored on the same samples).
    const bound = await shown('greedy-conditional-bound');
    for (const id of ['second-price', 'second-price-best-reserve', 'myerson-marginals'])
      expect(await shown(id)).toBeLessThan(bound);

    const chart = page.getByTestId('compare-chart');
    expect(await chart.getAttribute('data-series-count')).toBe('2');
    expect(await chart.locator('path.series').count()).toBe(2);
    const label = (await chart.getAttribute('aria-label')) ?? '';
    expect(label).toContain(`NN run — demo (scripted) reaches ${nnBest}`);
    expect(label).toContain(`Plain run — demo (scripted) reaches ${plainBest}`);
    expect(await chart.locator('.label', { hasText: 'Neural network' }).count()).toBe(1);
    await saveScreenshot(page, 'compare-nn');
  });
});

/** Returns the user messages of each candidate's prompt after the seed. */
function promptsOf(run: RunFileLike): string[] {
  return run.candidates
    .slice(1)
    .map((c) => (c.prompt as { content: string }[]).map((m) => m.content).join('\n'));
}
