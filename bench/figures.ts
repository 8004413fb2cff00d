/**
 * Every figure of a benchmark run as one flat list (bench/compare.ts): the
 * key names the case and the quantity, and stays the same from run to run
 * so that a later run can say how each one changed.
 */
import type { BundleFigures } from './bundle.ts';
import type { BrowserFigures } from './browser.ts';
import type { Figure } from './compare.ts';
import type { CaseFigures } from './evaluation.ts';
import type { Measured } from './measure.ts';
import type { RepeatedSearch, SearchSpeedup } from './search.ts';

export interface RunFigures {
  readonly cases: readonly CaseFigures[];
  readonly pools: readonly { readonly id: string; readonly perMinute: readonly Measured[] }[];
  /** The worker counts of `pools[].perMinute`, in order. */
  readonly counts: readonly number[];
  /** The machine's parallel ceiling (bench/ceiling.ts); absent in older results. */
  readonly ceiling?: readonly { readonly processes: number; readonly work: Measured }[];
  readonly searches: readonly RepeatedSearch[];
  /** Absent in results written before the speedups were measured. */
  readonly speedups?: readonly SearchSpeedup[];
  readonly bundle: BundleFigures | null;
  readonly browser: BrowserFigures | null;
}

/** Returns the figures of a run, in the order the benchmark prints its parts. */
export function collectFigures(run: RunFigures): Figure[] {
  const figures: Figure[] = [];
  const add = (key: string, label: string, value: number, better: Figure['better']) =>
    figures.push({ key, label, value, better });
  for (const c of run.cases) {
    add(`${c.id}:calls-made-per-profile`, `${c.id}: calls made per profile`, c.callsMadePerProfile, 'lower');
    add(`${c.id}:bare-calls-per-second`, `${c.id}: bare calls/s`, c.bareCallsPerSecond.median, 'neither');
    add(
      `${c.id}:achieved-calls-per-second`,
      `${c.id}: achieved calls/s`,
      c.achievedCallsPerSecond.median,
      'higher',
    );
    add(`${c.id}:overhead-ratio`, `${c.id}: overhead ratio`, c.overheadRatio.median, 'lower');
    add(`${c.id}:profiles-per-second`, `${c.id}: profiles/s`, c.profilesPerSecond.median, 'higher');
    add(
      `${c.id}:fix-evaluation-seconds`,
      `${c.id}: fix + evaluation s`,
      c.fixEvaluationSeconds.median,
      'lower',
    );
    add(`${c.id}:seconds-per-candidate`, `${c.id}: s/candidate`, c.secondsPerCandidate.median, 'lower');
  }
  for (const c of run.ceiling ?? []) {
    add(
      `machine:parallel-ceiling:${c.processes}`,
      `machine: ${c.processes} loops ÷ 1 loop`,
      c.work.median,
      'neither',
    );
  }
  for (const p of run.pools) {
    p.perMinute.forEach((m, k) => {
      const workers = run.counts[k];
      add(
        `pool/${p.id}:candidates-per-minute:${workers}`,
        `pool ${p.id}: candidates/min, ${workers} w`,
        m.median,
        'higher',
      );
    });
  }
  for (const s of run.searches) {
    add(
      `search/${s.problem}/${s.budget}:candidates-per-minute:${s.workers}`,
      `search ${s.problem} (${s.budget}): candidates/min, ${s.workers} w`,
      s.candidatesPerMinute.median,
      'higher',
    );
  }
  for (const s of run.speedups ?? []) {
    add(
      `search/${s.problem}:speedup:${s.workers}`,
      `search ${s.problem}: ${s.workers} w ÷ 1 w`,
      s.ratio.median,
      'higher',
    );
  }
  if (run.bundle)
    add('app:initial-js-gzip-bytes', 'app: initial JS, gzip bytes', run.bundle.initialGzipBytes, 'lower');
  if (run.browser) {
    add(
      'browser:time-to-interactive-ms',
      'browser: time to interactive, ms',
      run.browser.interactiveMs.median,
      'lower',
    );
    add(
      'browser:run-candidates-per-minute',
      'browser: demo run candidates/min',
      run.browser.run.candidatesPerMinute,
      'higher',
    );
    add(
      'browser:main-thread-busy',
      'browser: main thread busy share',
      run.browser.run.mainThreadBusy,
      'lower',
    );
  }
  return figures;
}
