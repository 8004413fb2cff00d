/**
 * Demo replies for `allocate(bids)` (correlated-revenue). The highest bid
 * wins above a reserve; with the default common:0.5 model and two bidders
 * a flat reserve near 0.3 earns about 0.427 against second price's 0.417,
 * and reserves that lean on the other bids come close. Weak ideas (no
 * reserve, favouring low indices, reserves from one's own bid) fade out.
 */
import { signed, type DemoIdea, type DemoProblem } from './draw.ts';

/** The usual opening of a reply: the index of the highest bid, ties to the lowest index. */
const highestBid = `  let winner = 0;
  for (let i = 1; i < bids.length; i++) {
    if (bids[i] > bids[winner]) winner = i;
  }`;

const ideas: readonly DemoIdea[] = [
  {
    weight: [2, 3],
    write: (d) => {
      const r = d.settle(0.05, 0.3, 0.1);
      return {
        thought: `Highest bid wins if it reaches a reserve of ${r}.`,
        code: `function allocate(bids) {
${highestBid}
  return bids[winner] >= ${r} ? winner : -1;
}
`,
      };
    },
  },
  {
    weight: [1, 3],
    write: (d) => {
      const a = d.settle(0.05, 0.32, 0.1);
      const c = d.near(-0.1, 0.2);
      return {
        thought: `A personalised reserve for the winner: ${a} ${signed(c)} times the mean of the other bids.`,
        code: `function allocate(bids) {
${highestBid}
  let others = 0;
  for (let i = 0; i < bids.length; i++) {
    if (i !== winner) others += bids[i];
  }
  const mean = others / (bids.length - 1);
  const reserve = ${a} ${signed(c)} * mean;
  return bids[winner] >= reserve ? winner : -1;
}
`,
      };
    },
  },
  {
    weight: [1, 1.5],
    write: (d) => {
      const r = d.settle(0.05, 0.3, 0.1);
      const c = d.near(0.5, 0.3);
      return {
        thought: `Reserve ${r}, raised to ${c} times the second-highest bid when the others bid high.`,
        code: `function secondHighest(bids, winner) {
  let best = 0;
  for (let i = 0; i < bids.length; i++) {
    if (i !== winner && bids[i] > best) best = bids[i];
  }
  return best;
}

function allocate(bids) {
${highestBid}
  const reserve = Math.max(${r}, ${c} * secondHighest(bids, winner));
  return bids[winner] >= reserve ? winner : -1;
}
`,
      };
    },
  },
  {
    weight: [2, 0.2],
    write: () => ({
      thought: 'Always sell to the highest bidder: a sale is better than none.',
      code: `function allocate(bids) {
${highestBid}
  return winner;
}
`,
    }),
  },
  {
    weight: [1.5, 0.3],
    write: (d) => {
      const e = d.near(0.1, 0.08);
      const r = d.settle(0.05, 0.3, 0.1);
      return {
        thought: `Handicap later bidders by ${e} per index, then apply a reserve of ${r}.`,
        code: `function allocate(bids) {
  let winner = -1;
  let best = -Infinity;
  for (let i = 0; i < bids.length; i++) {
    const score = bids[i] * (1 - ${e} * i);
    if (score > best) {
      best = score;
      winner = i;
    }
  }
  return bids[winner] >= ${r} ? winner : -1;
}
`,
      };
    },
  },
  {
    weight: [1, 1],
    write: (d) => {
      const a = d.settle(0, 0.2, 0.1);
      const c = d.near(0.2, 0.2);
      return {
        thought: `Set the reserve from all the bids: ${a} + ${c} times their mean.`,
        code: `function allocate(bids) {
  const mean = bids.reduce((sum, b) => sum + b, 0) / bids.length;
  const reserve = ${a} + ${c} * mean;
  let winner = -1;
  for (let i = 0; i < bids.length; i++) {
    if (bids[i] >= reserve && (winner < 0 || bids[i] > bids[winner])) winner = i;
  }
  return winner;
}
`,
      };
    },
  },
];

export const correlatedRevenueDemo: DemoProblem = {
  name: 'allocate',
  typedHeader: 'function allocate(bids: number[]): number',
  ideas,
  faults: {
    'syntax-error': (d) =>
      d.pick([
        {
          thought: 'Highest bid wins above a reserve of 0.3.',
          code: `function allocate(bids) {
  let winner = -1;
  for (let i = 0; i < bids.length; i++ {
    if (bids[i] >= 0.3 && (winner < 0 || bids[i] > bids[winner])) winner = i;
  }
  return winner;
}
`,
        },
        {
          thought: 'Sell to the highest bid above the reserve.',
          code: `function allocate(bids) {
  const best = Math.max(...bids);
  if best >= 0.3:
    return bids.index(best)
  return -1
}
`,
        },
      ]),
    'undefined-name': (d) => {
      const r = d.near(0.3, 0.1);
      return {
        thought: `Loop over the n bidders and keep the highest bid above ${r}.`,
        code: `function allocate(bids) {
  let winner = -1;
  for (let i = 0; i < n; i++) {
    if (bids[i] >= ${r} && (winner < 0 || bids[i] > bids[winner])) winner = i;
  }
  return winner;
}
`,
      };
    },
    'infinite-loop': (d) =>
      d.pick([
        {
          thought: 'Scan the bids with a while loop and keep the best one.',
          code: `function allocate(bids) {
  let best = 0;
  let i = 1;
  while (i < bids.length) {
    if (bids[i] > bids[best]) best = i;
  }
  return bids[best] >= ${d.near(0.3, 0.1)} ? best : -1;
}
`,
        },
        {
          thought: 'Lower the reserve step by step until someone qualifies.',
          code: `function allocate(bids) {
  let reserve = 0.6;
  while (true) {
    const winner = bids.findIndex((b) => b >= reserve);
    if (winner >= 0 && reserve < 0.3) return winner;
  }
}
`,
        },
      ]),
    'nan-output': () => ({
      thought: 'Pick the winner at the bid-weighted average position.',
      code: `function allocate(bids) {
  let total;
  let weighted = 0;
  for (let i = 0; i < bids.length; i++) {
    total += bids[i];
    weighted += i * bids[i];
  }
  return Math.round(weighted / total);
}
`,
    }),
    'forbidden-global': (d) =>
      d.pick([
        {
          thought: 'Load the reserve from the configuration.',
          code: `function allocate(bids) {
  const reserve = fetch('/config/reserve.json').reserve || 0.3;
  const best = bids.indexOf(Math.max(...bids));
  return bids[best] >= reserve ? best : -1;
}
`,
        },
        {
          thought: 'Log the bids and the winner to check the rule.',
          code: `function allocate(bids) {
  const best = bids.indexOf(Math.max(...bids));
  console.log('bids', bids, 'winner', best);
  return bids[best] >= ${d.near(0.3, 0.1)} ? best : -1;
}
`,
        },
      ]),
    'runtime-error': (d) => {
      const r = d.near(0.3, 0.1);
      return {
        thought: `Highest bid wins above a reserve of ${r}.`,
        code: `function allocate(bids) {
  const best = bids.max();
  return best >= ${r} ? bids.indexOf(best) : -1;
}
`,
      };
    },
  },
};
