/**
 * The prompt operators (mechanism-notes §4): FunSearch's "versions sorted
 * by score, write the next one", EoH's E1 (a new idea), E2 (the parents'
 * common backbone, then a new design), M1 (modify one parent), M2 (retune
 * its constants), NNA-AMD-LLM's programming by example (explain a neural
 * network's examples in code, then beat it), and a repair prompt that shows
 * a failed candidate its error. Each is a pure function of the instance,
 * the parents and the settings; the caller draws which one to use.
 */
import type { ProblemInstance } from '../problem.ts';
import type { Metric } from '../types.ts';
import {
  byAscendingScore,
  exampleSections,
  fence,
  formatScore,
  functionHeader,
  parentBlock,
  problemSections,
  section,
  systemMessage,
  userMessage,
  type PromptOperator,
  type PromptSettings,
} from './prompt.ts';
import type { Candidate, CandidateStatus, ChatMessage, OperatorId } from './record.ts';
import { maskSpans, thinkingSpans } from './reply/codeBlocks.ts';
import { renameIdentifier } from './reply/renameIdentifier.ts';

const ideaFirst = 'State its idea in one sentence in braces, then write the function.';

/** Returns the messages of a prompt whose user message is the problem, then `middle`, then `task`. */
function prompt(
  instance: ProblemInstance,
  middle: readonly string[],
  task: string,
  settings: PromptSettings | undefined,
): ChatMessage[] {
  const signature = instance.problem.heuristic;
  return [
    systemMessage(signature),
    userMessage([
      ...problemSections(instance),
      ...middle,
      ...exampleSections(settings),
      section('Task', task),
    ]),
  ];
}

/**
 * FunSearch: the parents, worst to best, renamed `name_v0`, `name_v1`, … in
 * one code block with their scores; the model writes the next version
 * under the expected name.
 */
export const funsearch: PromptOperator = (instance, parents, settings) => {
  const { name } = instance.problem.heuristic;
  const versions = byAscendingScore(parents).map((parent, i) => {
    const improved = i > 0 ? `// Improved version of \`${name}_v${i - 1}\`.\n` : '';
    const code = renameIdentifier(parent.code ?? '', name, `${name}_v${i}`);
    return `// Score ${formatScore(parent.score)}\n${improved}${code}`;
  });
  if (versions.length === 0) return e1(instance, parents, settings);
  const last = `${name}_v${versions.length - 1}`;
  return prompt(
    instance,
    [section('Versions so far, worst to best', fence(versions.join('\n\n')))],
    `Write \`${functionHeader(instance.problem.heuristic)}\`, an improved version of \`${last}\` with a higher score. Name it \`${name}\`.`,
    settings,
  );
};

/** Returns the parents as EoH lists them, worst to best, under a heading. */
function parentList(parents: readonly Candidate[]): string[] {
  const sorted = byAscendingScore(parents);
  if (sorted.length === 0) return [];
  return [
    section(
      'Functions so far, worst to best',
      sorted.map((parent, i) => parentBlock(`Function ${i + 1}`, parent)).join('\n\n'),
    ),
  ];
}

/** EoH E1: a new function whose idea differs from every parent's (with no parents: a first idea). */
export const e1: PromptOperator = (instance, parents, settings) => {
  const { name } = instance.problem.heuristic;
  const list = parentList(parents);
  const task =
    list.length > 0
      ? `Write a new \`${name}\` whose idea is different from all of the functions above and scores higher. ${ideaFirst}`
      : `Write a \`${name}\` that scores as high as you can. ${ideaFirst}`;
  return prompt(instance, list, task, settings);
};

/** EoH E2: name the parents' common backbone, then build a new design on it. */
export const e2: PromptOperator = (instance, parents, settings) => {
  const { name } = instance.problem.heuristic;
  return prompt(
    instance,
    parentList(parents),
    `First say in one sentence what idea the functions above share. Then write a new \`${name}\` built on that idea but different from each of them, to score higher. ${ideaFirst}`,
    settings,
  );
};

/** Returns the best parent (the one that one-parent operators work on), or null. */
function bestParent(parents: readonly Candidate[]): Candidate | null {
  return byAscendingScore(parents).at(-1) ?? null;
}

/**
 * Returns a one-parent operator: the best parent as "Current function" and
 * the task `instruction(name)`; with no parent it falls back to E1.
 */
function onBestParent(instruction: (name: string) => string): PromptOperator {
  return (instance, parents, settings) => {
    const parent = bestParent(parents);
    if (!parent) return e1(instance, parents, settings);
    return prompt(
      instance,
      [parentBlock('Current function', parent, 2)],
      instruction(instance.problem.heuristic.name),
      settings,
    );
  };
}

/** EoH M1: a modified version of the best parent. */
export const m1: PromptOperator = onBestParent(
  (name) =>
    `Write a modified version of this \`${name}\` that scores higher: change how it works, not only its constants. ${ideaFirst}`,
);

/** EoH M2: the best parent with its constants retuned. */
export const m2: PromptOperator = onBestParent(
  (name) =>
    `Find the main constants of this \`${name}\` (thresholds, weights, exponents) and write it again with values that score higher. Keep its structure. In braces, say which values you changed, then write the function.`,
);

