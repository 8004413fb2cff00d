/** Endless loops and runaway recursion: the time limit and the stack limit end them. */
import { allocate, group, priority, rebate, reasons } from './program.ts';

const timeout = { status: 'timeout', reason: reasons.timeout } as const;
const stack = { status: 'runtime-error', reason: reasons.stack } as const;

export const loops = group('loops and recursion', [
  {
    id: 'loop-while-true',
    tries: 'while (true) {}',
    problem: 'single-item-revenue',
    code: priority('while (true) {}\n  return bid;'),
    expect: timeout,
  },
  {
    id: 'loop-for-ever',
    tries: 'for (;;) {}',
    problem: 'vcg-redistribution',
    code: rebate('for (;;) {}\n  return 0;'),
    expect: timeout,
  },
  {
    id: 'loop-float-never-equal',
    tries: 'a loop whose float counter never hits its end exactly',
    problem: 'single-item-revenue',
    code: priority('let x = 0;\n  for (let i = 0; x !== 1; i++) x += 0.1;\n  return bid + x * 0;'),
    expect: timeout,
  },
  {
    id: 'loop-do-continue',
    tries: 'a do-while whose body always continues',
    problem: 'correlated-revenue',
    code: allocate('let i = 0;\n  do {\n    continue;\n  } while (i < bids.length);\n  return -1;'),
    expect: timeout,
  },
  {
    id: 'loop-on-some-inputs',
    tries: 'an endless loop only for high bids',
    problem: 'single-item-revenue',
    code: priority('while (bid > 0.9) {}\n  return 2 * bid - 1;'),
    expect: timeout,
  },
  {
    id: 'loop-in-top-level-const',
    tries: 'an endless loop in a top-level const initialiser (runs at compile time, in the worker)',
    problem: 'single-item-revenue',
    code: 'const table = (() => {\n  for (;;) {}\n})();\n' + priority('return bid + table;'),
    expect: timeout,
  },
  {
    id: 'loop-in-comparator',
    tries: 'an endless loop inside a sort comparator',
    problem: 'vcg-redistribution',
    code: rebate('const s = others.slice().sort(() => {\n    while (true) {}\n  });\n  return s[0];'),
    expect: timeout,
  },
  {
    id: 'loop-in-finally',
    tries: 'a return whose finally block never ends',
    problem: 'single-item-revenue',
    code: priority('try {\n    return bid;\n  } finally {\n    while (true) {}\n  }'),
    expect: timeout,
  },
  {
    id: 'loop-catching-its-throws',
    tries: 'an endless loop that throws and catches',
    problem: 'correlated-revenue',
    code: allocate(
      "while (true) {\n    try {\n      throw new Error('again');\n    } catch (e) {\n      bids = bids;\n    }\n  }",
    ),
    expect: timeout,
  },
  {
    id: 'loop-recursion-retried',
    tries: 'recursion that catches its own stack overflow and retries (exponential time)',
    problem: 'single-item-revenue',
    code:
      'function dig(k) {\n  try {\n    return dig(k + 1);\n  } catch (e) {\n    return dig(k + 1);\n  }\n}\n' +
      priority('return dig(0);'),
    expect: timeout,
  },
  {
    id: 'recursion-endless',
    tries: 'a function that calls itself for ever',
    problem: 'single-item-revenue',
    code: 'function deeper(x) {\n  return deeper(x) + 1;\n}\n' + priority('return deeper(bid);'),
    expect: stack,
  },
  {
    id: 'recursion-mutual',
    tries: 'two functions that call each other for ever',
    problem: 'vcg-redistribution',
    code:
      'function ping(x) {\n  return pong(x);\n}\nfunction pong(x) {\n  return ping(x) * 2;\n}\n' +
      rebate('return ping(m);'),
    expect: stack,
  },
  {
    id: 'recursion-in-top-level-const',
    tries: 'endless recursion while a top-level const is computed',
    problem: 'correlated-revenue',
    code:
      'function grow(k) {\n  return [grow(k + 1)];\n}\nconst tree = grow(0);\n' +
      allocate('return tree.length > 0 ? 0 : -1;'),
    expect: {
      status: 'runtime-error',
      reason: /top-level code threw RangeError: Maximum call stack size exceeded/,
    },
  },
  {
    id: 'recursion-self-priority',
    tries: 'the heuristic calling itself without a base case',
    problem: 'single-item-revenue',
    code: priority('return priority(bid, bidder, n + 1);'),
    expect: stack,
  },
]);
