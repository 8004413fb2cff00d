/**
 * `npm run bench`: how fast MechLab fixes and scores candidates, and how the
 * search scales over cores (issue 8). Parts, each printed as a table:
 * 1. fix + evaluation on one core for each case of bench/cases.ts (CPU
 *    time): calls needed and made per profile, bare and achieved heuristic
 *    calls per second, their ratio, profiles per second, seconds per
 *    candidate, and the targets of issue 8;
 * 2. candidates per minute through the worker pool with 1, 2 and all cores
 *    (prebundled workers, src/cli/workerBundle.ts, built first if stale);
 * 3. whole demo searches (model time zero) with 1, 2 and all workers, and
 *    how much faster more workers ran them, next to the most they could;
 * 4. the app: initial JavaScript (gzip) with the model runtimes lazy, time
 *    to interactive and a demo run in headless Chromium (needs a build:
 *    dist/, or MECHLAB_DIST);
 * 5. the change of every figure against the last committed
 *    bench/results.json, which this run then replaces.
 * Each figure is the median of BENCH_RUNS runs (default 5) with its range.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { benchCases } from './cases.ts';
import type { CaseFigures } from './evaluation.ts';
import { measurePools, workerCounts, type PoolFigures } from './pool.ts';
import {
  benchPipelineDepth,
  repeatSearches,
  searchSpeedup,
  type RepeatedSearch,
  type SearchSpeedup,
} from './search.ts';
import { evaluationWorker } from '../src/cli/workerBundle.ts';
import { parallelCeiling } from './ceiling.ts';
import { measureBundle, type BundleFigures } from './bundle.ts';
import { browserMissing, distFolder, measureBrowser, withPreview, type BrowserFigures } from './browser.ts';
import { changeText, compareFigures, figuresOf, lastCommittedResults } from './compare.ts';
import { collectFigures } from './figures.ts';
import { formatMeasured, formatRate, summarise, type Measured } from './measure.ts';
import { printTable } from './table.ts';

const root = join(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(runs) || runs < 1)
  throw new RangeError(`BENCH_RUNS must be a whole number ≥ 1, not ${runs}`);
const started = performance.now();
const loadBefore = loadavg()[0];
/** Seconds each part took, for the "under ten minutes" budget. */
const partSeconds: Record<string, number> = {};
let partStart = started;
/** Records the time of the part that just ended. */
function endPart(name: string): void {
  const now = performance.now();
  partSeconds[name] = (now - partStart) / 1000;
  partStart = now;
}

console.log(
  `MechLab benchmark — Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ` +
    `load average ${loadBefore.toFixed(2)}, ${runs} runs per figure: median (min–max)`,
);
if (loadBefore > availableParallelism() / 2)
  console.log('  note: the machine is busy; wall-time figures (parts 2–4) will be low and spread wide');

/** Runs bench/oneCore.ts in a hardened process of its own and returns its figures. */
function measureOneCore(): CaseFigures[] {
  const folder = mkdtempSync(join(tmpdir(), 'mechlab-bench-'));
  try {
    const out = join(folder, 'cases.json');
    execFileSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(root, 'bench/oneCore.ts'), out],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, BENCH_RUNS: String(runs) },
      },
    );
    return JSON.parse(readFileSync(out, 'utf8')) as CaseFigures[];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// ── 1. One core ──────────────────────────────────────────────────────────────
console.log('\n1. Fix + evaluation of 4,096 profiles on one core (CPU seconds), after 12 demo candidates:');
const cases = measureOneCore();
printTable([
  ['case', 'calls needed', 'calls made', 'bare calls/s', 'achieved/s', 'ratio', 'profiles/s', 's/candidate'],
  ...cases.map((c) => [
    c.id,
    c.callsNeededPerProfile.toLocaleString('en-US'),
    c.callsMadePerProfile.toFixed(1),
    formatRate(c.bareCallsPerSecond),
    formatRate(c.achievedCallsPerSecond),
    formatMeasured(c.overheadRatio, 2),
    formatRate(c.profilesPerSecond),
    formatMeasured(c.secondsPerCandidate, 3),
  ]),
]);
console.log(
  '  calls per profile: needed without shared work / made after memoisation and exact shortcuts; ratio = fix + evaluation time over\n' +
    '  the same calls replayed alone; s/candidate = compile, guard, fix, evaluate and verify, as a worker does.',
);
for (const c of cases.filter((c) => c.targetProfilesPerSecond !== null)) {
  const met = c.profilesPerSecond.median >= (c.targetProfilesPerSecond ?? 0);
  console.log(
    `  target ${c.id} (${JSON.stringify(c.parameters)}): ≥ ${c.targetProfilesPerSecond?.toLocaleString('en-US')} profiles/s — ` +
      `${met ? 'met' : 'NOT met'} at ${formatMeasured(c.profilesPerSecond)}`,
  );
}

