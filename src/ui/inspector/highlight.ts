/**
 * JavaScript highlighting with highlight.js: only its core and the
 * JavaScript grammar, loaded on first use so the page does not wait for it.
 * Its HTML is read back into plain segments (text and token classes), so
 * the page renders text nodes and never inserts markup.
 */

/** A run of code text and the highlight.js classes of the tokens around it ('' for none). */
export interface HighlightSegment {
  readonly text: string;
  readonly className: string;
}

const entities: Readonly<Record<string, string>> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
};

/**
 * Returns the segments of highlight.js output `html`, which consists of
 * escaped text and nested `<span class="…">` elements only.
 */
export function segmentsOf(html: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  const classes: string[] = [];
  for (const [token, className] of html.matchAll(/<span class="([^"]*)">|<\/span>|[^<]+/g)) {
    if (className !== undefined) classes.push(className);
    else if (token === '</span>') classes.pop();
    else {
      const text = token.replace(/&(lt|gt|amp|quot|#x27|#39);/g, (entity) => entities[entity]);
      segments.push({ text, className: classes.join(' ') });
    }
  }
  return segments;
}

type Highlighter = (code: string) => HighlightSegment[];

let loading: Promise<Highlighter> | null = null;

/** Returns a promise of the highlighter, loading highlight.js once. */
export function javascriptHighlighter(): Promise<Highlighter> {
  loading ??= Promise.all([
    import('highlight.js/lib/core'),
    import('highlight.js/lib/languages/javascript'),
  ]).then(([{ default: hljs }, { default: javascript }]) => {
    hljs.registerLanguage('javascript', javascript);
    return (code: string) =>
      segmentsOf(hljs.highlight(code, { language: 'javascript', ignoreIllegals: true }).value);
  });
  return loading;
}
