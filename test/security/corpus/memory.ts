/**
 * Memory bombs. One huge allocation fails at once with a RangeError (the
 * engine's length limits, or the sandbox's cap on typed arrays); memory
 * that grows step by step meets the worker's heap limit in Node, and only
 * the time limit in a browser (no per-worker heap limit there).
 */
import { allocate, group, priority, rebate, reasons } from './program.ts';

const allocation = { status: 'runtime-error', reason: reasons.allocation } as const;
const exhausted = { status: 'runtime-error', reason: reasons.outOfMemory } as const;
/** Long enough for V8 to reach the heap limit and give up (0.7–4 s measured at 64–128 MB on a loaded machine). */
const heapTime = 8_000;
/** A browser gives a worker no heap limit of its own: the time limit ends these there (measured in Chromium at 1 s and 4 s). */
const inBrowser = { status: 'timeout', reason: reasons.timeout } as const;

export const memory = group('memory bombs', [
  {
    id: 'memory-array-2-32',
    tries: 'new Array(2 ** 32)',
    problem: 'single-item-revenue',
    code: priority('const a = new Array(2 ** 32);\n  return a.length;'),
    expect: allocation,
  },
  {
    id: 'memory-array-negative',
    tries: 'new Array(-1)',
    problem: 'vcg-redistribution',
    code: rebate('return new Array(-1).length;'),
    expect: allocation,
  },
  {
    id: 'memory-array-from-huge',
    tries: 'Array.from({ length: 2 ** 32 })',
    problem: 'correlated-revenue',
    code: allocate('return Array.from({ length: 2 ** 32 }).length;'),
    expect: allocation,
  },
  {
    id: 'memory-typed-2-30',
    tries: 'new Float64Array(2 ** 30): 8 GB outside the heap, refused by the cap',
    problem: 'single-item-revenue',
    code: priority('const t = new Float64Array(2 ** 30);\n  return t[0] + bid;'),
    expect: {
      status: 'runtime-error',
      reason:
        /threw RangeError: Invalid typed array length: 1073741824 \(a heuristic's Float64Array may hold at most 4194304 elements\); it ran out of memory/,
    },
  },
  {
    id: 'memory-typed-from',
    tries: 'Int32Array.from an array-like of 10^9 elements',
    problem: 'vcg-redistribution',
    code: rebate('const t = Int32Array.from({ length: 1e9 });\n  return t.length;'),
    expect: {
      status: 'runtime-error',
      reason: /Invalid typed array length: 1000000000 \(a heuristic's Int32Array/,
    },
  },
  {
    id: 'memory-typed-text-length',
    tries: 'a typed array sized by numeric text',
    problem: 'correlated-revenue',
    code: allocate("return new Float64Array('3000000000').length > 0 ? 0 : -1;"),
    expect: allocation,
  },
  {
    id: 'memory-string-doubling',
    tries: 'a string doubled until it is too long',
    problem: 'single-item-revenue',
    code: priority("let s = 'x';\n  while (true) s += s;"),
    expect: {
      status: 'runtime-error',
      reason: /threw RangeError: Invalid string length; it ran out of memory/,
    },
  },
  {
    id: 'memory-string-repeat',
    tries: "'x'.repeat(2 ** 30)",
    problem: 'vcg-redistribution',
    code: rebate("return 'x'.repeat(2 ** 30).length;"),
    expect: { status: 'runtime-error', reason: /Invalid string length/ },
  },
  {
    id: 'memory-array-growth',
    tries: 'an array that grows by 8 MB blocks for ever',
    problem: 'single-item-revenue',
    code: priority('const keep = [];\n  while (true) keep.push(new Array(1e6).fill(bid + 0.5));'),
    expect: exhausted,
    timeLimitMs: heapTime,
    browser: inBrowser,
  },
  {
    id: 'memory-map-growth',
    tries: 'a Map that grows for ever',
    problem: 'single-item-revenue',
    code: priority('const m = new Map();\n  for (let i = 0; ; i++) m.set(i, [i, bid]);'),
    expect: exhausted,
    timeLimitMs: heapTime,
    browser: inBrowser,
  },
  {
    id: 'memory-cache-across-calls',
    tries: 'a top-level cache that gains a million entries per call',
    problem: 'single-item-revenue',
    code:
      'const cache = [];\n' +
      priority('for (let i = 0; i < 1e6; i++) cache.push({ bid, i });\n  return bid;'),
    expect: exhausted,
    timeLimitMs: heapTime,
    browser: inBrowser,
  },
  {
    id: 'memory-fill-800mb',
    tries: 'new Array(1e8).fill(…): 800 MB in one go',
    problem: 'single-item-revenue',
    code: priority('return new Array(1e8).fill(bid).length;'),
    expect: exhausted,
    timeLimitMs: heapTime,
    browser: inBrowser,
  },
]);