endPart('one core');

// ── 2. The worker pool ───────────────────────────────────────────────────────
// The prebundled worker is checked (and built if its sources changed) before anything is timed.
const launchStarted = performance.now();
const workerLaunch = await evaluationWorker();
const workerLaunchText =
  workerLaunch.kind === 'bundle' ? 'prebundled worker' : `worker through tsx: ${workerLaunch.reason}`;
console.log(
  `\nEvaluation workers: ${workerLaunchText}, ready in ${((performance.now() - launchStarted) / 1000).toFixed(1)} s` +
    (workerLaunch.kind === 'bundle' ? ` (${relative(root, workerLaunch.path)})` : ''),
);
const counts = workerCounts();
const ceiling: { processes: number; work: Measured }[] = [];
for (const processes of counts.filter((w) => w > 1))
  ceiling.push({ processes, work: await parallelCeiling(processes, 5, 600) });
console.log(
  `The machine's ceiling: ${ceiling.map((c) => `${c.processes} processes of a tight loop at once do ${formatMeasured(c.work, 2)}× the work of one`).join('; ')} ` +
    `(load average ${loadavg()[0].toFixed(1)}); no pool can scale beyond it.`,
);
console.log(
  `\n2. Candidates per minute through the worker pool (child processes), wall time, ${counts.join(' / ')} workers taking turns:`,
);
const pools: { id: string; figures: PoolFigures[]; perMinute: Measured[] }[] = [];
for (const c of cases) {
  // Batches of about 1.5 s per worker count (at least 4 candidates per worker), three rounds.
  const perWorker = Math.max(
    4,
    Math.min(400, Math.round(1.5 / Math.max(c.secondsPerCandidate.median, 0.002))),
  );
  const benchCase = benchCases.find((b) => b.id === c.id)!;
  const batches = await measurePools(benchCase, root, counts, perWorker, Math.min(runs, 3));
  const figures = batches.flat();
  const perMinute = batches.map((list) => summarise(list.map((b) => b.candidatesPerMinute)));
  pools.push({ id: c.id, figures, perMinute });
}
printTable([
  ['case', ...counts.map((w) => `${w} worker${w > 1 ? 's' : ''}`), '2 / 1'],
  ...pools.map((p) => [
    p.id,
    ...p.perMinute.map((m) => formatMeasured(m)),
    p.perMinute.length > 1 ? (p.perMinute[1].median / p.perMinute[0].median).toFixed(2) : '',
  ]),
]);

endPart('worker pool');

// ── 3. Whole searches ────────────────────────────────────────────────────────
const searchBudget = 40;
const searchRounds = Math.min(runs, 5);
console.log(
  `\n3. Whole demo searches of ${searchBudget} candidates (scripted replies: model time 0; 2 s limit, so an endless loop costs 2 s), ` +
    `wall time from starting the workers (${workerLaunchText}) to the last record, ${searchRounds} round${searchRounds > 1 ? 's' : ''}, worker counts taking turns:`,
);
const searches: RepeatedSearch[] = [];
for (const problem of ['single-item-revenue', 'vcg-redistribution', 'correlated-revenue'] as const)
  searches.push(...(await repeatSearches(problem, counts, searchBudget, searchRounds)));
const speedups: SearchSpeedup[] = searches
  .filter((s) => s.workers > 1)
  .map((s) =>
    searchSpeedup(
      searches.find((t) => t.problem === s.problem && t.workers === 1)!,
      s,
    ),
  );
