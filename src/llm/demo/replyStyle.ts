/**
 * Writes a draft as small coding models write replies: mostly EoH's format
 * (the idea in braces, then a javascript fence), sometimes with chatter
 * around it, an explanation after, an untagged fence, TypeScript
 * annotations or the function under another name. parseReply reads all
 * of these; they are here so that the demo shows what it copes with.
 */
import type { DemoProblem, Draft, Draw } from './draw.ts';

const intros = [
  "Sure! Here's an improved version of the function.",
  'Here is a new heuristic that should score better.',
  'Okay, let me try a different approach.',
  'Good idea. I changed the previous version as follows.',
];

const outros = [
  'This should increase the score while keeping the function simple.',
  'Let me know if you want me to tune the constants further!',
  'The constants may need tuning, but the structure should work well.',
  'The function is deterministic and only uses its parameters.',
];

/** Returns the code with its function renamed, as models sometimes rename it (parseReply renames it back). */
function renamed(code: string, name: string, draw: Draw): string {
  const other = draw.pick([`${name}V2`, `improved${name[0].toUpperCase()}${name.slice(1)}`, `new_${name}`]);
  return code.replace(`function ${name}(`, `function ${other}(`);
}

/** Returns the code with TypeScript annotations on its header. */
function typed(code: string, problem: DemoProblem): string {
  return code.replace(new RegExp(`function ${problem.name}\\([^)]*\\)`), problem.typedHeader);
}

/** Returns the text of a reply that says `draft`. */
export function writeReply(draft: Draft, problem: DemoProblem, draw: Draw): string {
  let code = draft.code.trimEnd();
  let language = 'javascript';
  if (draw.chance(0.06)) {
    code = typed(code, problem);
    language = 'typescript';
  }
  if (draw.chance(0.08)) code = renamed(code, problem.name, draw);
  const style = draw.pickWeighted(['eoh', 'chatty', 'explained', 'untagged'] as const, [10, 4, 3, 2]);
  switch (style) {
    case 'eoh':
      return `{${draft.thought}}\n\`\`\`${language}\n${code}\n\`\`\``;
    case 'chatty':
      return `${draw.pick(intros)}\n\n{${draft.thought}}\n\n\`\`\`${language === 'javascript' ? 'js' : 'ts'}\n${code}\n\`\`\`\n\n${draw.pick(outros)}`;
    case 'explained':
      return `Here is the updated function:\n\n\`\`\`${language}\n${code}\n\`\`\`\n\n### Explanation\n- ${draft.thought}\n- ${draw.pick(outros)}`;
    case 'untagged':
      return `{${draft.thought}}\n\n\`\`\`\n${code}\n\`\`\``;
  }
}
