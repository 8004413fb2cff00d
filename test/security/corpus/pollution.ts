/**
 * Prototype pollution and changes to shared built-ins, which would carry
 * over to every later candidate of the same worker. Named directly they
 * are rejected statically; through keys built at run time the key guard
 * refuses them; through aliases of frozen built-ins the engine throws.
 */
import { allocate, group, priority, rebate, reasons } from './program.ts';

export const pollution = group('prototype pollution', [
  {
    id: 'pollute-object-prototype',
    tries: 'Object.prototype.polluted = 1',
    problem: 'single-item-revenue',
    code: priority('Object.prototype.polluted = 1;\n  return bid;'),
    expect: { status: 'forbidden', reason: reasons.unavailable('Object') },
  },
  {
    id: 'pollute-array-sort',
    tries: 'Array.prototype.sort replaced',
    problem: 'vcg-redistribution',
    code: rebate('Array.prototype.sort = function () {\n    return [];\n  };\n  return 0;'),
    expect: { status: 'forbidden', reason: /`Array` is a shared built-in and may not be changed/ },
  },
  {
    id: 'pollute-math-random',
    tries: 'Math.random replaced',
    problem: 'single-item-revenue',
    code: priority('Math.random = () => 0.5;\n  return bid;'),
    expect: { status: 'forbidden', reason: /`Math.random` is not allowed/ },
  },
  {
    id: 'pollute-math-max',
    tries: 'Math.max replaced (the fixes call it)',
    problem: 'vcg-redistribution',
    code: rebate('Math.max = (a, b) => a;\n  return 0;'),
    expect: { status: 'forbidden', reason: /`Math` is a shared built-in and may not be changed/ },
  },
  {
    id: 'pollute-proto-literal',
    tries: '[].__proto__.push replaced',
    problem: 'correlated-revenue',
    code: allocate('[].__proto__.push = () => 0;\n  return 0;'),
    expect: { status: 'forbidden', reason: /access to `__proto__` is not allowed/ },
  },
  {
    id: 'pollute-proto-computed',
    tries: 'Array.prototype.sort replaced through a key built at run time',
    problem: 'vcg-redistribution',
    code: rebate("const AP = []['__pro' + 'to__'];\n  AP.sort = () => [];\n  return 0;"),
    expect: { status: 'runtime-error', reason: reasons.violation('__proto__') },
  },
  {
    id: 'pollute-object-prototype-computed',
    tries: 'Object.prototype polluted through a key held in a const',
    problem: 'single-item-revenue',
    code: "const key = '__proto__';\n" + priority('({})[key].polluted = 1;\n  return bid;'),
    expect: { status: 'runtime-error', reason: reasons.violation('__proto__') },
  },
  {
    id: 'pollute-constructor-chain',
    tries: 'Object.defineProperty reached through constructor keys built at run time',
    problem: 'single-item-revenue',
    code: priority(
      "const O = ({})['constr' + 'uctor'];\n  O.defineProperty(Math, 'max', { value: () => 0 });\n  return bid;",
    ),
    expect: { status: 'runtime-error', reason: reasons.violation('constructor') },
  },
  {
    id: 'pollute-destructured-prototype',
    tries: 'Array.prototype taken by a computed destructuring key',
    problem: 'correlated-revenue',
    code: allocate(
      "const k = 'proto' + 'type';\n  const { [k]: AP } = Array;\n  AP.indexOf = () => 0;\n  return 0;",
    ),
    expect: { status: 'runtime-error', reason: reasons.violation('prototype') },
  },
  {
    id: 'pollute-at-top-level',
    tries: 'pollution in a top-level const initialiser',
    problem: 'single-item-revenue',
    code:
      "const hijack = (() => {\n  const AP = []['__pro' + 'to__'];\n  AP.map = () => [];\n  return 1;\n})();\n" +
      priority('return bid * hijack;'),
    expect: {
      status: 'runtime-error',
      reason: /top-level code threw SandboxViolation: access to `__proto__`/,
    },
  },
  {
    id: 'pollute-caught-violation',
    tries: 'a pollution attempt whose refusal it catches, then a plain answer',
    problem: 'single-item-revenue',
    code: priority(
      "try {\n    []['__pro' + 'to__'].sort = () => [];\n  } catch (e) {\n    bid = bid + 0;\n  }\n  return bid;",
    ),
    expect: { status: 'ok' },
  },
  {
    id: 'pollute-array-alias',
    tries: 'Array.isArray replaced through an alias of Array',
    problem: 'vcg-redistribution',
    code: rebate('const A = Array;\n  A.isArray = () => false;\n  return 0;'),
    expect: { status: 'runtime-error', reason: reasons.frozen },
  },
  {
    id: 'pollute-math-alias',
    tries: 'Math.floor replaced through an alias of Math',
    problem: 'single-item-revenue',
    code: priority('const M = Math;\n  M.floor = (x) => x + 1;\n  return bid;'),
    expect: { status: 'runtime-error', reason: reasons.frozen },
  },
  {
    id: 'pollute-method-property',
    tries: 'state left on a built-in method ([].push.memo) for later candidates',
    problem: 'correlated-revenue',
    code: allocate('const push = [].push;\n  push.memo = bids;\n  return 0;'),
    expect: { status: 'runtime-error', reason: reasons.frozen },
  },
  {
    id: 'pollute-error-hook',
    tries: 'Error.prepareStackTrace set through an alias, to run on every later stack trace',
    problem: 'single-item-revenue',
    code: priority(
      'const E = Error;\n  E.prepareStackTrace = () => {\n    while (true) {}\n  };\n  return bid;',
    ),
    expect: { status: 'runtime-error', reason: reasons.frozen },
  },
  {
    id: 'pollute-global-predicate',
    tries: 'a property stored on parseFloat, for a later candidate to read',
    problem: 'vcg-redistribution',
    code: rebate('const p = parseFloat;\n  p.secret = others;\n  return 0;'),
    expect: { status: 'runtime-error', reason: reasons.frozen },
  },
  {
    id: 'pollute-number-method',
    tries: 'a property stored on (1).toFixed',
    problem: 'single-item-revenue',
    code: priority('const f = (1).toFixed;\n  f.count = (f.count ?? 0) + 1;\n  return bid;'),
    expect: { status: 'runtime-error', reason: reasons.frozen },
  },
  {
    id: 'pollute-iterator-next',
    tries: 'the array iterator’s next replaced through a key built at run time',
    problem: 'correlated-revenue',
    code: allocate(
      "const it = bids.values();\n  it['__pro' + 'to__'].next = () => ({ done: true });\n  return 0;",
    ),
    expect: { status: 'runtime-error', reason: reasons.violation('__proto__') },
  },
]);
