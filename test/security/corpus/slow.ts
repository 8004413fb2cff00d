/**
 * Slow code around the time limit. single-item-revenue calls `priority`
 * once per bidder and grid bid (about a thousand calls at the default
 * settings), so the work per call sets the total: "under" is about a tenth
 * of a 1 s limit on an idle machine (room for a loaded one), "over" about
 * ten times the limit.
 */
import { allocate, group, priority, rebate, reasons } from './program.ts';

/** Returns a body that spins `iterations` times per call and then returns `result`. */
const spin = (iterations: string, result: string) =>
  `let s = 0;\n  for (let i = 0; i < ${iterations}; i++) s += i % 7;\n  return ${result} + (s < 0 ? 1 : 0);`;

export const slow = group('slow code', [
  {
    id: 'slow-under-limit',
    tries: 'about 5·10^7 loop steps in all: slow, but well under the limit',
    problem: 'single-item-revenue',
    code: priority(spin('50_000', '2 * bid - 1')),
    expect: { status: 'ok' },
  },
  {
    id: 'slow-over-limit',
    tries: 'about 10^10 loop steps in all: far over the limit',
    problem: 'single-item-revenue',
    code: priority(spin('10_000_000', '2 * bid - 1')),
    expect: { status: 'timeout', reason: reasons.timeout },
  },
  {
    id: 'slow-top-level-table',
    tries: 'a 2000 × 2000 table computed once at the top level, then looked up',
    problem: 'single-item-revenue',
    code:
      'const table = (() => {\n  const t = new Float64Array(2000);\n  for (let i = 0; i < 2000; i++) for (let j = 0; j < 2000; j++) t[i] += ((i * j) % 5) / 1e9;\n  return t;\n})();\n' +
      priority('return 2 * bid - 1 + table[Math.floor(bid * 1999)] * 0;'),
    expect: { status: 'ok' },
  },
  {
    id: 'slow-on-rare-inputs',
    tries: 'ruinously slow only when the bid is at the top of the grid',
    problem: 'single-item-revenue',
    code: priority(`if (bid >= 1) {\n    ${spin('1e11', 'bid')}\n  }\n  return bid;`),
    expect: { status: 'timeout', reason: reasons.timeout },
  },
  {
    id: 'slow-sort-every-call',
    tries: 'a copy and a sort on every call of a rebate (slower, but within the limit)',
    problem: 'vcg-redistribution',
    code: rebate(
      'const sorted = others.slice().sort((a, b) => a - b);\n  return (m / n) * others[m] + sorted[0] * 0;',
    ),
    expect: { status: 'ok' },
  },
  {
    id: 'slow-huge-loop-bound',
    tries: 'a loop to 10^12 in the allocation rule',
    problem: 'correlated-revenue',
    code: allocate(
      'let best = -1;\n  for (let i = 0; i < 1e12; i++) if (bids[i % bids.length] > 2) best = i;\n  return best;',
    ),
    expect: { status: 'timeout', reason: reasons.timeout },
  },
]);
