/**
 * The texts the model sees for vcg-redistribution: the setting in plain
 * words, the code around its heuristic, and a starting heuristic.
 */
import type { Distribution } from '../../distributions/distribution.ts';
import type { RedistributionConfig } from './mechanism.ts';
import { ordinal } from './ordinal.ts';

/** The doc comment above `rebate` in every prompt. */
export const rebateDoc = [
  "Returns the rebate paid back to one agent, given only the OTHER agents' bids.",
  '`others` holds the n − 1 other bids sorted from highest to lowest (rounded down',
  'to the bid grid); n is the number of agents, m the number of units. Aim: return',
  'as much of the VCG revenue m · (the (m+1)-th highest bid) as possible, in total',
  'over all agents, without the total exceeding it on any profile.',
].join('\n');

/** Returns the problem at these parameters in plain language. */
export function describeRedistribution(config: RedistributionConfig, dist: Distribution): string {
  const { n, m, grid } = config;
  const sale =
    m === 1
      ? `${n} agents compete for one unit. VCG gives it to the highest bid, and the winner pays the second-highest bid`
      : `${n} agents each want one of ${m} identical units. VCG gives them to the ${m} highest bids, and each winner pays the ${ordinal(m + 1)}-highest bid`;
  return [
    `${sale}, so VCG collects m · b_[m+1]. Values are independent draws from ${dist.label}.`,
    'That money is lost to the agents unless it is given back.',
    "Each agent gets a rebate computed only from the other agents' bids, so bidding truthfully stays optimal.",
    "The score is the expected fraction of VCG's revenue paid back.",
    'A fix lowers rebates wherever they could add up to more than the revenue',
    `(bids rounded down to a grid of ${grid.steps} steps up to ${grid.top}),`,
    'so every rule is safe, but what the fix removes is lost.',
  ].join(' ');
}

/** Returns the skeleton: VCG and the waterfilling fix around `rebate`, as JavaScript-like text. */
export function redistributionSkeleton(config: RedistributionConfig): string {
  const { n, m, grid } = config;
  return `// n = ${n} agents, m = ${m} unit${m === 1 ? '' : 's'}, bid grid G = {0, ${grid.step}, …, ${grid.top}}.
function mechanism(bids) {
  const sorted = [...bids].sort((a, b) => b - a);
  const price = sorted[m];                      // the (m+1)-th highest bid
  const winners = topIndices(bids, m);          // ties go to the lowest index
  const revenue = m * price;                    // V(b): what VCG collects
  const rebates = bids.map((_, i) => fixedRebate(roundDown(othersOf(bids, i))));
  return { winners, price, rebates };           // Σ rebates ≤ revenue, always
}

// What you write. Negative rebates count as 0; NaN, ±Infinity or a non-number makes the candidate invalid.
function hPlus(others) {
  return Math.min(${m * grid.top}, Math.max(0, rebate(others, n, m)));  // at most m·H
}

// The fix ("waterfilling"): drain any deficit by lowering all rebates equally,
// assuming the worst for the agent's own (unknown) bid x.
function waterLevel(profile) {                  // smallest λ ≥ 0 with
  const proposals = profile.map((_, k) => hPlus(othersOf(profile, k)));
  return smallestLevel(proposals, m * kthHighest(profile, m + 1));
}                                               // Σ max(0, proposal − λ) ≤ revenue
function fixedRebate(others) {
  const worst = Math.max(...G.map((x) => waterLevel([...others, x])));
  return Math.max(0, hPlus(others) - worst);
}
`;
}

/** The source of the starting heuristic: no redistribution. */
export const starterRebate = `function rebate(others, n, m) {
  return 0;
}
`;
