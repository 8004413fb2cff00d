/**
 * A run as a short Markdown report: the settings, the model, the outcome,
 * the baselines beside the best candidate, the score curve in figures and
 * the best candidates with their code. Plain text that prints well and
 * reads well in any Markdown viewer.
 */
import type { RunMeta, RunProgress } from '../evolution/ports.ts';
import type { Candidate } from '../evolution/record.ts';
import { problemById } from '../problems/index.ts';
import type { BaselineResult } from '../types.ts';
import type { ExportedFile } from './heuristicFile.ts';
import { cell, fencedCode, markdownTable } from './markdown.ts';
import {
  bestBaseline,
  checkedParameters,
  decimal,
  fileStem,
  isBound,
  objectiveName,
  oneLine,
  parametersText,
  scoreText,
  signedDecimal,
} from './runDescription.ts';

/** Best candidates shown with their code. */
export const reportedCandidates = 3;
/** Rows of the score-curve table at most. */
const curveRows = 15;

export interface RunReportInput {
  readonly meta: RunMeta;
  readonly progress: RunProgress | null;
  readonly candidates: readonly Candidate[];
  /** The baselines on the run's samples; null when they are not known (yet). */
  readonly baselines: readonly BaselineResult[] | null;
  /** When the report is made, in milliseconds since the epoch. */
  readonly now: number;
}

