/**
 * The model's one-line idea, kept as the candidate's thought: EoH asks for
 * it "inside a brace" before the code; small models also write it as an
 * "Idea:" or "Thought:" line.
 */

/** Longest thought kept, in characters. */
export const maxThoughtLength = 400;

const braced = /\{([^{}]{3,600})\}/g;
const labelled =
  /^[ \t>*#_-]*(?:\d+[.)][ \t]*)?[*_]*(?:(?:key|main|new|core|my)[ \t]+)?(?:idea|thought|approach)[ \t]*[*_]*[ \t]*[:：][*_]*[ \t]*(.*)$/gim;

/**
 * Returns the first idea written in braces (a few words of prose, at most
 * four lines, not code or JSON) or, failing that, the text of the first
 * "Idea:"/"Thought:"/"Approach:" line (or of the line after it when it is
 * empty); null if there is neither. `prose` is the reply with its code masked.
 */
export function findThought(prose: string): string | null {
  for (const match of prose.matchAll(braced)) {
    const inside = match[1];
    if (looksLikeIdea(inside)) return clean(inside);
  }
  for (const match of prose.matchAll(labelled)) {
    let line = match[1];
    if (!line.trim()) {
      const after = prose.slice(match.index + match[0].length).match(/^\s*\n[ \t]*(\S[^\n]*)/);
      line = after ? after[1] : '';
    }
    const thought = clean(line.replace(/^\s*\{([^{}]*)\}\s*$/, '$1'));
    if (thought) return thought;
  }
  return null;
}

function looksLikeIdea(inside: string): boolean {
  if ((inside.match(/\n/g)?.length ?? 0) > 3) return false;
  if (/"\s*:|;|=>|\$\{/.test(inside)) return false;
  return (inside.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 3;
}

function clean(text: string): string {
  const thought = text
    .replace(/\s+/g, ' ')
    .replace(/^[\s*_"'`]+|[\s*_"'`]+$/g, '')
    .trim();
  return thought.length > maxThoughtLength ? `${thought.slice(0, maxThoughtLength - 1)}…` : thought;
}