const differing = searches.filter((s) => {
  const one = searches.find((t) => t.problem === s.problem && t.workers === 1);
  return JSON.stringify(one?.scores) !== JSON.stringify(s.scores);
});
printTable([
  [
    'problem',
    'workers',
    'candidates/min',
    's per search',
    'timeouts',
    'vs 1 worker',
    'at most',
    'load average',
  ],
  ...searches.map((s) => {
    const speedup = speedups.find((t) => t.problem === s.problem && t.workers === s.workers);
    return [
      s.problem,
      String(s.workers),
      formatMeasured(s.candidatesPerMinute),
      formatMeasured(summarise(s.runSeconds), 2),
      `${s.timeouts} in ${s.runSeconds.length}`,
      speedup ? formatMeasured(speedup.ratio, 2) : '',
      speedup ? speedup.bound.toFixed(2) : '',
      formatMeasured(s.loadAverage, 1),
    ];
  }),
]);
console.log(
  '  vs 1 worker: seconds with 1 worker ÷ seconds with more, round by round. at most: what more workers could give at best — a search\n' +
    '  with an endless loop lasts at least its 2 s limit, a wait no second worker shortens: T1 ÷ max(T1 ÷ workers, 2 s).',
);
console.log(
  differing.length === 0
    ? `  every search recorded the same candidates and scores with any number of workers (pipeline depth ${benchPipelineDepth})`
    : `  DIFFERENT records with more workers: ${differing.map((s) => `${s.problem} × ${s.workers}`).join(', ')}`,
);

endPart('whole searches');

// ── 4. The app ───────────────────────────────────────────────────────────────
console.log('\n4. The app in headless Chromium:');
const missing = browserMissing(root);
let bundle: BundleFigures | null = null;
let browser: BrowserFigures | null = null;
if (missing) {
  console.log(`  skipped: ${missing}`);
} else {
  const dist = distFolder(root);
  const files = readdirSync(join(dist, 'assets')).map((file) => `assets/${file}`);
  bundle = measureBundle(dist, files);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `  initial JavaScript: ${kb(bundle.initialGzipBytes)} gzip (${bundle.initial.map((c) => c.file).join(', ')} in ${relative(root, dist) || '.'}); ` +
      `model and training runtimes ${bundle.runtimesLazy ? 'loaded lazily' : 'IN THE INITIAL LOAD'}: ` +
      bundle.lazy
        .filter((c) => c.runtime)
        .map((c) => `${c.runtime} ${kb(c.gzipBytes)}`)
        .join(', '),
  );
  browser = await withPreview(root, (url) => measureBrowser(url, runs, 100));
  console.log(`  time to interactive (cold load): ${formatMeasured(browser.interactiveMs)} ms`);
  console.log(
    `  demo run (single-item-revenue, replies streamed at 4 ms per piece): ${browser.run.candidates} candidates in ${browser.run.seconds.toFixed(1)} s = ` +
      `${browser.run.candidatesPerMinute.toFixed(0)} per minute; main thread busy ${(100 * browser.run.mainThreadBusy).toFixed(1)}% of the time`,
  );
}

console.log(
  '  separate from this run: `npx tsx bench/dashboard.ts` (1,000 imported candidates zoomed, panned and updated live: long tasks) and\n' +
    '  `npx tsx bench/longRun.ts` (5,000 candidates: memory, responsiveness and pace; 10–20 minutes alone, past the ten-minute budget).',
);

endPart('app');

// ── 5. Changes ───────────────────────────────────────────────────────────────
const figures = collectFigures({ cases, pools, counts, ceiling, searches, speedups, bundle, browser });
const previous = lastCommittedResults(root);
console.log(`\n5. Every figure against ${previous ? previous.source : 'nothing (no earlier results)'}:`);
const changes = compareFigures(figures, previous ? figuresOf(previous.data) : []);
printTable([
  ['figure', 'now', 'before', 'change'],
  ...changes.map((c) => [
    c.label,
    c.value.toPrecision(4),
    c.before === null ? '' : c.before.toPrecision(4),
    changeText(c),
  ]),
]);
const worse = changes.filter((c) => c.worse);
console.log(
  worse.length === 0
    ? '  no figure got worse by more than 10%'
    : `  ${worse.length} figure(s) worse by more than 10%: ${worse.map((c) => c.label).join('; ')}`,
);

const seconds = (performance.now() - started) / 1000;
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? null,
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  runs,
  seconds,
  partSeconds,
  cases,
  pools,
  workerLaunch,
  ceiling,
  searches,
  speedups,
  bundle,
  browser,
  figures,
};
writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
const parts = Object.entries(partSeconds).map(([name, s]) => `${name} ${s.toFixed(0)} s`);
console.log(`\nwrote bench/results.json after ${seconds.toFixed(0)} s (${parts.join(', ')})`);
