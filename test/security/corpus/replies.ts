/** Replies that are not a clean function: the reply parser's part of the sandbox. */
import { group, priority } from './program.ts';

export const replies = group('replies', [
  {
    id: 'reply-prose-only',
    tries: 'a reply with no code at all',
    problem: 'single-item-revenue',
    code: '',
    reply: 'I would raise the reserve price a little; that should help revenue.',
    expect: { status: 'parse-error', reason: /contains no JavaScript function/ },
  },
  {
    id: 'reply-python',
    tries: 'Python instead of JavaScript',
    problem: 'single-item-revenue',
    code: '',
    reply: '```python\ndef priority(bid, bidder, n):\n    return 2 * bid - 1\n```',
    expect: { status: 'parse-error', reason: /is Python/ },
  },
  {
    id: 'reply-cut-off',
    tries: 'a reply cut off inside a string',
    problem: 'single-item-revenue',
    code: '',
    reply: "```javascript\nfunction priority(bid, bidder, n) {\n  const label = 'unfinished",
    expect: { status: 'parse-error', reason: /cut off|does not parse/ },
  },
  {
    id: 'reply-wrong-arity',
    tries: 'the function with a parameter too few',
    problem: 'single-item-revenue',
    code: 'function priority(bid, bidder) {\n  return bid;\n}',
    expect: { status: 'parse-error', reason: /exactly 3 plain parameters/ },
  },
  {
    id: 'reply-top-level-side-effect',
    tries: 'code beside the function that messages the page (the parser keeps only the function)',
    problem: 'single-item-revenue',
    code: '',
    reply:
      "```javascript\nself.postMessage('hello');\nfunction priority(bid, bidder, n) {\n  return 2 * bid - 1.25;\n}\n```",
    expect: { status: 'ok' },
  },
  {
    id: 'reply-helper-with-fetch',
    tries: 'a top-level const the function uses, built with fetch',
    problem: 'single-item-revenue',
    code: "const remote = fetch('https://example.com/table.json');\n" + priority('return remote ? bid : 0;'),
    expect: { status: 'forbidden', reason: /`fetch` is not available/ },
  },
  {
    id: 'reply-typescript',
    tries: 'TypeScript annotations',
    problem: 'single-item-revenue',
    code: 'function priority(bid: number, bidder: number, n: number): number {\n  return 2 * bid - 0.9;\n}',
    expect: { status: 'ok' },
  },
  {
    id: 'reply-huge',
    tries: 'a 200 kB reply (read up to 64 kB)',
    problem: 'single-item-revenue',
    code: '',
    reply: '```javascript\n' + priority('return 2 * bid - 0.8;') + '\n```\n' + '// padding\n'.repeat(20_000),
    expect: { status: 'ok' },
  },
]);
