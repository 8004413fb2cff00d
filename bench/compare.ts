/**
 * No regression hides: every figure of a benchmark run as one flat list of
 * named numbers, and the change of each against the last committed
 * bench/results.json (git's HEAD), which may be in the older format of the
 * first benchmark (cases, searches, browser) — those figures are read too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One figure: a stable key, what it means, its value, and which way is better. */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly better: 'higher' | 'lower' | 'neither';
}

/** A figure with the one it replaces. */
export interface Change extends Figure {
  readonly before: number | null;
  /** (now − before) / before, or null without a comparable figure. */
  readonly relative: number | null;
  /** True when the figure got worse by more than `worseBeyond`. */
  readonly worse: boolean;
}

/** Relative changes smaller than this count as noise, not as a regression. */
export const worseBeyond = 0.1;

/** Returns the changes of `now` against `before`, in the order of `now`. */
export function compareFigures(now: readonly Figure[], before: readonly Figure[]): Change[] {
  const previous = new Map(before.map((f) => [f.key, f.value]));
  return now.map((figure) => {
    const old = previous.get(figure.key) ?? null;
    const relative = old === null || old === 0 || !Number.isFinite(old) ? null : (figure.value - old) / old;
    const worse =
      relative !== null &&
      ((figure.better === 'higher' && relative < -worseBeyond) ||
        (figure.better === 'lower' && relative > worseBeyond));
    return { ...figure, before: old, relative, worse };
  });
}

/** Returns a change as "+12%", "−3%", or "new". */
export function changeText(change: Change): string {
  if (change.relative === null) return change.before === null ? 'new' : '';
  const percent = Math.round(change.relative * 100);
  return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)}%${change.worse ? ' worse' : ''}`;
}

interface OldMeasured {
  readonly median: number;
}

interface OldResults {
  readonly cases?: readonly {
    readonly problem: string;
    readonly parameters: Record<string, unknown>;
    readonly secondsPerCandidate: OldMeasured;
    readonly heuristicCallsPerSecond: OldMeasured;
    readonly profilesPerSecond: OldMeasured;
  }[];
  readonly searches?: readonly { problem: string; workers: number; candidatesPerMinute: number }[];
  readonly browser?: { candidatesPerMinute: number; mainThreadBusy: number } | null;
}

/**
 * Returns the figures of a results file: its `figures` list, or for the
 * first benchmark's format the figures it has that this one measures the
 * same way (its cases were the default sizes).
 */
export function figuresOf(results: unknown): Figure[] {
  const data = results as { figures?: Figure[] } & OldResults;
  if (Array.isArray(data.figures)) return data.figures;
  const figures: Figure[] = [];
  for (const c of data.cases ?? []) {
    const id = `${c.problem}/default`;
    figures.push(
      { key: `${id}:profiles-per-second`, label: '', value: c.profilesPerSecond.median, better: 'higher' },
      {
        key: `${id}:achieved-calls-per-second`,
        label: '',
        value: c.heuristicCallsPerSecond.median,
        better: 'higher',
      },
      {
        key: `${id}:fix-evaluation-seconds`,
        label: '',
        value: c.secondsPerCandidate.median,
        better: 'lower',
      },
    );
  }
  for (const s of data.searches ?? []) {
    figures.push({
      // The first benchmark's searches had 100 candidates each.
      key: `search/${s.problem}/100:candidates-per-minute:${s.workers}`,
      label: '',
      value: s.candidatesPerMinute,
      better: 'higher',
    });
  }
  if (data.browser) {
    figures.push(
      {
        key: 'browser:run-candidates-per-minute',
        label: '',
        value: data.browser.candidatesPerMinute,
        better: 'higher',
      },
      { key: 'browser:main-thread-busy', label: '', value: data.browser.mainThreadBusy, better: 'lower' },
    );
  }
  return figures;
}

/**
 * Returns the last committed results (git show HEAD:bench/results.json),
 * or the file on disk when git cannot tell, or null when there is none.
 */
export function lastCommittedResults(
  root: string,
): { readonly source: string; readonly data: unknown } | null {
  try {
    const text = execFileSync('git', ['show', 'HEAD:bench/results.json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { source: 'the last committed bench/results.json', data: JSON.parse(text) };
  } catch {
    const path = join(root, 'bench/results.json');
    if (!existsSync(path)) return null;
    return { source: 'bench/results.json on disk', data: JSON.parse(readFileSync(path, 'utf8')) };
  }
}
