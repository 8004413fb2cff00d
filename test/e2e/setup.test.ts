/**
 * The run setup form: every search setting explains itself on hover and on
 * keyboard focus, bad values get the core's message and block the start,
 * the baselines shown before the run are exactly `mechlab baselines` on the
 * same samples, and the run records the settings as entered.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mechlabSync } from '../cli/mechlabProcess.ts';
import { saveScreenshot } from './harness/browser.ts';
import { browserPerTest } from './harness/perTest.ts';
import { exportFrom, waitForStatus } from './harness/runs.ts';

interface CliBaseline {
  readonly name: string;
  readonly score: number;
  readonly standardError: number;
}

/** Returns `mechlab baselines` for the Myerson preset's problem with `seed` and `samples`. */
function cliBaselines(seed: number, samples: number): CliBaseline[] {
  const args = ['--problem', 'single-item-revenue', '--n', '2', '--dist', 'uniform:0:1'];
  const run = mechlabSync([
    'baselines',
    ...args,
    '--seed',
    String(seed),
    '--samples',
    String(samples),
    '--json',
  ]);
  if (run.status !== 0) throw new Error(run.stderr);
  return (JSON.parse(run.stdout) as { baselines: CliBaseline[] }).baselines;
}

/** Returns the rows of the baseline table as "name score ± se". */
async function shownBaselines(page: Page): Promise<string[]> {
  const rows = page.getByTestId('baseline-row');
  const names = await rows.locator('th').allInnerTexts();
  const scores = await rows.getByTestId('baseline-score').allInnerTexts();
  return names.map((name, i) => `${name} ${scores[i]}`);
}

