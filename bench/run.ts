/**
 * `npm run bench`: how fast MechLab fixes and scores candidates. For each
 * problem at its default size, one representative heuristic (from
 * examples/) is compiled, fixed and evaluated on the search's sample size,
 * repeatedly; the table shows medians with their spread, and
 * bench/results.json keeps the figures (with the previous run's for
 * comparison) so no regression hides.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { problemById } from '../src/core/problems/index.ts';
import { compileHeuristic } from '../src/core/sandbox/compile.ts';
import { rngStream } from '../src/core/rng.ts';
import { defaultSearchConfig } from '../src/core/evolution/config.ts';
import { formatMeasured, repeat, type Measured } from './measure.ts';
import { measureSearch, type SearchFigures } from './search.ts';
import { measureBrowserRun } from './browser.ts';

const root = join(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** One benchmark case: a problem, its parameters and a heuristic typical of a search. */
interface Case {
  readonly problem: string;
  readonly parameters: Record<string, number | string>;
  readonly heuristic: string;
}

const cases: readonly Case[] = [
  { problem: 'single-item-revenue', parameters: {}, heuristic: 'examples/myerson-uniform.js' },
  { problem: 'vcg-redistribution', parameters: {}, heuristic: 'examples/bailey-cavallo.js' },
  { problem: 'correlated-revenue', parameters: {}, heuristic: 'examples/reserve-highest.js' },
];

interface CaseResult {
  readonly problem: string;
  readonly parameters: Record<string, number | string>;
  readonly heuristic: string;
  readonly samples: number;
  readonly heuristicCallsPerCandidate: number;
  readonly secondsPerCandidate: Measured;
  readonly heuristicCallsPerSecond: Measured;
  readonly profilesPerSecond: Measured;
}

function runCase(benchCase: Case): CaseResult {
  const instance = problemById(benchCase.problem).configure(benchCase.parameters);
  const compiled = compileHeuristic(
    readFileSync(join(root, benchCase.heuristic), 'utf8'),
    instance.problem.heuristic,
  );
  if (!compiled.ok) throw new Error(`${benchCase.heuristic}: ${compiled.error.message}`);
  const samples = instance.sample(
    rngStream(defaultSearchConfig.seed, 'evaluation'),
    defaultSearchConfig.samples,
  );
  let calls = 0;
  const measured = repeat(runs, () => {
    const started = performance.now();
    const evaluation = instance.evaluate(instance.fix(compiled.heuristic), samples);
    const seconds = (performance.now() - started) / 1000;
    calls = evaluation.heuristicCalls;
    return {
      secondsPerCandidate: seconds,
      heuristicCallsPerSecond: evaluation.heuristicCalls / seconds,
      profilesPerSecond: samples.count / seconds,
    };
  });
  return {
    ...benchCase,
    parameters: { ...instance.parameters },
    samples: samples.count,
    heuristicCallsPerCandidate: calls,
    ...measured,
  };
}

function change(now: number, before: number | undefined): string {
  if (before === undefined || before === 0) return '';
  const percent = ((now - before) / before) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(0)}%`;
}

const resultsPath = join(root, 'bench/results.json');
const previous: { cases?: CaseResult[] } = existsSync(resultsPath)
  ? JSON.parse(readFileSync(resultsPath, 'utf8'))
  : {};

console.log(
  `MechLab benchmark — Node ${process.version}, ${cpus().length} cores, ${runs} runs per figure (median (min–max)), one core\n`,
);
const results = cases.map(runCase);
const rows = [
  ['problem', 'samples', 'calls/candidate', 's/candidate', 'Δ', 'heuristic calls/s', 'Δ', 'profiles/s'],
  ...results.map((r) => {
    const before = previous.cases?.find((c) => c.problem === r.problem);
    return [
      r.problem,
      String(r.samples),
      r.heuristicCallsPerCandidate.toLocaleString('en-US'),
      formatMeasured(r.secondsPerCandidate, 3),
      change(r.secondsPerCandidate.median, before?.secondsPerCandidate.median),
      formatMeasured(r.heuristicCallsPerSecond),
      change(r.heuristicCallsPerSecond.median, before?.heuristicCallsPerSecond.median),
      formatMeasured(r.profilesPerSecond),
    ];
  }),
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));

console.log(
  '\nWhole searches with the demo backend (scripted replies: model time 0), 2 s time limit per candidate:',
);
const searches: SearchFigures[] = [];
for (const problem of ['single-item-revenue', 'vcg-redistribution'] as const) {
  for (const workers of [1, 2]) {
    const figures = await measureSearch(problem, workers, 100);
    searches.push(figures);
    const plural = workers > 1 ? 's' : ' ';
    console.log(
      `  ${problem.padEnd(20)} ${workers} worker${plural}  ${figures.candidates} candidates in ${figures.seconds.toFixed(1)} s` +
        ` = ${figures.candidatesPerMinute.toFixed(0)} per minute (includes ${figures.timeouts} timeouts of 2 s)`,
    );
  }
}

console.log(
  '\nThe same search in headless Chromium (single-item-revenue, demo backend streaming at 4 ms per piece):',
);
const browser = await measureBrowserRun(root, 100);
console.log(
  browser
    ? `  ${browser.candidates} candidates in ${browser.seconds.toFixed(1)} s = ${browser.candidatesPerMinute.toFixed(0)} per minute; main thread busy ${(100 * browser.mainThreadBusy).toFixed(1)}% of the time`
    : '  skipped: needs /usr/bin/chromium and a build (npm run build)',
);

const date = new Date().toISOString();
const summary = {
  date,
  node: process.version,
  cores: cpus().length,
  runs,
  cases: results,
  searches,
  browser,
};
writeFileSync(resultsPath, JSON.stringify(summary, null, 2) + '\n');
console.log(`\nwrote ${resultsPath}; Δ compares with the figures it replaced`);
