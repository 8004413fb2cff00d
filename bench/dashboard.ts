/**
 * How smooth the live dashboard stays with 1,000 candidates: a demo run of
 * 1,000 candidates (made once by `mechlab run`, then cached) is imported
 * into the built app in headless Chromium, opened, zoomed, panned, hovered
 * and inspected, then resumed for 40 more candidates arriving live, while a
 * PerformanceObserver records the main thread's long tasks (over 50 ms).
 * In Node it also times the tree's layout and the rebuilding of the run's
 * pipeline from its records, the work opening a run does before drawing.
 *
 * Alone: `npx tsx bench/dashboard.ts` serves the build in MECHLAB_DIST (or
 * dist/) itself; it builds nothing. `measureDashboard(baseUrl)` is the same
 * against an app already served.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { Pipeline } from '../src/core/evolution/pipeline.ts';
import type { RunMeta, RunProgress } from '../src/core/evolution/ports.ts';
import type { Candidate } from '../src/core/evolution/record.ts';
import { problemById } from '../src/core/problems/index.ts';
import { layoutPopulation } from '../src/ui/charts/treeLayout.ts';
import { myersonInNode } from '../test/e2e/harness/runProgress.ts';

const root = resolve(import.meta.dirname, '..');
const chromiumPath = process.env.MECHLAB_CHROMIUM ?? '/usr/bin/chromium';
/** Candidates in the imported run, and how many more the live phase adds. */
export const runSize = 1000;
const liveExtra = 40;
const cacheFile = join(root, 'node_modules/.cache/mechlab-bench', `demo-myerson-${runSize}.json`);

export interface LongTasks {
  readonly count: number;
  /** Longest long task, in milliseconds (0 when none). */
  readonly maxMs: number;
  readonly totalMs: number;
}

export interface DashboardFigures {
  readonly candidates: number;
  /** Median time of the population tree's layout of the run in Node (warm), in milliseconds. */
  readonly treeLayoutMs: number;
  /** Rebuilding the run's pipeline from its records in Node: the first time (cold) and the warm median, in ms. */
  readonly reopen: { readonly firstMs: number; readonly medianMs: number };
  /** Long tasks in each phase: opening the run, zooming, panning, hovering, selecting, and live updates. */
  readonly phases: Readonly<Record<Phase, LongTasks & { readonly seconds: number }>>;
  /** Long tasks of the interactions with the charts (zoom, pan, hover) and of the live updates together. */
  readonly charts: LongTasks;
}

type Phase = 'open' | 'zoom' | 'pan' | 'hover' | 'select' | 'live';

