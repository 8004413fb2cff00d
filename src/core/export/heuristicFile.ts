/**
 * A candidate's heuristic as a JavaScript file that `mechlab eval` accepts
 * as it is: a header of line comments (problem, parameters, score ± SE,
 * seed, samples, lineage, the command that scores it again) above the code
 * the model wrote. Line comments, so no text of the run can end the header.
 */
import { problemById } from '../problems/index.ts';
import type { RunMeta } from '../evolution/ports.ts';
import type { Candidate } from '../evolution/record.ts';
import {
  checkedParameters,
  evalCommand,
  fileStem,
  objectiveName,
  oneLine,
  parametersText,
  scoreText,
} from './runDescription.ts';

/** A file to download: its name, its text and its media type. */
export interface ExportedFile {
  readonly name: string;
  readonly text: string;
  readonly type: string;
}

/** Returns the candidate's code, or throws an Error that says why there is none. */
export function candidateCode(candidate: Candidate): string {
  if (candidate.code === null) {
    throw new Error(
      `${candidate.id} has no code to export: no function was found in the model's reply (${candidate.status})`,
    );
  }
  return candidate.code;
}

/** Returns the name of `candidate`'s file of kind `suffix`, e.g. "my-run-c0042.js". */
export function candidateFileName(candidate: Candidate, meta: RunMeta, suffix: string): string {
  return `${fileStem(meta.name)}-${candidate.id}${suffix}`;
}

/** Returns the header lines (without comment markers) that describe `candidate` of the run `meta`. */
export function candidateHeader(candidate: Candidate, meta: RunMeta): string[] {
  const { settings } = meta;
  const problem = problemById(settings.problem);
  const { samples, seed } = settings.search;
  const verification = candidate.verification
    ? ` · verification ${candidate.verification.passed ? 'passed' : 'FAILED'} (${candidate.verification.checks} checks)`
    : '';
  const parents = candidate.parentIds.length > 0 ? ` from ${candidate.parentIds.join(', ')}` : '';
  const model = candidate.generation
    ? ` · model ${candidate.generation.backend}/${candidate.generation.model}`
    : '';
  const lines = [
    `Problem: ${problem.id} — ${problem.title}`,
    `Parameters: ${parametersText(checkedParameters(settings))}`,
    `Score: ${scoreText(candidate.score, candidate.standardError)} (${objectiveName(problem.id)} of the fixed mechanism) on ${samples} sampled profiles, seed ${seed}`,
    `Status: ${candidate.status}${verification}${candidate.error ? ` — ${oneLine(candidate.error.message)}` : ''}`,
    `Lineage: ${candidate.operator}${parents} · island ${candidate.island} · iteration ${candidate.iteration}${model}`,
  ];
  if (candidate.thought) lines.push(`Idea: ${oneLine(candidate.thought)}`);
  return lines;
}

/** Returns `lines` as `// ` comments. */
export function lineComments(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '//' : `// ${line}`)).join('\n');
}

/** Returns the heuristic file of `candidate`: what `mechlab eval --heuristic` reads. Throws without code. */
export function heuristicFile(candidate: Candidate, meta: RunMeta): ExportedFile {
  const code = candidateCode(candidate);
  const name = candidateFileName(candidate, meta, '.js');
  const header = [
    `MechLab heuristic ${candidate.id} from the run "${oneLine(meta.name)}"`,
    ...candidateHeader(candidate, meta),
    '',
    'Score it again with the full verification of the fixed mechanism (the same seed and',
    'number of samples draw the same profiles, so the score is the same):',
    `  ${evalCommand(meta, name)}`,
  ];
  return { name, text: `${lineComments(header)}\n\n${code.trimEnd()}\n`, type: 'text/javascript' };
}
