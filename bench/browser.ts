/**
 * The browser part of the benchmark, against a build (dist/, or the folder
 * MECHLAB_DIST names) served by `vite preview` to headless Chromium:
 * - time to interactive of a cold page load: navigation start to the
 *   moment the run setup's start button is enabled, pushed back past any
 *   long task (> 50 ms) that starts within 500 ms of the last one's end,
 *   measured inside the page with a PerformanceObserver;
 * - a demo run, timing candidates per minute and how busy the main thread
 *   was (Chromium's own TaskDuration metric over the run's wall time), so
 *   the engine's work is shown to stay off the page's thread.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { preview } from 'vite';
import { summarise, type Measured } from './measure.ts';

export interface BrowserRunFigures {
  readonly candidates: number;
  readonly seconds: number;
  readonly candidatesPerMinute: number;
  /** Share of the run's wall time the page's main thread spent running tasks. */
  readonly mainThreadBusy: number;
}

export interface BrowserFigures {
  /** Time to interactive of a cold load, in milliseconds. */
  readonly interactiveMs: Measured;
  readonly run: BrowserRunFigures;
}

const chromiumPath = process.env.MECHLAB_CHROMIUM ?? '/usr/bin/chromium';
const launchArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Returns the build folder: MECHLAB_DIST, or dist/ under `root`. */
export function distFolder(root: string): string {
  return resolve(root, process.env.MECHLAB_DIST ?? 'dist');
}

/** Returns why the browser part cannot run, or null when Chromium and a build are there. */
export function browserMissing(root: string): string | null {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install -y chromium)`;
  const dist = distFolder(root);
  if (!existsSync(join(dist, 'index.html'))) return `no build in ${dist} (npm run build)`;
  return null;
}

/** Serves the build with `vite preview` on a free loopback port, runs `work` with its URL, and stops it. */
export async function withPreview<T>(root: string, work: (url: string) => Promise<T>): Promise<T> {
  const server = await preview({
    root,
    build: { outDir: distFolder(root) },
    preview: { host: '127.0.0.1', port: 0 },
    logLevel: 'silent',
  });
  try {
    return await work(server.resolvedUrls?.local[0] ?? '');
  } finally {
    await server.close();
  }
}

/** Collects long tasks from the start of the page, for timeToInteractive. */
const observeLongTasks = () => {
  const tasks: { start: number; end: number }[] = [];
  (globalThis as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

/** Returns the time to interactive (ms) of one cold load of `url` in a fresh context. */
async function interactiveOnce(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(observeLongTasks);
    await page.goto(url);
    await page.waitForSelector('[data-testid=start-run]:enabled', { timeout: 60_000 });
    const ready = await page.evaluate(() => performance.now());
    await page.waitForTimeout(1_000); // long tasks right after readiness count too
    const tasks = await page.evaluate(
      () => (globalThis as unknown as { __longTasks: { start: number; end: number }[] }).__longTasks,
    );
    let interactive = ready;
    for (const task of [...tasks].sort((a, b) => a.start - b.start)) {
      if (task.start < interactive + 500) interactive = Math.max(interactive, task.end);
    }
    return interactive;
  } finally {
    await context.close();
  }
}

/** Runs the Myerson preset with the demo backend for `budget` candidates. */
async function demoRun(url: string, budget: number): Promise<BrowserRunFigures> {
  const profile = mkdtempSync(join(tmpdir(), 'mechlab-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: launchArgs,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    await page.goto(url);
    await page.fill('input[name=budget]', String(budget));
    await page.fill('input[name=time-limit]', '2');
    const busyBefore = await taskSeconds();
    const started = performance.now();
    await page.getByTestId('start-run').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=run-status]')?.textContent === 'finished',
      null,
      { timeout: 600_000 },
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
  }
}

/** Measures time to interactive (`runs` cold loads) and a demo run of `budget` candidates at `url`. */
export async function measureBrowser(url: string, runs: number, budget: number): Promise<BrowserFigures> {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: launchArgs });
  const times: number[] = [];
  try {
    await interactiveOnce(browser, url); // the server's first answers are not a user's
    for (let r = 0; r < runs; r++) times.push(await interactiveOnce(browser, url));
  } finally {
    await browser.close();
  }
  return { interactiveMs: summarise(times), run: await demoRun(url, budget) };
}
