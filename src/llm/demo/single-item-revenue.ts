/**
 * Demo replies for `priority(bid, bidder, n)` (single-item-revenue). Every
 * good idea here is a second-price auction with a reserve in disguise, so
 * the score rests on the reserve, which drifts towards Myerson's 0.5 for
 * the default U[0, 1] bidders; the weak ideas (no reserve, favouring a
 * bidder, uneven reserves) fade out as the run goes on.
 */
import { round, type DemoIdea, type DemoProblem } from './draw.ts';

const ideas: readonly DemoIdea[] = [
  {
    weight: [3, 2],
    write: (d) => {
      const r = d.settle(0.15, 0.5, 0.12);
      return {
        thought: `Only sell when the bid reaches a reserve of ${r}; above it the highest bid wins.`,
        code: `function priority(bid, bidder, n) {
  const reserve = ${r};
  if (bid < reserve) {
    return -1;
  }
  return bid;
}
`,
      };
    },
  },
  {
    weight: [1, 3],
    write: (d) => {
      const c = d.settle(0.3, 1, 0.25);
      return {
        thought: `Rank by the uniform virtual value 2b - ${c}, which turns negative below a reserve of ${round(c / 2, 3)}.`,
        code: `function priority(bid, bidder, n) {
  // Myerson: phi(b) = b - (1 - F(b)) / f(b), which is 2b - 1 for U[0, 1]
  return 2 * bid - ${c};
}
`,
      };
    },
  },
  {
    weight: [2, 1],
    write: (d) => {
      const r = d.settle(0.15, 0.5, 0.12);
      return {
        thought: `Subtract a reserve of ${r} from every bid so that low bids never win.`,
        code: `function priority(bid, bidder, n) {
  return bid - ${r};
}
`,
      };
    },
  },
  {
    weight: [1, 3],
    write: (d) => {
      const k = d.settle(0.2, 1, 0.25);
      return {
        thought: `Use a virtual value b - k(1 - b) with k = ${k}; it is positive only above ${round(k / (1 + k), 3)}.`,
        code: `const WEIGHT = ${k};

function virtualValue(b) {
  return b - WEIGHT * (1 - b);
}

function priority(bid, bidder, n) {
  return virtualValue(bid);
}
`,
      };
    },
  },
  {
    weight: [1, 1],
    write: (d) => {
      const b = d.near(0.15, 0.1);
      const a = d.settle(round(0.15 + b / 3), round(0.5 + b / 3), 0.12);
      return {
        thought: `Lower the reserve a little as more bidders compete: ${a} - ${b} / (n + 1).`,
        code: `function priority(bid, bidder, n) {
  // More bidders means more competition, so the reserve matters less.
  const reserve = ${a} - ${b} / (n + 1);
  return bid >= reserve ? bid : 0;
}
`,
      };
    },
  },
  {
    weight: [1, 2],
    write: (d) => {
      const p = d.pick([1.5, 2, 3]);
      const r = d.settle(0.2, 0.5, 0.12);
      return {
        thought: `A convex transform of the bid, bid^${p}, with the reserve at ${r}.`,
        code: `function priority(bid, bidder, n) {
  const p = ${p};
  return Math.pow(bid, p) - Math.pow(${r}, p);
}
`,
      };
    },
  },
  {
    weight: [3, 0.2],
    write: (d) => {
      const e = d.near(0.05, 0.04, 3);
      return {
        thought: `Scale bids by 1 + ${e} * bidder so that ties never happen.`,
        code: `function priority(bid, bidder, n) {
  // Later bidders get a small bonus, which breaks ties.
  return bid * (1 + ${e} * bidder);
}
`,
      };
    },
  },
  {
    weight: [1.5, 0.5],
    write: (d) => {
      const r0 = d.settle(0.2, 0.45, 0.12);
      const r1 = d.settle(0.25, 0.55, 0.12);
      const rest = d.settle(0.2, 0.5, 0.12);
      return {
        thought: 'Bidders may differ, so give each one its own reserve.',
        code: `function priority(bid, bidder, n) {
  const reserves = [${r0}, ${r1}];
  const reserve = bidder < reserves.length ? reserves[bidder] : ${rest};
  return bid - reserve;
}
`,
      };
    },
  },
  {
    weight: [0.5, 1.5],
    write: (d) => {
      const r = d.settle(0.2, 0.5, 0.1);
      return {
        thought: `Rank by log(bid / ${r}): it keeps the order of the bids and is negative below the reserve.`,
        code: `function priority(bid, bidder, n) {
  if (bid <= 0) {
    return -Infinity;
  }
  return Math.log(bid / ${r});
}
`,
      };
    },
  },
  {
    weight: [1, 0.5],
    write: (d) => {
      const r = d.settle(0.2, 0.5, 0.12);
      const step = d.pick([0.05, 0.1, 0.2]);
      return {
        thought: `Above a reserve of ${r}, treat bids within ${step} of each other alike, as ironing does.`,
        code: `function priority(bid, bidder, n) {
  const reserve = ${r};
  if (bid < reserve) return -1;
  // Pool close bids: ties go to the lowest index.
  return Math.floor(bid / ${step}) * ${step};
}
`,
      };
    },
  },
];

