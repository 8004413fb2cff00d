/**
 * Objects that run code when they are converted or read: getters, valueOf
 * and toString hooks, thenables, Proxies, and odd things thrown. The output
 * guard reads results with `typeof` only, so none of their code runs in
 * MechLab's code; in the candidate's own code they may loop, and the time
 * limit ends that.
 */
import { allocate, group, priority, rebate, reasons } from './program.ts';

export const conversions = group('getters, conversions, proxies and thrown values', [
  {
    id: 'getter-literal',
    tries: 'an object literal with a throwing getter',
    problem: 'single-item-revenue',
    code: priority("const o = { get v() { throw new Error('got you'); } };\n  return o.v;"),
    expect: { status: 'forbidden', reason: /getters and setters are not allowed/ },
  },
  {
    id: 'getter-define',
    tries: '__defineGetter__ on a local object',
    problem: 'vcg-redistribution',
    code: rebate("const o = {};\n  o.__defineGetter__('v', () => 1);\n  return o.v;"),
    expect: { status: 'forbidden', reason: /access to `__defineGetter__` is not allowed/ },
  },
  {
    id: 'getter-define-computed',
    tries: '__defineGetter__ reached through a key built at run time',
    problem: 'single-item-revenue',
    code: priority(
      "const o = {};\n  o['__define' + 'Getter__']('v', () => { while (true) {} });\n  return o.v;",
    ),
    expect: { status: 'runtime-error', reason: reasons.violation('__defineGetter__') },
  },
  {
    id: 'valueof-literal',
    tries: 'returning an object whose valueOf loops for ever',
    problem: 'single-item-revenue',
    code: priority('return { valueOf() { while (true) {} } };'),
    expect: { status: 'forbidden', reason: /defining `valueOf` is not allowed/ },
  },
  {
    id: 'valueof-computed-returned',
    tries: 'returning an object given a looping valueOf at run time (the guard never converts it)',
    problem: 'single-item-revenue',
    code: priority("const o = {};\n  o['value' + 'Of'] = () => {\n    while (true) {}\n  };\n  return o;"),
    expect: {
      status: 'invalid-output',
      reason: /priority\(0, 0, 2\) returned an object; return a finite number/,
    },
  },
  {
    id: 'tostring-computed-returned',
    tries: 'returning an object whose toString loops, to a problem that reads winners',
    problem: 'correlated-revenue',
    code: allocate("const o = {};\n  o['to' + 'String'] = () => {\n    for (;;) {}\n  };\n  return o;"),
    expect: { status: 'invalid-output', reason: /allocate\(\[[\d., ]+\]\) returned an object/ },
  },
  {
    id: 'valueof-in-own-arithmetic',
    tries: 'converting its own looping object in its own arithmetic',
    problem: 'vcg-redistribution',
    code: rebate("const o = {};\n  o['value' + 'Of'] = () => {\n    while (true) {}\n  };\n  return o * 1;"),
    expect: { status: 'timeout', reason: reasons.timeout },
  },
  {
    id: 'tostring-as-key',
    tries: 'a key object whose toString loops (the key guard converts it, on the candidate’s time)',
    problem: 'single-item-revenue',
    code: priority(
      "const k = {};\n  k['to' + 'String'] = () => {\n    while (true) {}\n  };\n  return [bid][k] ?? bid;",
    ),
    expect: { status: 'timeout', reason: reasons.timeout },
  },
  {
    id: 'thenable-returned',
    tries: 'returning a thenable, as if the caller would await it',
    problem: 'vcg-redistribution',
    code: rebate("const p = {};\n  p['th' + 'en'] = (resolve) => resolve(1);\n  return p;"),
    expect: { status: 'invalid-output', reason: /rebate\(\[[\d., …]+\], 5, 1\) returned an object/ },
  },
  {
    id: 'then-literal',
    tries: 'an object literal with a then method',
    problem: 'single-item-revenue',
    code: priority('return { then: (f) => f(bid) };'),
    expect: { status: 'forbidden', reason: /defining `then` is not allowed/ },
  },
  {
    id: 'proxy-new',
    tries: 'new Proxy with a trap on every property',
    problem: 'single-item-revenue',
    code: priority('return new Proxy({}, { get: () => bid });'),
    expect: { status: 'forbidden', reason: reasons.unavailable('Proxy') },
  },
  {
    id: 'proxy-returned-array',
    tries: 'a Proxy in place of the bids it was given',
    problem: 'correlated-revenue',
    code: allocate('const p = new Proxy(bids, {});\n  return p.length - 1;'),
    expect: { status: 'forbidden', reason: reasons.unavailable('Proxy') },
  },
  {
    id: 'throw-string',
    tries: 'throwing a string',
    problem: 'single-item-revenue',
    code: priority("throw 'no bid for you';"),
    expect: { status: 'runtime-error', reason: /priority\(0, 0, 2\) threw the string "no bid for you"/ },
  },
  {
    id: 'throw-object-with-looping-tostring',
    tries: 'throwing an object whose toString loops (the message is read without converting it)',
    problem: 'vcg-redistribution',
    code: rebate("const e = {};\n  e['to' + 'String'] = () => {\n    while (true) {}\n  };\n  throw e;"),
    expect: { status: 'runtime-error', reason: /threw an object; return a number for every input/ },
  },
  {
    id: 'throw-error-with-object-message',
    tries: 'an Error whose message is an object',
    problem: 'single-item-revenue',
    code: priority("const e = new Error('x');\n  e.message = { long: 'x'.repeat(1000) };\n  throw e;"),
    expect: { status: 'runtime-error', reason: /threw Error; return a number/ },
  },
  {
    id: 'throw-huge-message',
    tries: 'an Error with a 10 MB message',
    problem: 'correlated-revenue',
    code: allocate("throw new RangeError('x'.repeat(1e7));"),
    expect: { status: 'runtime-error', reason: /threw RangeError: x{100,300}; return a number/ },
  },
  {
    id: 'throw-undefined',
    tries: 'throwing undefined',
    problem: 'single-item-revenue',
    code: priority('if (bid >= 0) throw undefined;\n  return bid;'),
    expect: { status: 'runtime-error', reason: /priority\(0, 0, 2\) threw undefined/ },
  },
]);