/**
 * NNA-AMD-LLM's programming by example (docs/nn-assisted.md): the network's
 * examples and score (from the settings) and the best parent; the model
 * explains what the network does in readable code, then improves on it.
 * Without examples it falls back to E1.
 */
export const pbe: PromptOperator = (instance, parents, settings) => {
  if (!settings?.examples?.trim()) return e1(instance, parents, settings);
  const { name } = instance.problem.heuristic;
  const parent = bestParent(parents);
  const network =
    settings.networkScore === undefined
      ? 'the network'
      : `the network (${formatScore(settings.networkScore)})`;
  const rivals = parent ? `${network} and the best function so far` : network;
  return prompt(
    instance,
    parent ? [parentBlock('Best function so far', parent, 2)] : [],
    `Write a \`${name}\` that reproduces the network's examples with a few readable rules, and change those rules where that should make it score higher than ${rivals}. In braces, say in one sentence which rules you found and what you changed; then write the function.`,
    settings,
  );
};

type Failure = Exclude<CandidateStatus, 'ok'>;

/**
 * What each kind of failure means and what to do about it, as the repair
 * prompt says it. Parse errors and forbidden code need no advice: their
 * messages (from parseReply and the sandbox) already say what to write.
 */
const failures: Readonly<Record<Failure, { readonly what: string; readonly advice: string }>> = {
  'parse-error': {
    what: 'could not be read as JavaScript',
    advice: '',
  },
  forbidden: {
    what: 'uses something that is not allowed',
    advice: '',
  },
  'runtime-error': {
    what: 'threw an error when it ran',
    advice: 'Check array indices and divisions, and return a value for every input.',
  },
  'invalid-output': {
    what: 'returned output that is not valid',
    advice: 'Return what the comment above the function asks for, for every input.',
  },
  timeout: {
    what: 'took too long',
    advice: 'Keep it simple and fast: no loops that may not end, no large searches.',
  },
  'verification-failed': {
    what: 'gave a mechanism that failed verification',
    advice: 'Keep the function simple and deterministic.',
  },
  duplicate: {
    what: 'behaves exactly like an earlier function',
    advice: 'Write a function that behaves differently.',
  },
  // Never sent for repair (plan.ts repairTarget): listed because the record is keyed by every status.
  'screened-out': {
    what: 'scored too low on a first sample of profiles to be scored on all of them',
    advice: 'Try an idea that scores higher.',
  },
};

/** Longest part of a reply shown back to the model when it had no code, in characters. */
const maxReplyShown = 1200;

/**
 * Repair: shows the candidate to repair (the first parent as given, not
 * sorted) its code — or its reply when no code was found — and the exact
 * error with its line; for a candidate that ran but lost much of its score
 * to the fix, shows the fixed score and the metrics.
 */
export const repair: PromptOperator = (instance, parents, settings) => {
  const { name } = instance.problem.heuristic;
  const failed = parents[0];
  if (!failed) return e1(instance, parents, settings);
  const shown = failed.code ?? failed.reply.replace(/\r\n?/g, '\n');
  const problem = failed.error
    ? errorText(failed.error.reason, failed.error.message, lineOf(shown, failed.error.line))
    : fixCostText(failed.score, failed.metrics);
  const last =
    failed.code !== null
      ? section('Your last function', fence(shown))
      : section('Your last reply', `~~~\n${clip(visibleReply(shown))}\n~~~`);
  return prompt(
    instance,
    [last, section('What went wrong', problem)],
    `Write a corrected \`${name}\`. ${ideaFirst}`,
    settings,
  );
};

function errorText(reason: Failure, message: string, line: string | null): string {
  const failure = failures[reason] ?? failures['runtime-error'];
  const at = line === null ? '' : `\nThe line at fault: \`${line}\``;
  return `It ${failure.what}: ${message.trim()}${at}${failure.advice ? `\n${failure.advice}` : ''}`;
}

function fixCostText(score: number | null, metrics: readonly Metric[]): string {
  const figures = metrics.map((m) => `- ${m.label}: ${formatScore(m.value)}`);
  return [
    `It runs, but the fix that enforces the rules above had to change its decisions, and its score after the fix is ${formatScore(score)}.`,
    ...figures,
    'Write a version that already follows the rules, so that the fix leaves it unchanged.',
  ].join('\n');
}

/** Returns line `line` (1-based) of `text`, trimmed, or null. */
function lineOf(text: string, line: number | undefined): string | null {
  if (line === undefined) return null;
  const found = text.split('\n')[line - 1]?.trim();
  return found ? found : null;
}

/** Returns the reply without its `<think>` blocks and runs of blank lines. */
function visibleReply(reply: string): string {
  return maskSpans(reply, thinkingSpans(reply))
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function clip(reply: string): string {
  return reply.length > maxReplyShown ? `${reply.slice(0, maxReplyShown)}\n…` : reply;
}

/** The operators by id (the seed is written by MechLab, not prompted). */
export const operators: Readonly<Record<Exclude<OperatorId, 'seed'>, PromptOperator>> = Object.freeze({
  funsearch,
  e1,
  e2,
  m1,
  m2,
  pbe,
  repair,
});
