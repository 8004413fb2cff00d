/** Async functions, promises, generators and iterators: a heuristic must answer synchronously. */
import { allocate, group, priority, rebate } from './program.ts';

const async = { status: 'forbidden', reason: /async functions and `await` are not allowed/ } as const;
const generator = { status: 'forbidden', reason: /generators and `yield` are not allowed/ } as const;

export const asyncCode = group('async code and generators', [
  {
    id: 'async-heuristic',
    tries: 'an async priority',
    problem: 'single-item-revenue',
    code: 'async function priority(bid, bidder, n) {\n  return bid;\n}',
    expect: async,
  },
  {
    id: 'async-helper',
    tries: 'an async helper it awaits nothing from',
    problem: 'vcg-redistribution',
    code: 'const later = async (x) => x;\n' + rebate('later(m);\n  return 0;'),
    expect: async,
  },
  {
    id: 'async-await-loop',
    tries: 'for await over the bids',
    problem: 'correlated-revenue',
    code: allocate('const f = async () => {\n    for await (const b of bids) return b;\n  };\n  return -1;'),
    expect: async,
  },
  {
    id: 'async-await-identifier',
    tries: '`await` in a plain function (an unknown name there)',
    problem: 'single-item-revenue',
    code: priority('return await(bid);'),
    expect: { status: 'forbidden', reason: /`await` is not defined/ },
  },
  {
    id: 'generator-heuristic',
    tries: 'a generator priority',
    problem: 'single-item-revenue',
    code: 'function* priority(bid, bidder, n) {\n  yield bid;\n}',
    expect: generator,
  },
  {
    id: 'generator-helper',
    tries: 'a generator helper for the others’ bids',
    problem: 'vcg-redistribution',
    code:
      'function* each(xs) {\n  for (const x of xs) yield x;\n}\n' +
      rebate('let s = 0;\n  for (const x of each(others)) s += x;\n  return s / n;'),
    expect: generator,
  },
  {
    id: 'promise-resolve',
    tries: 'Promise.resolve',
    problem: 'single-item-revenue',
    code: priority('return Promise.resolve(bid);'),
    expect: { status: 'forbidden', reason: /`Promise` is not available.*reproducible/ },
  },
  {
    id: 'microtask',
    tries: 'queueMicrotask to run code after the call',
    problem: 'correlated-revenue',
    code: allocate('queueMicrotask(() => bids.push(1));\n  return 0;'),
    expect: { status: 'forbidden', reason: /`queueMicrotask` is not available/ },
  },
  {
    id: 'timer',
    tries: 'setTimeout to run code after the evaluation',
    problem: 'single-item-revenue',
    code: priority("setTimeout('while (true) {}', 0);\n  return bid;"),
    expect: { status: 'forbidden', reason: /`setTimeout` is not available/ },
  },
  {
    id: 'iterator-returned',
    tries: 'returning an iterator instead of a number',
    problem: 'vcg-redistribution',
    code: rebate('return others.values();'),
    expect: { status: 'invalid-output', reason: /returned an object/ },
  },
]);
