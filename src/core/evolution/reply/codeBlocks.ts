/**
 * The layout of a model's reply: markdown code fences (``` or ~~~, with any
 * language tag or none, indented inside list items, closed or cut off) and
 * the prose between them; and the `<think>` blocks of reasoning models.
 * Offsets always refer to the reply itself, so errors can point at its lines.
 */

export interface TextRegion {
  /** Offsets of the region's text: the inside of a fence, or prose between fences. */
  readonly from: number;
  readonly to: number;
  readonly fenced: boolean;
  /** The fence's language tag in lower case; '' for an untagged fence and for prose. */
  readonly language: string;
}

/** Language tags a fence may carry; any other first word on a fence line is taken as code. */
const languageTags = new Set([
  'js',
  'javascript',
  'jsx',
  'mjs',
  'cjs',
  'node',
  'nodejs',
  'ts',
  'typescript',
  'tsx',
  'json',
  'python',
  'py',
  'python3',
  'text',
  'txt',
  'plaintext',
  'code',
  'c',
  'cpp',
  'c++',
  'java',
  'csharp',
  'go',
  'rust',
  'markdown',
  'md',
  'es6',
  'ecmascript',
]);

const fenceLine = /^[ \t]*(`{3,}|~{3,})(.*)$/;

/**
 * Splits what follows a fence's marker into its language tag and any code
 * written on the same line. A single unknown word is taken as a tag too.
 */
function fenceInfo(info: string): { language: string; code: string } {
  const tag = /^\s*([A-Za-z][\w+#.-]*)/.exec(info);
  if (!tag) return { language: '', code: info };
  const word = tag[1].toLowerCase();
  const rest = info.slice(tag[0].length);
  if (languageTags.has(word)) return { language: word, code: rest };
  if (!rest.trim()) return { language: word, code: '' };
  return { language: '', code: info };
}

/**
 * Returns the fences of `text` and the prose between them, in order. A fence
 * left open runs to the end of the text; a line that ends with the fence's
 * marker closes it (models sometimes write `}```).
 */
export function textRegions(text: string): TextRegion[] {
  const regions: TextRegion[] = [];
  let prose = 0;
  let fence: { marker: string; from: number; language: string } | null = null;
  for (let at = 0; at <= text.length;) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(at, end);
    if (!fence) {
      const open = fenceLine.exec(line);
      if (open) {
        if (at > prose) regions.push({ from: prose, to: at, fenced: false, language: '' });
        const { language, code } = fenceInfo(open[2]);
        const codeStart = end - code.length;
        const marker = open[1];
        const closing = code.trimEnd();
        if (closing.length > 3 && closing.endsWith(marker.slice(0, 3))) {
          regions.push({ from: codeStart, to: codeStart + closing.length - 3, fenced: true, language });
          prose = end;
        } else fence = { marker, from: code.trim() ? codeStart : end + 1, language };
      }
    } else {
      const close = fenceLine.exec(line);
      const closesHere =
        close &&
        close[1][0] === fence.marker[0] &&
        close[1].length >= fence.marker.length &&
        !close[2].trim();
      const trailing = line.trimEnd();
      const marker = fence.marker[0].repeat(3);
      if (closesHere || (trailing.endsWith(marker) && trailing.length > marker.length)) {
        const to = closesHere ? at : at + trailing.length - marker.length;
        regions.push({ from: Math.min(fence.from, to), to, fenced: true, language: fence.language });
        fence = null;
        prose = end;
      }
    }
    if (newline < 0) break;
    at = newline + 1;
  }
  if (fence)
    regions.push({
      from: Math.min(fence.from, text.length),
      to: text.length,
      fenced: true,
      language: fence.language,
    });
  else if (prose < text.length) regions.push({ from: prose, to: text.length, fenced: false, language: '' });
  return regions;
}

const thinking = /<(think|thinking|reasoning)>[\s\S]*?(?:<\/\1>|$)/gi;

/** Returns the spans of `<think>…</think>` blocks (an unclosed one runs to the end). */
export function thinkingSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const match of text.matchAll(thinking)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

/** Returns `text` with every character in `spans` but line breaks replaced by spaces, so offsets stay valid. */
export function maskSpans(text: string, spans: readonly (readonly [number, number])[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (to <= at) continue;
    const start = Math.max(from, at);
    out += text.slice(at, start) + text.slice(start, to).replace(/[^\n]/g, ' ');
    at = to;
  }
  return out + text.slice(at);
}