/** Waits until the baseline note names `samples` and `seed` and no update is pending. */
async function waitForBaselines(page: Page, samples: number, seed: number): Promise<void> {
  const expected = `same ${samples.toLocaleString('en')} sampled profiles (seed ${seed}) every candidate of this run will be scored on:`;
  await page.waitForFunction(
    (text) =>
      (document.querySelector('[data-testid=baselines-note]')?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .includes(text),
    expected,
    { timeout: 60_000 },
  );
}

describe('the run setup', { timeout: 180_000 }, () => {
  const browser = browserPerTest();

  it('explains each search setting on hover and on keyboard focus, and names it for screen readers', async () => {
    const { page } = await browser.openApp();
    const islands = page.locator('input[name=islands]');
    const hint = page.getByTestId('hint-islands');
    expect(await hint.isVisible()).toBe(false);
    expect(await islands.getAttribute('aria-describedby')).toBe('hint-islands');
    expect(await hint.getAttribute('role')).toBe('tooltip');
    expect(await hint.textContent()).toBe(
      'Populations that evolve apart; more islands keep more different ideas alive. (default 4; 1 to 16)',
    );
    await islands.hover();
    expect(await hint.isVisible()).toBe(true);
    await page.mouse.move(1200, 10);
    expect(await hint.isVisible()).toBe(false);

    // Keyboard only: Tab from the seed field reaches the time limit, and its hint shows.
    await page.locator('input[name=seed]').focus();
    expect(await page.getByTestId('hint-seed').isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('time-limit');
    expect(await page.getByTestId('hint-seed').isVisible()).toBe(false);
    expect(await page.getByTestId('hint-time-limit').isVisible()).toBe(true);
    await saveScreenshot(page, 'setup-hint');

    const names = await page
      .locator('.search input')
      .evaluateAll((inputs) => inputs.map((i) => i.getAttribute('name')));
    expect(names).toEqual([
      'budget',
      'islands',
      'parents',
      'temperature',
      'samples',
      'seed',
      'time-limit',
      'screening',
      'funsearch',
      'e1',
      'e2',
      'm1',
      'm2',
    ]);
    for (const name of names)
      expect(await page.getByTestId(`hint-${name}`).textContent()).toMatch(/\(default .+\)$/);
  });

  it('shows the core’s message for a bad value and does not start', async () => {
    const { page } = await browser.openApp();
    const error = page.getByTestId('setup-error');
    const start = page.getByTestId('start-run');
    await page.fill('input[name=islands]', '0');
    expect(await error.innerText()).toBe('islands = "0" is not allowed: a whole number from 1 to 16');
    expect(await start.isDisabled()).toBe(true);
    await page.fill('input[name=islands]', '2');
    await page.fill('input[name=temperature]', 'warm');
    expect(await error.innerText()).toBe('temperature = "warm" is not allowed: a number from 0 to 2');
    await page.fill('input[name=temperature]', '0.5');
    for (const op of ['funsearch', 'e1', 'e2', 'm1', 'm2']) await page.fill(`input[name=${op}]`, '0');
    expect(await error.innerText()).toBe(
      'operator weights = 0 is not allowed: at least one operator needs a weight above 0',
    );
    await page.fill('input[name=m2]', '1');
    expect(await error.count()).toBe(0);
    expect(await start.isEnabled()).toBe(true);
    // A problem parameter still gets the problem's own message.
    await page.fill('input[name=n]', '11');
    expect(await error.innerText()).toBe('n = "11" is not allowed: a whole number from 1 to 10');
  });

  it('shows, before the run, the baselines `mechlab baselines` computes on the same samples', async () => {
    const { page } = await browser.openApp();
    await waitForBaselines(page, 4096, 1);
    const format = (b: CliBaseline) => `${b.name} ${b.score.toFixed(4)} ± ${b.standardError.toFixed(4)}`;
    expect(await shownBaselines(page)).toEqual(cliBaselines(1, 4096).map(format));

    await page.fill('input[name=seed]', '7');
    await page.fill('input[name=samples]', '1024');
    await waitForBaselines(page, 1024, 7);
    const seven = cliBaselines(7, 1024).map(format);
    expect(await shownBaselines(page)).toEqual(seven);
    expect(seven).not.toEqual(cliBaselines(1, 4096).map(format));
    await saveScreenshot(page, 'setup-baselines');
  });

  it('starts a run that records the search settings as entered', async () => {
    const { page } = await browser.openApp();
    const entered: Record<string, string> = {
      budget: '6',
      islands: '2',
      parents: '3',
      temperature: '0.5',
      samples: '1024',
      seed: '11',
      'time-limit': '2',
      funsearch: '1',
      e1: '0',
      e2: '0',
      m1: '3',
      m2: '0',
    };
    for (const [name, value] of Object.entries(entered)) await page.fill(`input[name=${name}]`, value);
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').waitFor();
    await waitForStatus(page, 'finished');
    const { run } = await exportFrom(page, () => page.getByTestId('export').click());
    const settings = run.meta.settings as {
      search: {
        database: { islands: number };
        parentsPerPrompt: number;
        operatorWeights: Record<string, number>;
        samples: number;
        seed: number;
        evaluationTimeoutMs: number;
      };
      budget: { candidates: number };
      generation: { temperature: number };
    };
    expect(settings.search.database.islands).toBe(2);
    expect(settings.search.parentsPerPrompt).toBe(3);
    expect(settings.search.operatorWeights).toEqual({ funsearch: 1, e1: 0, e2: 0, m1: 3, m2: 0 });
    expect(settings.search.samples).toBe(1024);
    expect(settings.search.seed).toBe(11);
    expect(settings.search.evaluationTimeoutMs).toBe(2000);
    expect(settings.budget).toEqual({ candidates: 6 });
    expect(settings.generation.temperature).toBe(0.5);
    const operators = new Set(run.candidates.slice(1).map((c) => c.operator));
    for (const op of operators) expect(['funsearch', 'm1', 'repair']).toContain(op);
    expect(new Set(run.candidates.map((c) => c.island)).size).toBeLessThanOrEqual(2);
  });
});
