/**
 * A candidate as a standalone, dependency-free ES module a user can drop
 * into their own code: the heuristic the model wrote, the problem's fix
 * around it (standalone/*.ts, the same outcomes MechLab scored) and a usage
 * example. The heuristic keeps its own scope, so its top-level names never
 * meet the fix's.
 */
import type { ParameterValues } from '../parameters.ts';
import type { ProblemId } from '../problem.ts';
import { problemById } from '../problems/index.ts';
import type { RunMeta } from '../evolution/ports.ts';
import type { Candidate } from '../evolution/record.ts';
import type { Outcome } from '../types.ts';
import {
  candidateCode,
  candidateFileName,
  candidateHeader,
  lineComments,
  type ExportedFile,
} from './heuristicFile.ts';
import { checkedParameters, oneLine } from './runDescription.ts';
import { correlatedRevenueFix } from './standalone/correlatedRevenue.ts';
import { singleItemRevenueFix } from './standalone/singleItemRevenue.ts';
import type { StandaloneFix } from './standalone/standaloneFix.ts';
import { vcgRedistributionFix } from './standalone/vcgRedistribution.ts';

const standaloneFixes: Readonly<Record<ProblemId, (values: ParameterValues) => StandaloneFix>> = {
  'single-item-revenue': singleItemRevenueFix,
  'vcg-redistribution': vcgRedistributionFix,
  'correlated-revenue': correlatedRevenueFix,
};

/** Returns the fix of `problem` with the checked parameters `values`, as standalone module source. */
export function standaloneFix(problem: ProblemId, values: ParameterValues): StandaloneFix {
  return standaloneFixes[problem](values);
}

/** Returns the bids of the usage example of a module for `problem` with checked parameters `values`. */
export function usageBids(problem: ProblemId, values: ParameterValues): readonly number[] {
  return standaloneFix(problem, values).exampleBids;
}

/** Returns `x` for a comment: at most 6 decimals, no trailing zeros. */
function shortNumber(x: number): string {
  return String(Number(x.toFixed(6)));
}

/** Returns an outcome as a JavaScript object literal, numbers shortened. */
export function outcomeText(outcome: Outcome): string {
  const list = (xs: readonly number[]) => `[${xs.map(shortNumber).join(', ')}]`;
  const rebates = outcome.rebates ? `, rebates: ${list(outcome.rebates)}` : '';
  return `{ allocation: ${list(outcome.allocation)}, payments: ${list(outcome.payments)}${rebates} }`;
}

/**
 * Returns the mechanism module of `candidate` of the run `meta`. `usage`,
 * when given, is the fixed mechanism's outcome at usageBids() as the
 * inspection worker computed it (candidate code never runs here); the
 * example then shows it. Throws for a candidate without code.
 */
export function mechanismModule(candidate: Candidate, meta: RunMeta, usage?: Outcome): ExportedFile {
  const code = candidateCode(candidate);
  const problem = problemById(meta.settings.problem);
  const fix = standaloneFix(problem.id, checkedParameters(meta.settings));
  const name = candidateFileName(candidate, meta, '.mechanism.mjs');
  const heuristic = problem.heuristic.name;
  const keeps =
    problem.id === 'vcg-redistribution'
      ? ', individually rational and never in deficit'
      : ' and individually rational';
  const header = [
    `MechLab mechanism ${candidate.id} from the run "${oneLine(meta.name)}"`,
    ...candidateHeader(candidate, meta),
    '',
    'A standalone ES module with no dependencies: the heuristic the model wrote, and',
    `${fix.title},`,
    `which make the mechanism strategy-proof${keeps} on every profile.`,
    'Its outcomes are the ones MechLab scored.',
    '',
    'Usage:',
    `  import { mechanism } from './${name}';`,
    `  const outcome = mechanism([${fix.exampleBids.join(', ')}]);`,
    ...(usage ? [`  // → ${outcomeText(usage)}`] : []),
    `Exports: mechanism(bids) and the heuristic ${heuristic}(${problem.heuristic.parameters.join(', ')}).`,
  ];
  const text = [
    lineComments(header),
    '',
    '// ── The heuristic, as the model wrote it (in its own scope) ──',
    `const ${heuristic} = (() => {`,
    code.trimEnd(),
    `return ${heuristic};`,
    '})();',
    '',
    '// ── The mechanism around it ──',
    fix.source,
    '',
    `export { ${heuristic} };`,
    '',
  ].join('\n');
  return { name, text, type: 'text/javascript' };
}
