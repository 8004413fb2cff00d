import { describe, expect, it } from 'vitest';
import { rngStream } from '../../../src/core/rng.ts';
import { MechanismProbe } from '../../../src/core/verify/probe.ts';
import { bestDeviation, deviationCount, fillDeviations } from '../../../src/core/verify/strategyProof.ts';
import { firstPrice } from './referenceMechanisms.ts';

describe('fillDeviations', () => {
  it('covers the range evenly, adds random points, points around the truth and at and around each competitor', () => {
    const values = Float64Array.from([0.5, 0.25, 1]);
    const points = new Float64Array(deviationCount(3, 5, 2));
    expect(points.length).toBe(5 + 2 + 6 + 6);
    fillDeviations(points, values, 0, [0, 1], 5, 2, rngStream(1, 'dev'));
    const list = Array.from(points);
    expect(list.slice(0, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(list.slice(7, 13)).toEqual([
      0.5 - 1e-9,
      0.5 + 1e-9,
      0.5 - 1e-6,
      0.5 + 1e-6,
      0.5 - 1e-3,
      0.5 + 1e-3,
    ]);
    expect(list.slice(13)).toEqual([0.25 - 1e-7, 0.25, 0.25 + 1e-7, 1 - 1e-7, 1, 1]);
    for (const x of list) expect(x >= 0 && x <= 1).toBe(true);
  });
});

describe('bestDeviation', () => {
  it('finds the shaded bid of a first-price winner and records one SP check per point', () => {
    const probe = new MechanismProbe(firstPrice(2), 1, false);
    const values = Float64Array.from([0.8, 0.3]);
    const points = Float64Array.from([0.8, 0.5, 0.31, 0.2]);
    const best = bestDeviation(probe, values, 0, 0, points, new Float64Array(2));
    expect(best.bid).toBe(0.31);
    expect(best.gain).toBeCloseTo(0.49, 12);
    expect(probe.strategyProof.checks).toBe(4);
    expect(probe.strategyProof.witness).toEqual({
      profile: [0.8, 0.3],
      agent: 0,
      deviation: 0.31,
      amount: best.gain,
    });
    expect(probe.individuallyRational.checks).toBe(8);
  });
});