/** Returns a time as "2025-01-02 03:04 UTC". */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Returns the candidates with a score, best first, each code only once (the earliest keeps it). */
export function rankedCandidates(candidates: readonly Candidate[]): Candidate[] {
  const scored = candidates.filter((c) => c.status === 'ok' && c.score !== null);
  const ranked = scored.toSorted((a, b) => b.score! - a.score! || a.iteration - b.iteration);
  const seen = new Set<string>();
  return ranked.filter((c) => {
    const key = (c.code ?? '').trim();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function settingsSection({ meta }: RunReportInput): string {
  const { settings } = meta;
  const problem = problemById(settings.problem);
  const { search, budget, generation } = settings;
  const weights = Object.entries(search.operatorWeights)
    .map(([op, w]) => `${op} ${w}`)
    .join(' · ');
  const limits = [
    budget.candidates === undefined ? null : `${budget.candidates} candidates`,
    budget.modelCalls === undefined ? null : `${budget.modelCalls} model calls`,
    budget.seconds === undefined ? null : `${budget.seconds} s`,
  ].filter((x) => x !== null);
  const model = meta.model ? `${meta.model.backend} / ${meta.model.model}` : 'none recorded';
  return [
    '## Settings',
    '',
    markdownTable(
      ['Setting', 'Value'],
      [
        ['Problem', `${problem.title} (\`${problem.id}\`)`],
        ['Parameters', parametersText(checkedParameters(settings))],
        ['Model', model],
        [
          'Sampling',
          `temperature ${generation.temperature}, top-p ${generation.topP}, at most ${generation.maxTokens} tokens per reply`,
        ],
        [
          'Search',
          `${search.database.islands} islands, ${search.parentsPerPrompt} parents per prompt, repair probability ${search.repairProbability}, pipeline depth ${search.pipelineDepth}`,
        ],
        ['Operator weights', weights],
        [
          'Evaluation',
          `${search.samples} sampled profiles, seed ${search.seed}, at most ${search.evaluationTimeoutMs / 1000} s per candidate`,
        ],
        ['Budget', limits.length > 0 ? limits.join(', ') : 'none: runs until stopped'],
      ],
    ),
  ].join('\n');
}

function outcomeSection({ meta, progress, candidates, baselines }: RunReportInput): string {
  const problem = problemById(meta.settings.problem);
  const written = candidates.filter((c) => c.operator !== 'seed');
  const counts = new Map<string, number>();
  for (const c of written) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const valid = counts.get('ok') ?? 0;
  const share = written.length > 0 ? `${Math.round((100 * valid) / written.length)}%` : '—';
  const statuses = [...counts].map(([status, count]) => `${status} ${count}`).join(' · ');
  const [best] = rankedCandidates(candidates);
  const lines = ['## Outcome', ''];
  if (best) {
    lines.push(
      `- Best: **${best.id}**, ${objectiveName(problem.id)} ${scoreText(best.score, best.standardError)}, ` +
        `found at iteration ${best.iteration} by ${best.operator} on island ${best.island}.`,
    );
    const top = baselines ? bestBaseline(baselines) : null;
    if (top) {
      lines.push(
        `- Against the best baseline, ${oneLine(top.name)} (${scoreText(top.score, top.standardError)}): ` +
          `${signedDecimal(best.score! - top.score)}.`,
      );
    }
  } else {
    lines.push('- No candidate has a score yet.');
  }
  lines.push(
    `- Candidates: ${candidates.length} (${written.length} written by the model); valid ${share}` +
      (statuses ? `: ${statuses}.` : '.'),
  );
  if (progress) {
    lines.push(
      `- Status: ${progress.status}, ${progress.modelCalls} model calls in ${Math.round(progress.elapsedSeconds)} s of running time.`,
    );
  }
  const used = written.filter((c) => c.usage !== null);
  if (used.length > 0) {
    const prompt = used.reduce((a, c) => a + c.usage!.promptTokens, 0);
    const completion = used.reduce((a, c) => a + c.usage!.completionTokens, 0);
    const speed = used.reduce((a, c) => a + c.usage!.tokensPerSecond, 0) / used.length;
    lines.push(
      `- Model usage: ${prompt} prompt tokens, ${completion} completion tokens, ${speed.toFixed(1)} tokens/s on average.`,
    );
  }
  return lines.join('\n');
}

function baselinesSection({ baselines, candidates }: RunReportInput): string {
  if (baselines === null) return '## Baselines\n\nNot computed for this report.';
  const [best] = rankedCandidates(candidates);
  const worst = baselines.some((b) => b.worstCase !== undefined);
  const rows = baselines.map((b) => [
    `${b.name}${isBound(b) ? ' (bound)' : ''}`,
    scoreText(b.score, b.standardError),
    decimal(b.theory),
    ...(worst ? [decimal(b.worstCase)] : []),
    best ? signedDecimal(best.score! - b.score) : '—',
  ]);
  return [
    '## Baselines',
    '',
    'Scored on the same sampled profiles as every candidate.',
    '',
    markdownTable(
      ['Baseline', 'Score', 'Theory', ...(worst ? ['Worst case'] : []), 'Best candidate − baseline'],
      rows,
    ),
  ].join('\n');
}

/** Returns each point where the best score rose: [iteration, candidate id, best score]. */
export function improvements(candidates: readonly Candidate[]): [number, string, number][] {
  const steps: [number, string, number][] = [];
  let top = -Infinity;
  for (const c of candidates) {
    if (c.status === 'ok' && c.score !== null && c.score > top) {
      top = c.score;
      steps.push([c.iteration, c.id, top]);
    }
  }
  return steps;
}

function curveSection({ candidates }: RunReportInput): string {
  const steps = improvements(candidates);
  if (steps.length === 0) return '## Score curve\n\nNo candidate has a score yet.';
  // Keep the first and the latest improvements when there are many.
  const shown = steps.length > curveRows ? [...steps.slice(0, 5), ...steps.slice(-(curveRows - 5))] : steps;
  const rows = shown.map(([iteration, id, score]) => [String(iteration), id, decimal(score)]);
  const skipped = steps.length - shown.length;
  return [
    '## Score curve',
    '',
    `The best score so far rose ${steps.length} time${steps.length === 1 ? '' : 's'} over ${candidates.length} candidates` +
      (skipped > 0 ? ` (${skipped} middle steps left out).` : '.'),
    '',
    markdownTable(['Iteration', 'Candidate', 'Best so far'], rows),
  ].join('\n');
}

function candidatesSection({ candidates }: RunReportInput): string {
  const best = rankedCandidates(candidates).slice(0, reportedCandidates);
  if (best.length === 0) return '';
  const blocks = best.map((c, k) => {
    const parents = c.parentIds.length > 0 ? ` from ${c.parentIds.join(', ')}` : '';
    const metrics = c.metrics.map((m) => `${cell(m.label)}: ${scoreText(m.value, m.standardError ?? null)}`);
    return [
      `### ${k + 1}. ${c.id} — ${scoreText(c.score, c.standardError)}`,
      '',
      ...(c.thought ? [`*Idea:* ${oneLine(c.thought)}`, ''] : []),
      `${c.operator}${parents}, island ${c.island}, iteration ${c.iteration}.` +
        (c.verification
          ? ` Verification ${c.verification.passed ? 'passed' : 'failed'} (${c.verification.checks} checks).`
          : ''),
      '',
      ...metrics.map((m) => `- ${m}`),
      ...(metrics.length > 0 ? [''] : []),
      fencedCode(c.code ?? '', 'js'),
    ].join('\n');
  });
  return ['## Best candidates', ...blocks].join('\n\n');
}

/** Returns the Markdown text of the report. */
export function runReportText(input: RunReportInput): string {
  const { meta, now } = input;
  const problem = problemById(meta.settings.problem);
  const describe = problem.configure(meta.settings.parameters).describe();
  return (
    [
      `# MechLab run report: ${oneLine(meta.name)}`,
      '',
      `Run \`${meta.id}\`, created ${utc(meta.createdAt)}; report made ${utc(now)}.`,
      '',
      `> ${oneLine(describe)}`,
      settingsSection(input),
      outcomeSection(input),
      baselinesSection(input),
      curveSection(input),
      candidatesSection(input),
    ]
      .filter((part) => part !== '')
      .join('\n\n') + '\n'
  );
}

/** Returns the report of a run as a Markdown file. */
export function runReport(input: RunReportInput): ExportedFile {
  return {
    name: `${fileStem(input.meta.name)}-report.md`,
    text: runReportText(input),
    type: 'text/markdown',
  };
}
