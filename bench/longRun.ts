/**
 * A long run in the browser: the Myerson preset with the demo backend for
 * 5,000 candidates (LONG_RUN_CANDIDATES to change it) in headless Chromium
 * against the built app, measuring
 * - memory at the start, the middle and the end of the run, after a forced
 *   garbage collection: the page's JavaScript heap (CDP
 *   Performance.getMetrics JSHeapUsedSize) and, where the browser has it,
 *   performance.measureUserAgentSpecificMemory() (page and workers), set
 *   against the size of the records themselves (the run file's JSON);
 * - how responsive the page stays: main-thread long tasks (> 50 ms) and the
 *   lag of a 100 ms timer, over each tenth of the run;
 * - the pace, candidates per minute over each tenth (a pace that falls as
 *   the run grows would mean per-candidate work that grows with it);
 * - how long the stored run takes to reopen in a fresh page, from the click
 *   on Open to the dashboard showing every candidate, and that page's
 *   memory: a run that kept nothing beyond its records ends with about the
 *   memory of the same run reopened.
 *
 * Alone: `npx tsx bench/longRun.ts` serves the build in MECHLAB_DIST (or
 * dist/) itself; it builds nothing. `measureLongRun(baseUrl)` is the same
 * against an app already served. It takes about as long as the run: 10 to
 * 20 minutes on two cores.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { preview } from 'vite';

const root = resolve(import.meta.dirname, '..');
const chromiumPath = process.env.MECHLAB_CHROMIUM ?? '/usr/bin/chromium';
const launchArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Lets the bench read exact heap sizes (performance.memory is otherwise bucketed).
  '--enable-precise-memory-info',
];

export interface MemoryFigures {
  /** Model candidates recorded when measured. */
  readonly candidates: number;
  /** The page's JavaScript heap after a garbage collection, in bytes. */
  readonly heapBytes: number;
  /** Page and workers together (measureUserAgentSpecificMemory), in bytes; null where unavailable. */
  readonly allBytes: number | null;
  /** DOM nodes of the page. */
  readonly domNodes: number;
}

export interface StretchFigures {
  /** Model candidates at the end of the stretch. */
  readonly candidates: number;
  readonly seconds: number;
  readonly candidatesPerMinute: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  /** Share of the stretch the main thread spent in long tasks. */
  readonly longTaskShare: number;
  /** Worst lateness of a 100 ms timer, in milliseconds. */
  readonly maxTimerLagMs: number;
}

export interface LongRunFigures {
  readonly candidates: number;
  readonly seconds: number;
  readonly memory: {
    readonly start: MemoryFigures;
    readonly middle: MemoryFigures;
    readonly end: MemoryFigures;
    /** A fresh page with the stored run opened: what the records alone take, shown. */
    readonly reopened: MemoryFigures;
  };
  /** Characters of the run file (the records as JSON). */
  readonly runFileCharacters: number;
  /** Heap growth from start to end per character of run file. */
  readonly heapPerRecordCharacter: number;
  /** One row per tenth of the run. */
  readonly stretches: readonly StretchFigures[];
  /** Share of the run's wall time the page's main thread was busy (Chromium's TaskDuration). */
  readonly mainThreadBusy: number;
  /** Bytes the origin stores (navigator.storage.estimate) at the end. */
  readonly storedBytes: number;
  /** From the click on Open to every candidate on the dashboard, in a fresh page, in milliseconds. */
  readonly reopenMs: number;
}

/** Records long tasks and the lateness of a 100 ms timer from the page's first script on. */
const observePage = () => {
  const w = window as unknown as {
    __longTasks: { start: number; duration: number }[];
    __lags: { at: number; lag: number }[];
  };
  w.__longTasks = [];
  w.__lags = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let expected = performance.now() + 100;
  setInterval(() => {
    const now = performance.now();
    w.__lags.push({ at: now, lag: Math.max(0, now - expected) });
    expected = now + 100;
  }, 100);
};

