/**
 * How exports describe a run and a candidate in words: the checked
 * parameters, the score with its standard error, the objective, the
 * `mechlab eval` command that scores a heuristic again, and safe file names.
 * Shared by the heuristic file, the mechanism module and the run report.
 */
import type { ParameterValues } from '../parameters.ts';
import type { ProblemId } from '../problem.ts';
import { problemById } from '../problems/index.ts';
import type { RunMeta, RunSettings } from '../evolution/ports.ts';
import type { BaselineResult } from '../types.ts';

/** What each problem's score measures, in words. */
const objectives: Readonly<Record<ProblemId, string>> = {
  'single-item-revenue': 'expected revenue',
  'vcg-redistribution': "expected fraction of VCG's revenue redistributed",
  'correlated-revenue': 'expected revenue',
};

/** Returns what a score of `problem` measures, e.g. "expected revenue". */
export function objectiveName(problem: ProblemId): string {
  return objectives[problem];
}

/** Returns `value` with 4 decimals, or '—' when it is missing or not finite. */
export function decimal(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** Returns "score ± standard error" with 4 decimals, or '—' without a score. */
export function scoreText(score: number | null, standardError: number | null): string {
  if (score === null || !Number.isFinite(score)) return '—';
  return standardError === null ? decimal(score) : `${decimal(score)} ± ${decimal(standardError)}`;
}

/** Returns the run's parameters checked by its problem, defaults filled in; throws a ParameterError. */
export function checkedParameters(settings: RunSettings): ParameterValues {
  return problemById(settings.problem).configure(settings.parameters).parameters;
}

/** Returns "n = 2, dist = uniform:0:1, grid = 500". */
export function parametersText(values: ParameterValues): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ');
}

/** Returns `word` as a POSIX shell word: bare when it is plainly safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w.:,+\-/=@%]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Returns the `mechlab eval` command that scores the heuristic in `file`
 * on the run's problem, parameters and sample set (same seed and number of
 * samples: the same profiles, so the same score).
 */
export function evalCommand(meta: RunMeta, file: string): string {
  const { settings } = meta;
  const parameters = Object.entries(checkedParameters(settings)).flatMap(([name, value]) => [
    `--${name}`,
    String(value),
  ]);
  const words = [
    'npx',
    'mechlab',
    'eval',
    '--problem',
    settings.problem,
    ...parameters,
    '--samples',
    String(settings.search.samples),
    '--seed',
    String(settings.search.seed),
    '--heuristic',
    file,
  ];
  return words.map(shellWord).join(' ');
}

/** Returns `text` as a file name stem: letters, digits, dots, dashes and underscores; never empty. */
export function fileStem(text: string): string {
  const stem = text
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return stem === '' ? 'mechlab' : stem;
}

/** Returns `text` on one line (newlines and tabs become spaces), for headers and table cells. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Returns whether a baseline is a bound to compare with rather than a mechanism one could run. */
export function isBound(baseline: BaselineResult): boolean {
  return /(^|-)bound($|-)/.test(baseline.id);
}

/** Returns the baseline mechanism with the highest score (bounds excluded), or null. */
export function bestBaseline(baselines: readonly BaselineResult[]): BaselineResult | null {
  let best: BaselineResult | null = null;
  for (const b of baselines) if (!isBound(b) && (best === null || b.score > best.score)) best = b;
  return best;
}

/** Returns a difference with its sign, e.g. "+0.0123" or "−0.0040" (a true minus sign). */
export function signedDecimal(value: number, digits = 4): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return value > 0 ? `+${text}` : `−${text}`;
}
