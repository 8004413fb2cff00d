import { describe, expect, it } from 'vitest';
import { maskSpans, textRegions, thinkingSpans } from '../../../../src/core/evolution/reply/codeBlocks.ts';

/** Returns the regions of `text` as [fenced, language, inside] triples. */
function regions(text: string): [boolean, string, string][] {
  return textRegions(text).map((r) => [r.fenced, r.language, text.slice(r.from, r.to)]);
}

describe('textRegions(reply)', () => {
  it('splits a reply into prose and fences, with the language tag in lower case', () => {
    expect(regions('Hi\n```JavaScript\nf();\n```\nBye')).toEqual([
      [false, '', 'Hi\n'],
      [true, 'javascript', 'f();\n'],
      [false, '', '\nBye'],
    ]);
  });

  it('runs a fence left open to the end of the reply', () => {
    expect(regions('```js\nfunction f() {')).toEqual([[true, 'js', 'function f() {']]);
  });

  it('closes a fence only with the same marker, at least as long', () => {
    expect(regions('~~~\na\n```\nb\n~~~')).toEqual([[true, '', 'a\n```\nb\n']]);
    expect(regions('````\na\n```\nb\n````')).toEqual([[true, '', 'a\n```\nb\n']]);
  });

  it('reads code written on the fence lines themselves', () => {
    expect(regions('```js f(1); ```')).toEqual([[true, 'js', ' f(1); ']]);
    expect(regions('```javascript\nf(2);```\nafter')).toEqual([
      [true, 'javascript', 'f(2);'],
      [false, '', '\nafter'],
    ]);
    expect(regions('```function f() {}\n```')).toEqual([[true, '', 'function f() {}\n']]);
  });

  it('accepts fences indented inside list items', () => {
    expect(regions('1. step\n   ```js\n   f();\n   ```\n2. next')[1]).toEqual([true, 'js', '   f();\n']);
  });

  it('returns the whole reply as prose when it has no fence, and nothing for an empty reply', () => {
    expect(regions('just text')).toEqual([[false, '', 'just text']]);
    expect(regions('')).toEqual([]);
  });
});

describe('thinkingSpans and maskSpans', () => {
  it('find <think>, <thinking> and <reasoning> blocks, an unclosed one running to the end', () => {
    const text = 'a<think>x</think>b<THINKING>y</THINKING>c<reasoning>z';
    expect(thinkingSpans(text).map(([from, to]) => text.slice(from, to))).toEqual([
      '<think>x</think>',
      '<THINKING>y</THINKING>',
      '<reasoning>z',
    ]);
  });

  it('blank the spans but keep every offset and line break', () => {
    const text = 'ab<think>\nxy\n</think>cd';
    const masked = maskSpans(text, thinkingSpans(text));
    expect(masked).toHaveLength(text.length);
    expect(masked).toBe('ab       \n  \n        cd');
  });
});