async function shownCandidates(page: Page): Promise<number> {
  const text = await page.getByTestId('count-candidates').innerText();
  return Number(text.split(' ')[0]);
}

/** Measures memory after a garbage collection. */
async function memory(page: Page, cdp: CDPSession, candidates: number): Promise<MemoryFigures> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  const allBytes = await page.evaluate(async () => {
    const measure = (
      performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }
    ).measureUserAgentSpecificMemory;
    if (!crossOriginIsolated || !measure) return null;
    // It waits for the next garbage collection; give up after 20 s.
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 20_000));
    const result = await Promise.race([measure.call(performance), timeout]);
    return result ? result.bytes : null;
  });
  return { candidates, heapBytes: metric('JSHeapUsedSize'), allBytes, domNodes: metric('Nodes') };
}

/** Runs the Myerson preset's demo for `budget` candidates at `baseUrl` and measures it (see the file's comment). */
export async function measureLongRun(baseUrl: string, budget = 5_000): Promise<LongRunFigures> {
  const profile = mkdtempSync(join(tmpdir(), 'mechlab-bench-long-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: launchArgs,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(observePage);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    await page.goto(baseUrl);
    await page.fill('input[name=budget]', String(budget));
    // Short evaluations: the demo's endless loops each cost the whole time limit.
    await page.fill('input[name=time-limit]', '0.5');
    await page.fill('input[name=samples]', '1024');
    await page.waitForSelector('[data-testid=start-run]:enabled');
    const start = await memory(page, cdp, 0);
    const busyBefore = await taskSeconds();
    const started = await page.evaluate(() => performance.now());
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').waitFor();

    // Poll the count; note the page clock at each tenth, and measure memory at the middle.
    const marks: { candidates: number; at: number }[] = [{ candidates: 0, at: started }];
    const tenth = Math.max(1, Math.floor(budget / 10));
    let middle: MemoryFigures | null = null;
    for (;;) {
      const [count, at, status] = await page.evaluate(() => [
        Number(document.querySelector('[data-testid=count-candidates]')?.textContent?.split(' ')[0]),
        performance.now(),
        document.querySelector('[data-testid=run-status]')?.textContent ?? '',
      ]);
      const next = marks[marks.length - 1].candidates + tenth;
      if ((count as number) >= next || status === 'finished')
        marks.push({ candidates: count as number, at: at as number });
      if (!middle && (count as number) >= budget / 2) middle = await memory(page, cdp, count as number);
      if (status === 'finished') break;
      if (status !== 'running') throw new Error(`the run stopped as '${status}' at ${count} candidates`);
      await page.waitForTimeout(1_000);
    }
    const ended = marks[marks.length - 1].at;
    const busy = (await taskSeconds()) - busyBefore;
    const candidates = await shownCandidates(page);
    const end = await memory(page, cdp, candidates);

    const observed = await page.evaluate(() => {
      const w = window as unknown as {
        __longTasks: { start: number; duration: number }[];
        __lags: { at: number; lag: number }[];
      };
      return { tasks: w.__longTasks, lags: w.__lags };
    });
    const stretches: StretchFigures[] = marks.slice(1).map((mark, i) => {
      const from = marks[i];
      const inside = observed.tasks.filter((t) => t.start >= from.at && t.start < mark.at);
      const lags = observed.lags.filter((l) => l.at >= from.at && l.at < mark.at);
      const seconds = (mark.at - from.at) / 1000;
      const taskMs = inside.reduce((sum, t) => sum + t.duration, 0);
      return {
        candidates: mark.candidates,
        seconds,
        candidatesPerMinute: ((mark.candidates - from.candidates) / seconds) * 60,
        longTasks: inside.length,
        longestTaskMs: Math.max(0, ...inside.map((t) => t.duration)),
        longTaskShare: taskMs / (mark.at - from.at),
        maxTimerLagMs: Math.max(0, ...lags.map((l) => l.lag)),
      };
    });

    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const runFileCharacters = readFileSync(await (await download).path(), 'utf8').length;
    const storedBytes = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

    // Reopen in a fresh page, as after closing the tab.
    await page.close();
    const fresh = await context.newPage();
    await fresh.goto(baseUrl);
    await fresh.getByTestId('nav-library').click();
    const row = fresh.getByTestId('run-list').locator('tbody tr').first();
    await row.waitFor();
    const clicked = await fresh.evaluate(() => performance.now());
    await row.getByRole('button', { name: 'Open' }).click();
    await fresh.waitForFunction(
      (count) =>
        document.querySelector('[data-testid=count-candidates]')?.textContent?.startsWith(`${count} `),
      candidates,
      { timeout: 120_000, polling: 'raf' },
    );
    const reopenMs = (await fresh.evaluate(() => performance.now())) - clicked;
    const freshCdp = await context.newCDPSession(fresh);
    await freshCdp.send('Performance.enable');
    await fresh.waitForTimeout(2_000); // the charts' first drawing
    const reopened = await memory(fresh, freshCdp, candidates);

    return {
      candidates,
      seconds: (ended - started) / 1000,
      memory: { start, middle: middle ?? end, end, reopened },
      runFileCharacters,
      heapPerRecordCharacter: (end.heapBytes - start.heapBytes) / runFileCharacters,
      stretches,
      mainThreadBusy: busy / ((ended - started) / 1000),
      storedBytes,
      reopenMs,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1e6).toFixed(1)} MB`);

/** Prints the figures as tables. */
function report(f: LongRunFigures): void {
  console.log(`long run: ${f.candidates} candidates in ${(f.seconds / 60).toFixed(1)} min`);
  console.log('memory      candidates  JS heap (page)  page + workers  DOM nodes');
  for (const [name, m] of Object.entries(f.memory)) {
    console.log(
      `${name.padEnd(10)}  ${String(m.candidates).padStart(10)}  ${mb(m.heapBytes).padStart(14)}  ${mb(m.allBytes).padStart(14)}  ${String(m.domNodes).padStart(9)}`,
    );
  }
  console.log(
    `run file ${mb(f.runFileCharacters)} (characters); heap growth ${f.heapPerRecordCharacter.toFixed(2)} bytes per character of it; stored in the browser ${mb(f.storedBytes)}`,
  );
  console.log('candidates  per minute  long tasks  longest (ms)  share in long tasks  max timer lag (ms)');
  for (const s of f.stretches) {
    console.log(
      `${String(s.candidates).padStart(10)}  ${s.candidatesPerMinute.toFixed(0).padStart(10)}  ${String(s.longTasks).padStart(10)}  ${s.longestTaskMs.toFixed(0).padStart(12)}  ${`${(100 * s.longTaskShare).toFixed(1)}%`.padStart(19)}  ${s.maxTimerLagMs.toFixed(0).padStart(18)}`,
    );
  }
  console.log(
    `main thread busy ${(100 * f.mainThreadBusy).toFixed(1)}% of the run; reopening the stored run: ${(f.reopenMs / 1000).toFixed(2)} s`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = resolve(root, process.env.MECHLAB_DIST ?? 'dist');
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(
      `${outDir} holds no build: run \`npm run build\`, or point MECHLAB_DIST at a build folder`,
    );
  }
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium is missing at ${chromiumPath}: apt-get install -y chromium`);
  const budget = Number(process.env.LONG_RUN_CANDIDATES ?? 5_000);
  if (!Number.isInteger(budget) || budget < 10 || budget > 100_000)
    throw new Error(
      `LONG_RUN_CANDIDATES must be a whole number from 10 to 100000, not ${process.env.LONG_RUN_CANDIDATES}`,
    );
  const server = await preview({
    root,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, open: false },
    logLevel: 'silent',
  });
  try {
    const figures = await measureLongRun(server.resolvedUrls?.local[0] ?? '', budget);
    report(figures);
    if (process.env.BENCH_JSON)
      writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2) + '\n');
  } finally {
    await server.close();
  }
}
