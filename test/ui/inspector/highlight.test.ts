import { describe, expect, it } from 'vitest';
import { javascriptHighlighter, segmentsOf } from '../../../src/ui/inspector/highlight.ts';
import { RecentCache } from '../../../src/ui/inspector/recentCache.ts';

describe('segmentsOf(html)', () => {
  it('reads nested spans into text with the classes around it, entities decoded', () => {
    const html =
      '<span class="hljs-keyword">if</span> (a &lt; b &amp;&amp; s === &quot;x&quot;) <span class="hljs-title"><span class="hljs-number">1</span>!</span>';
    expect(segmentsOf(html)).toEqual([
      { text: 'if', className: 'hljs-keyword' },
      { text: ' (a < b && s === "x") ', className: '' },
      { text: '1', className: 'hljs-title hljs-number' },
      { text: '!', className: 'hljs-title' },
    ]);
  });
});

describe('javascriptHighlighter()', () => {
  it('marks keywords, numbers and the function name, and gives back the code exactly', async () => {
    const code =
      'function priority(bid, bidder, n) {\n  // a <reserve> & "half"\n  return bid < 0.5 ? -1 : 2 * bid - 1;\n}';
    const highlight = await javascriptHighlighter();
    const segments = highlight(code);
    expect(segments.map((s) => s.text).join('')).toBe(code);
    const of = (className: string) =>
      segments.filter((s) => s.className.includes(className)).map((s) => s.text);
    expect(of('hljs-keyword')).toEqual(['function', 'return']);
    expect(of('hljs-number')).toEqual(['0.5', '1', '2', '1']);
    expect(of('hljs-title')).toEqual(['priority']);
    expect(of('hljs-comment')).toEqual(['// a <reserve> & "half"']);
  });
});

describe('RecentCache', () => {
  it('forgets the least recently stored entry beyond its capacity', () => {
    const cache = new RecentCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });
});
