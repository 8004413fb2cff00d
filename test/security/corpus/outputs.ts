/**
 * Outputs that are not finite numbers, and finite numbers at the edges.
 * The first call of `priority` on single-item-revenue is (0, 0, 2), the
 * bottom of the grid for bidder 0 of 2, so messages name that call.
 */
import { allocate, group, priority, rebate } from './program.ts';

/** Returns the expectation for `priority(0, 0, 2)` returning what `text` says. */
const returned = (text: string) =>
  ({
    status: 'invalid-output',
    reason: new RegExp(`priority\\(0, 0, 2\\) returned ${text}; return a finite number for every input`),
  }) as const;

export const outputs = group('outputs', [
  {
    id: 'out-string',
    tries: 'a numeric string',
    problem: 'single-item-revenue',
    code: priority("return '0.5';"),
    expect: returned('the string "0.5"'),
  },
  {
    id: 'out-array',
    tries: 'an array of one number',
    problem: 'single-item-revenue',
    code: priority('return [bid];'),
    expect: returned('an array'),
  },
  {
    id: 'out-nan',
    tries: 'NaN',
    problem: 'single-item-revenue',
    code: priority('return NaN;'),
    expect: returned('NaN'),
  },
  {
    id: 'out-nan-zero-division',
    tries: '0 / 0 at the bottom of the grid only',
    problem: 'single-item-revenue',
    code: priority('return bid / bid;'),
    expect: returned('NaN'),
  },
  {
    id: 'out-infinity',
    tries: 'Infinity',
    problem: 'single-item-revenue',
    code: priority('return 1 / bid;'),
    expect: returned('Infinity'),
  },
  {
    id: 'out-minus-infinity',
    tries: '−Infinity',
    problem: 'single-item-revenue',
    code: priority('return -Infinity;'),
    expect: returned('-Infinity'),
  },
  {
    id: 'out-overflow',
    tries: 'Number.MAX_VALUE * 2, which overflows',
    problem: 'single-item-revenue',
    code: priority('return Number.MAX_VALUE * (2 + bid);'),
    expect: returned('Infinity'),
  },
  {
    id: 'out-undefined',
    tries: 'no return at all',
    problem: 'single-item-revenue',
    code: priority('const x = bid * 2;'),
    expect: returned('undefined'),
  },
  {
    id: 'out-null',
    tries: 'null',
    problem: 'single-item-revenue',
    code: priority('return null;'),
    expect: returned('null'),
  },
  {
    id: 'out-boolean',
    tries: 'a boolean',
    problem: 'single-item-revenue',
    code: priority('return bid >= 0;'),
    expect: returned('true'),
  },
  {
    id: 'out-bigint',
    tries: 'a BigInt',
    problem: 'single-item-revenue',
    code: priority('return 1n;'),
    expect: returned('the BigInt 1n'),
  },
  {
    id: 'out-number-object',
    tries: 'new Number(bid)',
    problem: 'single-item-revenue',
    code: priority('return new Number(bid);'),
    expect: returned('an object'),
  },
  {
    id: 'out-function',
    tries: 'a function',
    problem: 'single-item-revenue',
    code: priority('return () => bid;'),
    expect: returned('a function'),
  },
  {
    id: 'out-negative-zero',
    tries: '−0 for every bid (a priority that never wins)',
    problem: 'single-item-revenue',
    code: priority('return -0;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-denormal',
    tries: 'the smallest denormal, 5e-324, plus the bid',
    problem: 'single-item-revenue',
    code: priority('return bid > 0.5 ? 5e-324 : -5e-324;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-huge-finite',
    tries: 'finite numbers near Number.MAX_VALUE',
    problem: 'single-item-revenue',
    code: priority('return (bid - 0.5) * 1e308;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-rebate-string',
    tries: 'a rebate as text',
    problem: 'vcg-redistribution',
    code: rebate('return `${(m / n) * others[m]}`;'),
    expect: { status: 'invalid-output', reason: /rebate\(\[[^\]]*\], 5, 1\) returned the string/ },
  },
  {
    id: 'out-rebate-huge',
    tries: 'an absurdly large rebate (the fix drains it)',
    problem: 'vcg-redistribution',
    code: rebate('return 1e300;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-rebate-negative',
    tries: 'negative rebates (the fix counts them as 0)',
    problem: 'vcg-redistribution',
    code: rebate('return -others[0];'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-rebate-denormal',
    tries: 'a denormal rebate',
    problem: 'vcg-redistribution',
    code: rebate('return 5e-324 * n;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-winner-fraction',
    tries: 'a winner index of 0.5 (no sale, by the problem’s rule)',
    problem: 'correlated-revenue',
    code: allocate('return 0.5;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-winner-out-of-range',
    tries: 'a winner index beyond the bidders',
    problem: 'correlated-revenue',
    code: allocate('return bids.length + 3;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-winner-negative-zero',
    tries: '−0 as the winner index',
    problem: 'correlated-revenue',
    code: allocate('return bids[0] >= bids[1] ? -0 : 1;'),
    expect: { status: 'ok' },
  },
  {
    id: 'out-winner-nan',
    tries: 'NaN as the winner index',
    problem: 'correlated-revenue',
    code: allocate('return bids[0] > 0.5 ? NaN : -1;'),
    expect: { status: 'invalid-output', reason: /allocate\(\[[^\]]*\]\) returned NaN/ },
  },
]);
