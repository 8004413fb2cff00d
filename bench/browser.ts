/**
 * The browser part of the benchmark: a demo run in headless Chromium
 * against the built app, timing candidates per minute and how busy the main
 * thread was (Chromium's own TaskDuration metric over the run's wall time),
 * so the engine's work is shown to stay off the page's thread.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

export interface BrowserFigures {
  readonly candidates: number;
  readonly seconds: number;
  readonly candidatesPerMinute: number;
  /** Share of the run's wall time the page's main thread spent running tasks. */
  readonly mainThreadBusy: number;
}

const chromiumPath = process.env.MECHLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Runs the Myerson preset with the demo backend for `budget` candidates; null when Chromium or dist/ is missing. */
export async function measureBrowserRun(root: string, budget: number): Promise<BrowserFigures | null> {
  if (!existsSync(chromiumPath) || !existsSync(join(root, 'dist/index.html'))) return null;
  const server = await preview({ root, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' });
  const profile = mkdtempSync(join(tmpdir(), 'mechlab-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    await page.goto(server.resolvedUrls?.local[0] ?? '');
    await page.fill('input[name=budget]', String(budget));
    await page.fill('input[name=time-limit]', '2');
    const busyBefore = await taskSeconds();
    const started = performance.now();
    await page.getByTestId('start-run').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=run-status]')?.textContent === 'finished',
      null,
      {
        timeout: 600_000,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const busy = (await taskSeconds()) - busyBefore;
    const candidates = budget + 1;
    return {
      candidates,
      seconds,
      candidatesPerMinute: (candidates / seconds) * 60,
      mainThreadBusy: busy / seconds,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
}
