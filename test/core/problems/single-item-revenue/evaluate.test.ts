import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uniform } from '../../../../src/core/distributions/uniform.ts';
import { bidGrid, gridIndex } from '../../../../src/core/grid.ts';
import { evaluateAuction } from '../../../../src/core/problems/single-item-revenue/evaluate.ts';
import { monotoneEnvelopeFix } from '../../../../src/core/problems/single-item-revenue/fix.ts';
import type { AuctionConfig } from '../../../../src/core/problems/single-item-revenue/skeleton.ts';
import { unfixedPriorityAuction } from '../../../../src/core/problems/single-item-revenue/unfixed.ts';
import { rngStream } from '../../../../src/core/rng.ts';
import { profileAt, sampleProfiles } from '../../../../src/core/samples.ts';
import type { Evaluation, Mechanism, SampleSet } from '../../../../src/core/types.ts';
import { arbitraryPriority } from './arbitraryPriority.ts';

function samplesOf(n: number, count: number, seed = 1): SampleSet {
  const dist = uniform(0, 1);
  return sampleProfiles(rngStream(seed, 'evaluate-test'), n, count, (rng, out, offset) => {
    for (let i = 0; i < n; i++) out[offset + i] = dist.sample(rng);
  });
}

/** Returns the mean revenue of `mechanism` on `samples`, through outcome() only. */
function revenueThroughOutcome(mechanism: Mechanism, samples: SampleSet): number {
  let total = 0;
  for (let s = 0; s < samples.count; s++) {
    total += mechanism.outcome(profileAt(samples, s)).payments.reduce((a, b) => a + b, 0);
  }
  return total / samples.count;
}

function metric(evaluation: Evaluation, id: string): number {
  const found = evaluation.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found.value;
}

describe('evaluateAuction(auction, samples)', () => {
  it('scores what outcome() charges, and the raw score is what the unfixed skeleton charges — for any heuristic', () => {
    fc.assert(
      fc.property(
        arbitraryPriority(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 3, max: 50 }),
        ({ priority }, n, steps) => {
          const config: AuctionConfig = { n, grid: bidGrid(1, steps) };
          const samples = samplesOf(n, 200);
          const fixed = monotoneEnvelopeFix(priority, config);
          const evaluation = evaluateAuction(fixed, samples);
          expect(evaluation.score).toBeCloseTo(revenueThroughOutcome(fixed, samples), 12);
          // The unfixed skeleton on the very same raw table (the heuristic may have hidden state).
          const unfixed = unfixedPriorityAuction(
            (bid, bidder) => fixed.raw[bidder][gridIndex(config.grid, bid)],
            config,
          );
          expect(metric(evaluation, 'raw-score')).toBeCloseTo(revenueThroughOutcome(unfixed, samples), 12);
          expect(metric(evaluation, 'score-lost')).toBeCloseTo(
            metric(evaluation, 'raw-score') - evaluation.score,
            12,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports the share of grid points the envelope raised, per bidder and overall', () => {
    const grid = bidGrid(1, 10);
    // Bidder 0 falls everywhere (10 of 11 points raised), bidder 1 rises (none raised).
    const evaluation = evaluateAuction(
      monotoneEnvelopeFix((bid, bidder) => (bidder === 0 ? 1 - bid : bid), { n: 2, grid }),
      samplesOf(2, 100),
    );
    expect(metric(evaluation, 'raised-share-0')).toBeCloseTo(10 / 11, 12);
    expect(metric(evaluation, 'raised-share-1')).toBe(0);
    expect(metric(evaluation, 'raised-share')).toBeCloseTo(5 / 11, 12);
  });

  it('leaves a monotone heuristic unchanged: nothing raised, no revenue lost', () => {
    const evaluation = evaluateAuction(
      monotoneEnvelopeFix((bid) => 2 * bid - 1, { n: 3, grid: bidGrid(1, 100) }),
      samplesOf(3, 2000),
    );
    expect(metric(evaluation, 'raised-share')).toBe(0);
    expect(metric(evaluation, 'score-lost')).toBe(0);
    expect(metric(evaluation, 'raw-score')).toBe(evaluation.score);
  });

  it('reports samples, standard error, heuristic calls, grid step and sale rate', () => {
    const samples = samplesOf(2, 5000);
    const evaluation = evaluateAuction(
      monotoneEnvelopeFix((bid) => bid - 0.5, { n: 2, grid: bidGrid(1, 200) }),
      samples,
    );
    expect(evaluation.samples).toBe(5000);
    expect(evaluation.heuristicCalls).toBe(2 * 201);
    expect(metric(evaluation, 'grid-step')).toBe(0.005);
    // A reserve of 0.5 sells unless both values are below it: 3/4 of the time (binomial sd ≈ 0.006).
    expect(Math.abs(metric(evaluation, 'sale-rate') - 0.75)).toBeLessThan(0.025);
    // Revenue of second price with reserve 1/2, U[0, 1], n = 2 is 5/12.
    expect(Math.abs(evaluation.score - 5 / 12)).toBeLessThan(3 * evaluation.standardError + 0.005);
    expect(evaluation.standardError).toBeGreaterThan(0);
    expect(evaluation.milliseconds).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic: the same samples and heuristic give the same evaluation', () => {
    const run = () => {
      const {
        milliseconds: _ms,
        metrics,
        ...rest
      } = evaluateAuction(
        monotoneEnvelopeFix((bid, bidder) => Math.sin(7 * bid + bidder), { n: 3, grid: bidGrid(1, 50) }),
        samplesOf(3, 1000, 9),
      );
      return { ...rest, metrics: metrics.filter((m) => m.id !== 'fix-milliseconds') };
    };
    expect(run()).toEqual(run());
  });

  it('rejects samples with another number of bidders', () => {
    const auction = monotoneEnvelopeFix((bid) => bid, { n: 2, grid: bidGrid(1, 10) });
    expect(() => evaluateAuction(auction, samplesOf(3, 10))).toThrow(/3 bidders/);
  });
});
