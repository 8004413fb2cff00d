/**
 * Demo replies for `rebate(others, n, m)` (vcg-redistribution). Rebates
 * from the top bid or the mean run deficits that the fix cuts back; rules
 * on the (m+1)-th and (m+2)-th highest of the others (Bailey–Cavallo and
 * its two-term relatives) do well, and with tuned coefficients (about
 * 0.3 and −0.1 at n = 5, m = 1) beat Bailey–Cavallo's 0.9.
 */
import { signed, type DemoIdea, type DemoProblem } from './draw.ts';

const ideas: readonly DemoIdea[] = [
  {
    weight: [1, 2],
    write: (d) => {
      const k = d.settle(0.6, 1, 0.2);
      return {
        thought: `Bailey-Cavallo scaled by ${k}: each agent gets ${k} * m/n of the (m+1)-th highest of the others' bids.`,
        code: `function rebate(others, n, m) {
  // others is sorted from highest to lowest, so others[m] is the (m+1)-th highest
  return ${k} * (m / n) * others[m];
}
`,
      };
    },
  },
  {
    weight: [1, 4],
    write: (d) => {
      const a = d.settle(0.12, 0.3, 0.06);
      const b = d.settle(0.06, -0.09, 0.06);
      return {
        thought: `Combine the (m+1)-th and (m+2)-th highest of the others: ${a} and ${b}.`,
        code: `function rebate(others, n, m) {
  const next = others[m] ?? 0; // the (m+1)-th highest of the others
  const after = others[m + 1] ?? 0;
  return ${a} * next ${signed(b)} * after;
}
`,
      };
    },
  },
  {
    weight: [3, 0.5],
    write: (d) => {
      const c = d.near(0.15, 0.08);
      return {
        thought: `Give every agent ${c} of the highest bid among the others.`,
        code: `function rebate(others, n, m) {
  return ${c} * others[0];
}
`,
      };
    },
  },
  {
    weight: [2, 0.5],
    write: (d) => {
      const c = d.near(0.1, 0.05);
      return {
        thought: `Pay back ${c} of the mean of the other bids, which is stable and cheap.`,
        code: `function rebate(others, n, m) {
  let sum = 0;
  for (const b of others) {
    sum += b;
  }
  const mean = sum / others.length;
  return ${c} * mean;
}
`,
      };
    },
  },
  {
    weight: [1, 0.2],
    write: (d) => {
      const c = d.near(0.3, 0.2);
      return {
        thought: `Rebate ${c} of the lowest other bid: it can never be too much.`,
        code: `function rebate(others, n, m) {
  return ${c} * Math.min(...others);
}
`,
      };
    },
  },
  {
    weight: [1, 2],
    write: (d) => {
      const w = d.settle(0.12, 0.3, 0.06);
      const q = d.settle(0.3, -0.3, 0.2);
      return {
        thought: `Weights that start at ${w} on the (m+1)-th highest other bid and change by a factor ${q} per rank below it.`,
        code: `function rebate(others, n, m) {
  let r = 0;
  let w = ${w};
  for (let j = m; j < others.length; j++) {
    r += w * others[j];
    w *= ${q};
  }
  return r;
}
`,
      };
    },
  },
  {
    weight: [1, 3],
    write: (d) => {
      const k = d.settle(-0.1, 0.1, 0.06);
      return {
        thought: `Start from Bailey-Cavallo and add ${k} times the gap between the (m+1)-th and (m+2)-th highest other bids.`,
        code: `function rebate(others, n, m) {
  const base = (m / n) * others[m];
  // A small gap means the price-setting bid is close to the next one.
  const gap = others[m] - (others[m + 1] ?? 0);
  return base + ${k} * gap;
}
`,
      };
    },
  },
  {
    weight: [1, 1],
    write: (d) => {
      const a = d.settle(0.12, 0.25, 0.05);
      const b = d.near(0.02, 0.04);
      return {
        thought: `Mostly the (m+1)-th highest other bid, a little of the highest, never more than the (m+1)-th bid itself.`,
        code: `function rebate(others, n, m) {
  const proposal = ${a} * others[m] ${signed(b)} * others[0];
  return Math.max(0, Math.min(others[m], proposal));
}
`,
      };
    },
  },
];

export const vcgRedistributionDemo: DemoProblem = {
  name: 'rebate',
  typedHeader: 'function rebate(others: number[], n: number, m: number): number',
  ideas,
  faults: {
    'syntax-error': (d) =>
      d.pick([
        {
          thought: 'Bailey-Cavallo: m/n of the (m+1)-th highest other bid.',
          code: `function rebate(others, n, m) {
  return (m / n) * others[m;
}
`,
        },
        {
          thought: 'Average the bids below the price-setting one.',
          code: `function rebate(others, n, m) {
  let total = 0
  for b in others[m:]:
    total += b
  return ${d.near(0.2, 0.05)} * total / len(others)
}
`,
        },
      ]),
    'undefined-name': (d) => ({
      thought: 'Sort the bids first, then rebate a share of the second highest.',
      code: `function rebate(others, n, m) {
  const sorted = bids.slice().sort((a, b) => b - a);
  return ${d.near(0.2, 0.05)} * sorted[1];
}
`,
    }),
    'infinite-loop': (d) => ({
      thought: 'Sum the bids below the price-setting one with a decaying weight.',
      code: `function rebate(others, n, m) {
  let r = 0;
  let j = m;
  while (j < others.length) {
    r += ${d.near(0.2, 0.05)} * others[j];
  }
  return r;
}
`,
    }),
    'nan-output': (d) => {
      const c = d.near(0.15, 0.05);
      return {
        thought: `Rebate ${c} of the mean of the other bids.`,
        code: `function rebate(others, n, m) {
  let sum;
  for (let i = 0; i < others.length; i++) {
    sum += others[i];
  }
  return ${c} * sum / others.length;
}
`,
      };
    },
    'forbidden-global': (d) =>
      d.pick([
        {
          thought: 'Jitter the rebate a little so agents cannot predict it.',
          code: `function rebate(others, n, m) {
  return (m / n) * others[m] * (1 - 0.01 * Math.random());
}
`,
        },
        {
          thought: 'Print the inputs to debug the rule.',
          code: `function rebate(others, n, m) {
  console.log(others, n, m);
  return ${d.near(0.2, 0.05)} * others[m];
}
`,
        },
      ]),
    'runtime-error': (d) => ({
      thought: 'Rebate a share of the total of the other bids.',
      code: `function rebate(others, n, m) {
  const total = others.sum();
  return (${d.near(0.15, 0.05)} * total) / n;
}
`,
    }),
  },
};
