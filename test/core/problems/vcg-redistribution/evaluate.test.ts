import { describe, expect, it } from 'vitest';
import { bidGrid } from '../../../../src/core/grid.ts';
import { baileyCavalloCoefficients } from '../../../../src/core/problems/vcg-redistribution/baileyCavallo.ts';
import {
  evaluateRedistribution,
  redistributedFraction,
} from '../../../../src/core/problems/vcg-redistribution/evaluate.ts';
import { waterfillingFix } from '../../../../src/core/problems/vcg-redistribution/fix.ts';
import { linearRebateMechanism } from '../../../../src/core/problems/vcg-redistribution/linearRebate.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { sampleProfiles } from '../../../../src/core/samples.ts';
import type { Evaluation } from '../../../../src/core/types.ts';
import { asHeuristic } from './arbitraries.ts';

const config = { n: 5, m: 1, grid: bidGrid(1, 20) };
const samples = sampleProfiles(rngStream(11, 'evaluate'), 5, 2000, (rng, out, offset) => {
  for (let i = 0; i < 5; i++) out[offset + i] = rng();
});
const metric = (evaluation: Evaluation, id: string) => evaluation.metrics.find((m) => m.id === id)?.value;

describe('evaluateRedistribution', () => {
  it('evaluateRedistribution scores Bailey–Cavallo through the fix exactly as the rule on rounded bids: nothing lowered, nothing lost', () => {
    const evaluation = evaluateRedistribution(
      waterfillingFix(
        asHeuristic((others, n, m) => (m / n) * others[m]),
        config,
      ),
      samples,
    );
    const onGrid = redistributedFraction(
      linearRebateMechanism(baileyCavalloCoefficients(5, 1), config, config.grid),
      samples,
    );
    expect(evaluation.score).toBe(onGrid.mean);
    expect(evaluation.standardError).toBe(onGrid.standardError);
    expect(metric(evaluation, 'raw-score')).toBe(evaluation.score);
    expect(metric(evaluation, 'raw-deficit-share')).toBe(0);
    expect(metric(evaluation, 'lowered-share')).toBe(0);
    expect(metric(evaluation, 'score-lost')).toBe(0);
    expect(evaluation.samples).toBe(2000);
    // Against the revenue at the rounded bids, Bailey–Cavallo keeps its worst case 1 − (m+1)/n = 0.6.
    expect(metric(evaluation, 'worst-case-on-samples')).toBeGreaterThanOrEqual(0.6 - 1e-12);
    expect(evaluation.heuristicCalls).toBeGreaterThan(2000 * 5);
  });

  it('evaluateRedistribution reports what the fix took from a too-generous rule', () => {
    const evaluation = evaluateRedistribution(
      waterfillingFix(
        asHeuristic((others) => others[0]),
        config,
      ),
      samples,
    );
    const raw = metric(evaluation, 'raw-score') ?? Number.NaN;
    expect(raw).toBeGreaterThan(4);
    expect(metric(evaluation, 'raw-deficit-share')).toBeGreaterThan(0.99);
    expect(metric(evaluation, 'lowered-share')).toBeGreaterThan(0.99);
    expect(metric(evaluation, 'score-lost')).toBeCloseTo(raw - evaluation.score, 12);
    expect(evaluation.score).toBeGreaterThan(0);
    expect(evaluation.score).toBeLessThanOrEqual(1);
    const worst = metric(evaluation, 'worst-case-on-samples') ?? Number.NaN;
    expect(worst).toBeGreaterThanOrEqual(0);
    expect(worst).toBeLessThanOrEqual(evaluation.score);
  });

  it('evaluateRedistribution of the starter scores 0 with one call per agent and profile', () => {
    const evaluation = evaluateRedistribution(
      waterfillingFix(
        asHeuristic(() => 0),
        config,
      ),
      samples,
    );
    expect(evaluation.score).toBe(0);
    expect(evaluation.standardError).toBe(0);
    expect(evaluation.heuristicCalls).toBeLessThanOrEqual(2000 * 5);
  });

  it('evaluateRedistribution gives the same figures when run twice with fresh mechanisms', () => {
    const run = () => {
      const { milliseconds: _, ...rest } = evaluateRedistribution(
        waterfillingFix(
          asHeuristic((others) => 0.4 * others[1] - 0.1 * others[3]),
          config,
        ),
        samples,
      );
      return rest;
    };
    expect(run()).toEqual(run());
  });

  it('evaluateRedistribution rejects samples for a different number of agents', () => {
    const mechanism = waterfillingFix(
      asHeuristic(() => 0),
      { ...config, n: 4 },
    );
    expect(() => evaluateRedistribution(mechanism, samples)).toThrow(/5 agents/);
  });
});
