/**
 * Code that depends on the order of calls or keeps state between them. The
 * fixes guarantee their properties for heuristics that are functions of
 * their arguments; state that never changes an answer (a memo, inputs kept
 * or changed) is such a function and is scored, state that does (counters,
 * generators, the previous call) is caught by the output guard's recheck as
 * 'invalid-output'. The outside-in check (guarantees.test.ts) probes the
 * scored ones from outside.
 */
import { allocate, group, priority, rebate } from './program.ts';

/** The output guard's verdict on an answer that changed between two askings. */
const inconsistent = {
  status: 'invalid-output',
  reason:
    /returned -?[\d.e+-]+ and, asked again later, -?[\d.e+-]+; give the same answer to the same arguments/,
} as const;

export const state = group('order and shared state', [
  {
    id: 'state-alternating',
    tries: 'answers that alternate with every call',
    problem: 'single-item-revenue',
    code:
      'const calls = { count: 0 };\n' +
      priority('calls.count++;\n  return calls.count % 2 === 0 ? 2 * bid - 1 : bid - 0.5;'),
    expect: inconsistent,
  },
  {
    id: 'state-first-call-wins',
    tries: 'remembering the first bid it saw and favouring it',
    problem: 'single-item-revenue',
    code:
      'const first = [];\n' +
      priority('if (first.length === 0) first.push(bid);\n  return bid === first[0] ? 1 : bid - 0.5;'),
    expect: { status: 'ok' },
  },
  {
    id: 'state-memo',
    tries: 'a memo table across calls',
    problem: 'vcg-redistribution',
    code:
      'const memo = new Map();\n' +
      rebate(
        'const key = others[m];\n  if (!memo.has(key)) memo.set(key, (m / n) * key);\n  return memo.get(key);',
      ),
    expect: { status: 'ok' },
  },
  {
    id: 'state-counter-rebate',
    tries: 'rebates that grow with the number of calls so far',
    problem: 'vcg-redistribution',
    code:
      'const seen = [0];\n' +
      rebate('seen[0] += 1;\n  return (m / n) * others[m] * (1 + (seen[0] % 5) / 10);'),
    expect: inconsistent,
  },
  {
    id: 'state-lcg',
    tries: 'a pseudo-random generator in state (deterministic, order-dependent)',
    problem: 'correlated-revenue',
    code:
      'const rng = { s: 12345 };\n' +
      allocate(
        'rng.s = (rng.s * 1103515245 + 12345) % 2147483648;\n  return rng.s % 3 === 0 ? -1 : bids[0] >= bids[1] ? 0 : 1;',
      ),
    expect: inconsistent,
  },
  {
    id: 'state-previous-input',
    tries: 'an allocation that depends on the previous call’s bids',
    problem: 'correlated-revenue',
    code:
      'const previous = [0, 0];\n' +
      allocate(
        'const w = bids[0] + previous[0] >= bids[1] + previous[1] ? 0 : 1;\n  previous[0] = bids[0];\n  previous[1] = bids[1];\n  return bids[w] >= 0.4 ? w : -1;',
      ),
    expect: inconsistent,
  },
  {
    id: 'state-mutates-input',
    tries: 'sorting and truncating the array it was given',
    problem: 'vcg-redistribution',
    code: rebate(
      'others.sort((a, b) => a - b);\n  const low = others[0];\n  others.length = 0;\n  return low * m / n;',
    ),
    expect: { status: 'ok' },
  },
  {
    id: 'state-keeps-inputs',
    tries: 'keeping every array it was given and changing them later',
    problem: 'correlated-revenue',
    code:
      'const kept = [];\n' +
      allocate(
        'kept.push(bids);\n  for (const old of kept.slice(-3)) old[0] = 99;\n  return bids[0] >= bids[1] ? 0 : 1;',
      ),
    expect: { status: 'ok' },
  },
  {
    id: 'state-evaluation-order',
    tries: 'evaluation order inside one expression (calls in an argument list)',
    problem: 'single-item-revenue',
    code:
      'const log = [];\nfunction note(x) {\n  log.push(x);\n  return log.length;\n}\n' +
      priority('return note(bid) - note(bid) + bid - 0.25 + log.length * 0;'),
    expect: { status: 'ok' },
  },
  {
    id: 'state-bidder-dependent',
    tries: 'treating the bidders differently',
    problem: 'single-item-revenue',
    code: priority('return bidder === 0 ? 2 * bid - 1 : 2 * bid - 1.2;'),
    expect: { status: 'ok' },
  },
  {
    id: 'state-non-monotone',
    tries: 'a non-monotone priority the fix must iron out',
    problem: 'single-item-revenue',
    code: priority('return Math.sin(12 * bid) - 0.2;'),
    expect: { status: 'ok' },
  },
  {
    id: 'state-deficit-rule',
    tries: 'rebates that would run a deficit without the fix',
    problem: 'vcg-redistribution',
    code: rebate('return others[0];'),
    expect: { status: 'ok' },
  },
  {
    id: 'state-non-monotone-allocation',
    tries: 'an allocation that gives the item to the lower bid',
    problem: 'correlated-revenue',
    code: allocate('return bids[0] < bids[1] ? 0 : 1;'),
    expect: { status: 'ok' },
  },
]);