/** Returns the text of a finished 1,000-candidate demo run of the Myerson preset, made once and cached. */
function demoRunFile(): string {
  if (!existsSync(cacheFile)) {
    mkdirSync(join(cacheFile, '..'), { recursive: true });
    console.log(`making a ${runSize}-candidate demo run with mechlab run (a few minutes, once) …`);
    const made = spawnSync(
      process.execPath,
      [
        join(root, 'bin/mechlab.js'),
        'run',
        ...myersonInNode,
        '--backend',
        'demo',
        '--budget',
        String(runSize),
        '--out',
        cacheFile,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (made.status !== 0) throw new Error(`mechlab run failed: ${made.stderr}`);
  }
  return readFileSync(cacheFile, 'utf8');
}

interface BenchRun {
  meta: RunMeta & { name: string; settings: { budget: { candidates: number } } };
  progress: RunProgress & { status: string };
  candidates: Candidate[];
}

/** Returns the run file with room for `liveExtra` more candidates, paused so the app can resume it. */
function resumableRun(text: string): { text: string; run: BenchRun } {
  const run = JSON.parse(text) as BenchRun;
  run.meta.name = `Dashboard bench (${runSize} candidates)`;
  run.meta.settings.budget = { ...run.meta.settings.budget, candidates: runSize + liveExtra };
  run.progress = { ...run.progress, status: 'paused' };
  return { text: JSON.stringify(run), run };
}

/** Times rebuilding `run`'s pipeline from its records, as opening it in the app does (no evaluation, no store). */
function reopenTimes(run: BenchRun): DashboardFigures['reopen'] {
  const instance = problemById(run.meta.settings.problem).configure(run.meta.settings.parameters);
  const unused = () => Promise.reject(new Error('the bench evaluates and stores nothing'));
  const reopen = () =>
    new Pipeline(
      {
        meta: run.meta,
        instance,
        evaluator: { evaluate: unused, close: async () => {} },
        store: { createRun: unused, recordCandidate: unused, saveProgress: unused, loadRun: unused },
        resume: { progress: run.progress, candidates: run.candidates },
      },
      () => 0,
    );
  const started = performance.now();
  reopen();
  const firstMs = performance.now() - started;
  return { firstMs, medianMs: medianMs(21, reopen) };
}

/** Returns the median of `count` timings of `work` after as many unmeasured runs to warm up, in milliseconds. */
function medianMs(count: number, work: () => void): number {
  for (let i = 0; i < count; i++) work();
  const times = Array.from({ length: count }, () => {
    const started = performance.now();
    work();
    return performance.now() - started;
  }).sort((a, b) => a - b);
  return times[Math.floor(count / 2)];
}

/** Collects the page's long tasks from its first script on. */
const observeLongTasks = () => {
  const tasks: { start: number; duration: number }[] = [];
  (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
};

async function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Runs `phase` and returns the page-clock interval it took. */
async function timed(page: Page, phase: () => Promise<void>): Promise<[number, number]> {
  const start = await now(page);
  await phase();
  // Let the last frames of the phase draw before the interval closes.
  await page.waitForTimeout(300);
  return [start, await now(page)];
}

/** Moves the mouse from (x0, y0) to (x1, y1) in `steps`, a frame apart, optionally with the button down. */
async function sweep(page: Page, from: [number, number], to: [number, number], steps: number, drag = false) {
  await page.mouse.move(from[0], from[1]);
  if (drag) await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    await page.mouse.move(from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1]));
    await page.waitForTimeout(16);
  }
  if (drag) await page.mouse.up();
}

