/**
 * The `correlated-revenue` problem (mechanism-notes §3): sell one item to
 * bidders with correlated values; the model writes `allocate(bids)`, the
 * threshold-scan fix makes it strategy-proof and individually rational.
 * This file only wires the parts together.
 */
import { bidGrid } from '../../grid.ts';
import { readParameters, type ParameterSpec, type RawParameters } from '../../parameters.ts';
import type { Problem, ProblemInstance } from '../../problem.ts';
import { sampleProfiles } from '../../samples.ts';
import { verifyMechanism } from '../../verify/verifyMechanism.ts';
import { correlatedBaselines } from './baselines.ts';
import { evaluateThresholdScan } from './evaluate.ts';
import { thresholdScanFix, unfixed, type ThresholdScanMechanism } from './fix.ts';
import { modelFormat, parseModel } from './models.ts';
import { correlatedPlots } from './plots.ts';

/** Grid steps K by default: see the measurement in docs (fix + evaluation of a candidate well under a second at n ≤ 5). */
export const defaultGridSteps = 200;

const parameters: readonly ParameterSpec[] = [
  {
    name: 'model',
    label: 'Value model',
    description:
      'How values are correlated: common:ρ (v_i = (1 − ρ)u_i + ρc) or copula:ρ (Gaussian copula, uniform marginals)',
    kind: 'text',
    default: 'common:0.5',
    format: modelFormat,
  },
  {
    name: 'n',
    label: 'Bidders',
    description: 'Number of bidders n',
    kind: 'integer',
    default: 2,
    min: 2,
    max: 6,
  },
  {
    name: 'grid',
    label: 'Grid steps K',
    description:
      'Bids are rounded down to {0, 1/K, …, 1}; the grid bias is of order 1/K, the cost grows with K',
    kind: 'integer',
    default: defaultGridSteps,
    min: 10,
    max: 400,
  },
];

const heuristicDoc = `/**
 * Chooses who gets the item.
 * @param {number[]} bids - bids[i] is bidder i's bid, rounded down to the grid, in [0, 1]
 *   (written anew for every call, so changing it is harmless). Values are correlated: the other bids say something
 *   about each bidder's value.
 * @returns {number} the index of the winner (0 … bids.length − 1), or -1 to keep the item.
 *   Any other finite number means no sale; NaN, ±Infinity or a non-number makes the candidate invalid.
 */`;

const starter = `function allocate(bids) {
  // Highest bid wins if it reaches a reserve of 0.5 (ties: lowest index).
  let winner = -1;
  let best = 0.5;
  for (let i = 0; i < bids.length; i++) {
    if (bids[i] >= best && (winner < 0 || bids[i] > bids[winner])) {
      winner = i;
      best = bids[i];
    }
  }
  return winner;
}
`;

export const correlatedRevenue: Problem = {
  id: 'correlated-revenue',
  title: 'Single item, correlated bidders: revenue',
  description:
    'Sell one item to bidders whose values are correlated, to maximise expected revenue. ' +
    'You choose who wins from the bids; a fix makes the mechanism strategy-proof: the winner keeps the item only ' +
    'if it would also win with any higher bid, and pays the lowest bid from which it wins all the way up.',
  parameters,
  heuristic: { name: 'allocate', parameters: ['bids'], doc: heuristicDoc },
  configure(raw: RawParameters): ProblemInstance<ThresholdScanMechanism> {
    const values = readParameters(parameters, raw);
    const model = parseModel(String(values.model));
    const n = Number(values.n);
    const grid = bidGrid(1, Number(values.grid));
    const config = { n, grid };
    const median = model.marginal.quantile(0.5);
    return {
      problem: correlatedRevenue,
      parameters: { ...values, model: model.spec },
      n,
      describe: () =>
        `Sell one item to n = ${n} bidders. Their values are correlated: ${model.label}. ` +
        `allocate(bids) gets the bids rounded down to the grid {0, ${grid.step}, …, 1} and returns the index of the winner, or −1 for no sale. ` +
        `The fix (threshold scan) lets the winner keep the item only if it would also win at every higher grid bid, ` +
        `and charges it the lowest grid bid from which it wins all the way up; so bidding one's value is optimal and nobody pays more than their bid. ` +
        `Score: expected revenue. Because values are correlated, the other bids are informative about each bidder's value: ` +
        `a good rule can use them, for example as a personalised reserve.`,
      skeleton: () => skeleton(model.label, n, grid.step),
      starter: () => starter,
      sample: (rng, count) => sampleProfiles(rng, n, count, model.sampler(n)),
      unfixed: (heuristic) => unfixed(heuristic, config),
      fix: (heuristic) => thresholdScanFix(heuristic, config),
      evaluate: (mechanism, samples) => evaluateThresholdScan(mechanism, samples),
      baselines: (samples) => correlatedBaselines(model, n, grid, samples),
      verify: (mechanism, rng, options) => {
        const draw = model.sampler(n);
        const out = new Float64Array(n);
        const sampleProfile = (r: typeof rng) => {
          draw(r, out, 0);
          return Array.from(out);
        };
        return verifyMechanism(
          { mechanism, sampleProfile, bidRange: [0, 1], units: 1, budget: false },
          rng,
          options,
        );
      },
      plots: (mechanism) => correlatedPlots(mechanism, median),
    };
  },
};

function skeleton(label: string, n: number, h: number): string {
  return `// One item, n = ${n} bidders. Values: ${label}.
// Revenue = E[price]. allocate is called many times per profile and memoised,
// so it must be a deterministic function of the bids.
const h = ${h}; // grid step: bids are rounded down to {0, h, 2h, …, 1}

function mechanism(reportedBids) {
  const b = reportedBids.map((x) => Math.min(1, h * Math.floor(Math.max(0, x) / h)));
  const w = allocate(b.slice()); // your function
  if (!(Number.isInteger(w) && w >= 0 && w < b.length)) return { winner: -1, price: 0 };
  // The fix (threshold scan): w keeps the item only if it still wins at every
  // grid bid above its own ...
  for (let z = 1; z > b[w]; z -= h) if (allocate(withBid(b, w, z)) !== w) return { winner: -1, price: 0 };
  // ... and pays the lowest grid bid t from which it wins all the way up.
  let t = b[w];
  while (t > 0 && allocate(withBid(b, w, t - h)) === w) t -= h;
  return { winner: w, price: t };
}

function withBid(b, i, z) {
  const c = b.slice();
  c[i] = z;
  return c;
}
`;
}