export const singleItemRevenueDemo: DemoProblem = {
  name: 'priority',
  typedHeader: 'function priority(bid: number, bidder: number, n: number): number',
  ideas,
  faults: {
    'syntax-error': (d) =>
      d.pick([
        {
          thought: 'Sell only above a reserve of 0.5.',
          code: `function priority(bid, bidder, n) {
  const reserve = 0.5;
  if (bid < reserve {
    return -1;
  }
  return bid;
}
`,
        },
        {
          thought: 'Keep the item when the bid is low, otherwise rank by bid.',
          code: `function priority(bid, bidder, n) {
  if bid < 0.5 and n > 1:
    return -1
  return bid
}
`,
        },
      ]),
    'undefined-name': (d) => ({
      thought: 'Compare each bid with the reserve price.',
      code: `function priority(bid, bidder, n) {
  // bids below the reserve price never win
  return bid >= reservePrice ? bid - ${d.near(0.1, 0.05)} : -1;
}
`,
    }),
    'infinite-loop': (d) =>
      d.pick([
        {
          thought: 'Step the reserve up until it passes the bid.',
          code: `function priority(bid, bidder, n) {
  let reserve = 0;
  while (reserve < bid) {
    if (reserve >= ${d.near(0.5, 0.2)}) return bid - reserve;
  }
  return -1;
}
`,
        },
        {
          thought: 'Find the grid step of the bid, then rank by it.',
          code: `function priority(bid, bidder, n) {
  let step = 0;
  while (true) {
    if (step * 0.01 > bid) break;
  }
  return step - 50;
}
`,
        },
      ]),
    'nan-output': (d) => ({
      thought: 'Shift the bid by the average bidder position.',
      code: `function priority(bid, bidder, n) {
  let total;
  for (let i = 0; i < n; i++) {
    total += i;
  }
  return bid - (total / n) * ${d.near(0.5, 0.3)};
}
`,
    }),
    'forbidden-global': (d) =>
      d.pick([
        {
          thought: 'Log the priorities to check them, with a reserve of 0.5.',
          code: `function priority(bid, bidder, n) {
  const p = bid - 0.5;
  console.log('priority', bidder, bid, p);
  return p;
}
`,
        },
        {
          thought: 'Break ties at random so no bidder is favoured.',
          code: `function priority(bid, bidder, n) {
  return bid - ${d.near(0.5, 0.2)} + Math.random() * 1e-6;
}
`,
        },
      ]),
    'runtime-error': (d) => ({
      thought: 'Clamp the virtual value to [-1, 1] so outliers do not dominate.',
      code: `function priority(bid, bidder, n) {
  return Math.clamp(2 * bid - ${d.near(1, 0.3)}, -1, 1);
}
`,
    }),
  },
};