/** Measures the dashboard of the app at `baseUrl` (see the file's comment). */
export async function measureDashboard(baseUrl: string): Promise<DashboardFigures> {
  const { text, run } = resumableRun(demoRunFile());
  const candidates = run.candidates;
  const reopen = reopenTimes(run);
  const treeLayoutMs = medianMs(101, () => layoutPopulation(candidates));
  const profile = mkdtempSync(join(tmpdir(), 'mechlab-bench-dashboard-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: { width: 1280, height: 720 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(observeLongTasks);
    await page.goto(baseUrl);
    await page.getByTestId('nav-library').click();
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'bench.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    const row = page.getByTestId('run-list').locator('tbody tr', { hasText: 'Dashboard bench' });
    await row.waitFor();

    const intervals = {} as Record<Phase, [number, number]>;
    intervals.open = await timed(page, async () => {
      await row.getByRole('button', { name: 'Open' }).click();
      await page.waitForFunction(
        (count) =>
          document.querySelector('[data-testid=population-tree]')?.getAttribute('data-node-count') === count,
        String(candidates.length),
      );
    });
    const tree = page.getByTestId('population-tree');
    const curve = page.getByTestId('score-curve');
    await tree.scrollIntoViewIfNeeded();
    const treeBox = (await tree.boundingBox())!;
    const curveBox = (await curve.boundingBox())!;
    const centre = (box: typeof treeBox): [number, number] => [box.x + box.width / 2, box.y + box.height / 2];

    intervals.zoom = await timed(page, async () => {
      for (const box of [treeBox, curveBox]) {
        await page.mouse.move(...centre(box));
        for (let i = 0; i < 8; i++) {
          await page.mouse.wheel(0, -240);
          await page.waitForTimeout(40);
        }
        for (let i = 0; i < 4; i++) {
          await page.mouse.wheel(0, 240);
          await page.waitForTimeout(40);
        }
      }
    });
    intervals.pan = await timed(page, async () => {
      for (const box of [treeBox, curveBox]) {
        const [x, y] = centre(box);
        await sweep(page, [x - 150, y - 40], [x + 150, y + 40], 30, true);
      }
    });
    intervals.hover = await timed(page, async () => {
      for (const box of [treeBox, curveBox]) {
        await sweep(
          page,
          [box.x + 10, box.y + box.height / 3],
          [box.x + box.width - 10, box.y + (2 * box.height) / 3],
          60,
        );
      }
    });
    intervals.select = await timed(page, async () => {
      for (const name of ['Reset zoom', 'Reset zoom']) {
        const reset = page.getByRole('button', { name }).first();
        if (await reset.count()) await reset.click();
      }
      await tree.focus();
      await page.keyboard.press('b');
      await page.keyboard.press('Enter');
      await page.getByTestId('close-inspector').waitFor();
      for (const key of ['ArrowLeft', 'ArrowLeft', 'Enter']) await page.keyboard.press(key);
      await page.getByTestId('close-inspector').click();
    });
    intervals.live = await timed(page, async () => {
      await page.getByTestId('resume').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid=run-status]')?.textContent === 'finished',
        null,
        { timeout: 300_000 },
      );
    });
    const nodes = Number(await tree.getAttribute('data-node-count'));

    const tasks = await page.evaluate(
      () => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks,
    );
    const summarise = (ranges: [number, number][]): LongTasks => {
      const inside = tasks.filter((t) => ranges.some(([a, b]) => t.start >= a && t.start < b));
      return {
        count: inside.length,
        maxMs: Math.max(0, ...inside.map((t) => t.duration)),
        totalMs: inside.reduce((sum, t) => sum + t.duration, 0),
      };
    };
    const phases = Object.fromEntries(
      (Object.entries(intervals) as [Phase, [number, number]][]).map(([phase, range]) => [
        phase,
        { ...summarise([range]), seconds: (range[1] - range[0]) / 1000 },
      ]),
    ) as DashboardFigures['phases'];
    return {
      candidates: nodes,
      treeLayoutMs,
      reopen,
      phases,
      charts: summarise([intervals.zoom, intervals.pan, intervals.hover, intervals.live]),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Prints the figures as a table. */
function report(figures: DashboardFigures): void {
  console.log(
    `dashboard with ${figures.candidates} candidates — tree layout ${figures.treeLayoutMs.toFixed(1)} ms (Node, median of 101)`,
  );
  const { firstMs, medianMs } = figures.reopen;
  console.log(
    `reopening the run's pipeline from its records: ${firstMs.toFixed(1)} ms the first time, ${medianMs.toFixed(1)} ms warm (Node, median of 21)`,
  );
  console.log('phase    seconds  long tasks  longest (ms)  total (ms)');
  const rows = Object.entries(figures.phases).map(
    ([phase, p]) => [phase, p.seconds, p.count, p.maxMs, p.totalMs] as const,
  );
  for (const [phase, seconds, count, max, total] of rows) {
    console.log(
      `${phase.padEnd(8)} ${seconds.toFixed(1).padStart(7)}  ${String(count).padStart(10)}  ${max.toFixed(0).padStart(12)}  ${total.toFixed(0).padStart(10)}`,
    );
  }
  const c = figures.charts;
  console.log(
    `zoom + pan + hover + live: ${c.count} long tasks, longest ${c.maxMs.toFixed(0)} ms, ${c.totalMs.toFixed(0)} ms in all`,
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
  const server = await preview({
    root,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, open: false },
    logLevel: 'silent',
  });
  try {
    const figures = await measureDashboard(server.resolvedUrls?.local[0] ?? '');
    report(figures);
    if (process.env.BENCH_JSON)
      writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2) + '\n');
  } finally {
    await server.close();
  }
}
