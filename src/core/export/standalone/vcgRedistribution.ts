/**
 * VCG with the waterfilling fix (mechanism-notes §2) as standalone
 * JavaScript. It computes r_i = max(0, h⁺(ȳ_i) − Λ(ȳ_i)) directly from the
 * definition, Λ(ȳ) = max over grid completions x of the water level
 * λ(ȳ ∪ {x}), instead of the shared sub-profile tables of
 * problems/vcg-redistribution/fix.ts: the same rebates for any heuristic
 * that is a function of its arguments, in n²·(K + 1) heuristic calls per
 * profile (memoised per profile).
 */
import { parseDistribution } from '../../distributions/parse.ts';
import { bidGrid } from '../../grid.ts';
import type { ParameterValues } from '../../parameters.ts';
import { DEFICIT_NOISE } from '../../problems/vcg-redistribution/waterLevel.ts';
import { gridSource } from './grid.ts';
import { exampleProfile, type StandaloneFix } from './standaloneFix.ts';

/** Returns VCG with the waterfilling fix around `rebate` for the checked parameters `values`. */
export function vcgRedistributionFix(values: ParameterValues): StandaloneFix {
  const n = Number(values.n);
  const m = Number(values.m);
  const grid = bidGrid(parseDistribution(String(values.dist)).high, Number(values.grid));
  const source = `const n = ${n}; // agents, each wanting one unit
const m = ${m}; // identical units
${gridSource(grid)}

/** Returns a bid as VCG reads it: NaN, ±Infinity and negative bids count as 0. */
function sanitizeBid(bid) {
  return bid > 0 && bid < Infinity ? bid : 0;
}

/**
 * Returns h⁺: the heuristic's rebate for the others' grid indices (descending), as the fix reads
 * it. Anything but a positive finite number gives 0; more than m·H, what VCG can ever collect,
 * gives m·H. \`memo\` holds the answers of the current profile, so each sub-profile is asked once.
 */
function proposal(others, memo) {
  const key = others.join(',');
  let value = memo.get(key);
  if (value === undefined) {
    const answer = rebate(others.map(gridValue), n, m);
    value = typeof answer !== 'number' || !(answer > 0) || answer === Infinity ? 0 : Math.min(answer, m * H);
    memo.set(key, value);
  }
  return value;
}

/** Deficits up to this fraction of the revenue count as floating-point noise. */
const DEFICIT_NOISE = ${DEFICIT_NOISE};

/** Returns the water level: the smallest λ ≥ 0 with Σ max(0, a_k − λ) ≤ revenue. */
function waterLevel(rebates, revenue) {
  const sum = rebates.reduce((a, b) => a + b, 0);
  if (sum <= revenue * (1 + DEFICIT_NOISE)) return 0;
  const sorted = [...rebates].sort((a, b) => b - a);
  let prefix = 0;
  for (let t = 1; t <= sorted.length; t++) {
    prefix += sorted[t - 1];
    const level = (prefix - revenue) / t;
    if (t === sorted.length || level >= sorted[t]) return level;
  }
  return 0;
}

/** Returns λ of a complete grid profile (indices, descending): the rebates it proposes, drained to V. */
function profileLevel(profile, memo) {
  const proposals = profile.map((_, k) => proposal(profile.filter((__, j) => j !== k), memo));
  return waterLevel(proposals, m * gridValue(profile[m]));
}

/**
 * Returns the fixed rebate of an agent whose others have the grid indices \`others\` (descending):
 * its proposal minus the worst water level over every grid bid x it could have, never below 0.
 */
function fixedRebate(others, memo) {
  const proposed = proposal(others, memo);
  if (proposed <= 0) return 0;
  let worst = 0;
  for (let x = 0; x <= K; x++) {
    const completion = [...others, x].sort((a, b) => b - a);
    worst = Math.max(worst, profileLevel(completion, memo));
    if (worst >= proposed) return 0;
  }
  return proposed - worst;
}

/**
 * Returns the outcome at the reported bids: VCG gives the m units to the m highest bids (ties go
 * to the lowest index), each winner pays the (m+1)-th highest bid, and every agent gets back a
 * rebate computed from the others' bids alone. Strategy-proof, individually rational, and the
 * rebates never add up to more than VCG collects, on every profile. Cost: about n²·(K + 1) calls
 * of rebate() per profile.
 */
export function mechanism(bids) {
  checkBids(bids);
  const clean = bids.map(sanitizeBid);
  const order = clean.map((_, i) => i).sort((a, b) => clean[b] - clean[a] || a - b);
  const outcome = emptyOutcome();
  for (let r = 0; r < m; r++) {
    outcome.allocation[order[r]] = 1;
    outcome.payments[order[r]] = clean[order[m]];
  }
  const index = clean.map(gridIndex);
  const memo = new Map();
  outcome.rebates = index.map((_, i) =>
    fixedRebate(index.filter((__, j) => j !== i).sort((a, b) => b - a), memo),
  );
  return outcome;
}`;
  return {
    source,
    title: 'the waterfilling fix: rebates lowered by the worst-case water level, never below 0',
    exampleBids: exampleProfile(n, grid.top),
  };
}
