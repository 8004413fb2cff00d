/**
 * The parts every prompt is made of (mechanism-notes §4): a short system
 * message with the output format, the problem in plain language, the
 * skeleton around the heuristic, the heuristic's signature and doc, the
 * parents with their scores, and an optional block of examples. Kept
 * terse on purpose: 0.5–3B models have small context windows.
 */
import type { HeuristicSignature, ProblemInstance } from '../problem.ts';
import type { Candidate, ChatMessage } from './record.ts';

/** Options of a prompt beyond its operator, instance and parents. */
export interface PromptSettings {
  /**
   * A neural network's outputs on chosen inputs (NNA-AMD-LLM,
   * docs/nn-assisted.md), preformatted by src/core/nn; shown as their own
   * block in every prompt, and what the `pbe` operator asks to explain.
   */
  readonly examples?: string;
  /** The network's score after the fix, on the run's samples; shown with the examples. */
  readonly networkScore?: number;
}

/**
 * A prompt operator: a pure function from the instance and the parents to
 * the chat messages. Parents may come in any order; operators sort them by
 * ascending score (best last, as FunSearch shows them) with `byAscendingScore`.
 */
export type PromptOperator = (
  instance: ProblemInstance,
  parents: readonly Candidate[],
  settings?: PromptSettings,
) => ChatMessage[];

/** Returns `function name(a, b, c)`. */
export function functionHeader(signature: HeuristicSignature, name = signature.name): string {
  return `function ${name}(${signature.parameters.join(', ')})`;
}

/** Returns the system message: what to write and in which format. */
export function systemMessage(signature: HeuristicSignature): ChatMessage {
  const content = [
    'You write JavaScript for MechLab, a search for good mechanisms. Reply with a one-line idea in braces, then one function in a ```javascript fence:',
    '{your idea in one sentence}',
    '```javascript',
    `${functionHeader(signature)} {`,
    '  …',
    '}',
    '```',
    `Plain JavaScript only: no TypeScript, no imports, no text after the code. Add other functions only as helpers that \`${signature.name}\` calls.`,
  ].join('\n');
  return { role: 'system', content };
}

/** Returns the problem's description, the skeleton and the function to write, as prompt sections. */
export function problemSections(instance: ProblemInstance): string[] {
  const signature = instance.problem.heuristic;
  return [
    section('Problem', instance.describe().trim()),
    section('Code around your function', fence(instance.skeleton().trim())),
    section('Your function', fence(`${docComment(signature.doc)}\n${functionHeader(signature)}`)),
  ];
}

/** Returns `doc` as a JSDoc comment (unchanged if it already is a comment). */
export function docComment(doc: string): string {
  const text = doc.trim();
  if (text.startsWith('/*') || text.startsWith('//')) return text;
  return ['/**', ...text.split('\n').map((line) => ` * ${line.trim()}`.trimEnd()), ' */'].join('\n');
}

/** Returns the optional examples block, or nothing. */
export function exampleSections(settings: PromptSettings | undefined): string[] {
  const examples = settings?.examples?.trim();
  if (!examples) return [];
  const score = settings?.networkScore;
  const intro =
    score === undefined
      ? 'A neural network trained for this problem returns these values on chosen inputs:'
      : `A neural network trained for this problem scores ${formatScore(score)} after the same fix. It returns these values on chosen inputs:`;
  // A plain fence: the rows are calls with their results, not code to run.
  return [section('Examples from a neural network', `${intro}\n\`\`\`text\n${examples}\n\`\`\``)];
}

/** Returns a `## title` section. */
export function section(title: string, body: string): string {
  return `## ${title}\n${body}`;
}

/** Returns `code` in a javascript fence. */
export function fence(code: string): string {
  return `\`\`\`javascript\n${code}\n\`\`\``;
}

/** Returns the user message made of `sections`. */
export function userMessage(sections: readonly string[]): ChatMessage {
  return { role: 'user', content: sections.join('\n\n') };
}

/** Returns the parents that have code, sorted by ascending score (unscored first; stable for ties). */
export function byAscendingScore(parents: readonly Candidate[]): Candidate[] {
  return parents
    .filter((p) => p.code !== null)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.score ?? -Infinity) - (b.p.score ?? -Infinity) || a.i - b.i)
    .map(({ p }) => p);
}

/** Returns a score with four significant digits, or 'none'. */
export function formatScore(score: number | null): string {
  if (score === null || !Number.isFinite(score)) return 'none';
  return String(Number(score.toPrecision(4)));
}

/** Returns a parent as EoH shows it, under a heading of `level` (2 or 3): its score, its idea if it wrote one, and its code. */
export function parentBlock(title: string, parent: Candidate, level = 3): string {
  const idea = parent.thought ? `Idea: ${parent.thought}\n` : '';
  return `${'#'.repeat(level)} ${title} (score ${formatScore(parent.score)})\n${idea}${fence(parent.code ?? '')}`;
}
