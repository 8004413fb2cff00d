import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rngStream } from '../../../src/core/rng.ts';
import type { Certificate, Mechanism, PropertyName, Witness } from '../../../src/core/types.ts';
import { verifyMechanism, type VerifySetup } from '../../../src/core/verify/verifyMechanism.ts';
import { utilityOf } from '../../../src/core/verify/utility.ts';
import {
  baileyCavallo,
  doubleAllocation,
  firstPrice,
  nearTieFirstPrice,
  secondPrice,
  singleItem,
  uniformProfiles,
  vcgWithRebate,
} from './referenceMechanisms.ts';

function auctionSetup(mechanism: Mechanism): VerifySetup {
  return {
    mechanism,
    sampleProfile: uniformProfiles(mechanism.n),
    bidRange: [0, 1],
    units: 1,
    budget: false,
  };
}

function vcgSetup(mechanism: Mechanism, m: number): VerifySetup {
  return { mechanism, sampleProfile: uniformProfiles(mechanism.n), bidRange: [0, 1], units: m, budget: true };
}

function check(certificate: Certificate, property: PropertyName) {
  const found = certificate.properties.find((p) => p.property === property);
  if (found === undefined) throw new Error(`no ${property} entry`);
  return found;
}

/** Replays an SP witness: the gain of reporting `deviation` instead of the truth. */
function replayGain(mechanism: Mechanism, { profile, agent, deviation }: Witness): number {
  const truthful = utilityOf(mechanism.outcome(profile), agent, profile[agent]);
  const misreport = profile.slice();
  misreport[agent] = deviation ?? Number.NaN;
  return utilityOf(mechanism.outcome(misreport), agent, profile[agent]) - truthful;
}

function deficitAt(mechanism: Mechanism, profile: readonly number[]): number {
  const { payments, rebates = [] } = mechanism.outcome(profile);
  return rebates.reduce((a, b) => a + b, 0) - payments.reduce((a, b) => a + b, 0);
}

const quick = { profiles: 40, deviations: 24, adversarialRounds: 3 };

describe('verifyMechanism', () => {
  it('passes the second-price auction on every property, with checks counted', () => {
    const certificate = verifyMechanism(auctionSetup(secondPrice(5)), rngStream(1, 'verify'));
    expect(certificate.passed).toBe(true);
    expect(certificate.properties.map((p) => p.property)).toEqual([
      'strategy-proof',
      'individually-rational',
      'feasible',
    ]);
    for (const p of certificate.properties) {
      expect(p.checks).toBeGreaterThan(1000);
      expect(p.maxViolation).toBe(0);
      expect(p.witness).toBeUndefined();
    }
    expect(certificate.profiles).toBeGreaterThanOrEqual(200);
    expect(certificate.checks).toBe(certificate.properties.reduce((s, p) => s + p.checks, 0));
    expect(certificate.tolerance).toBe(1e-9);
  });

  it('fails the first-price auction on SP with a witness that replays exactly', () => {
    const mechanism = firstPrice(5);
    const certificate = verifyMechanism(auctionSetup(mechanism), rngStream(2, 'verify'));
    expect(certificate.passed).toBe(false);
    const sp = check(certificate, 'strategy-proof');
    expect(sp.maxViolation).toBeGreaterThan(0.05);
    expect(sp.witness?.deviation).toBeLessThan(sp.witness?.profile[sp.witness.agent] ?? -1);
    expect(replayGain(mechanism, sp.witness!)).toBe(sp.maxViolation);
    expect(check(certificate, 'individually-rational').maxViolation).toBe(0);
    expect(check(certificate, 'feasible').maxViolation).toBe(0);
  });

  it('fails a mechanism that charges more than the bid on IR, with the negative utility as witness', () => {
    const mechanism = singleItem(4, (bid) => bid + 0.01);
    const certificate = verifyMechanism(auctionSetup(mechanism), rngStream(3, 'verify'));
    const ir = check(certificate, 'individually-rational');
    expect(certificate.passed).toBe(false);
    expect(ir.maxViolation).toBeCloseTo(0.01, 12);
    const { profile, agent } = ir.witness!;
    expect(-utilityOf(mechanism.outcome(profile), agent, profile[agent])).toBe(ir.maxViolation);
  });

  it('fails VCG with the too-generous rebate r_i = highest other bid on non-deficit', () => {
    const mechanism = vcgWithRebate(5, 2, (others) => others[0]);
    const certificate = verifyMechanism(vcgSetup(mechanism, 2), rngStream(4, 'verify'));
    const nd = check(certificate, 'non-deficit');
    expect(certificate.passed).toBe(false);
    expect(nd.maxViolation).toBeGreaterThan(1);
    expect(deficitAt(mechanism, nd.witness!.profile)).toBeCloseTo(nd.maxViolation, 12);
    expect(check(certificate, 'strategy-proof').maxViolation).toBe(0);
    expect(check(certificate, 'individually-rational').maxViolation).toBe(0);
  });

  it('fails a mechanism that gives the item to two bidders on feasibility only', () => {
    const certificate = verifyMechanism(auctionSetup(doubleAllocation(5)), rngStream(5, 'verify'));
    expect(certificate.passed).toBe(false);
    expect(check(certificate, 'feasible').maxViolation).toBe(1);
    expect(check(certificate, 'strategy-proof').maxViolation).toBe(0);
    expect(check(certificate, 'individually-rational').maxViolation).toBe(0);
  });

  it('passes VCG with Bailey–Cavallo rebates (m/n)·others_[m+1] on all four properties', () => {
    const certificate = verifyMechanism(
      vcgSetup(vcgWithRebate(5, 2, baileyCavallo(5, 2)), 2),
      rngStream(5, 'bc'),
    );
    expect(certificate.properties).toHaveLength(4);
    expect(certificate.passed).toBe(true);
    for (const [n, m] of [
      [4, 1],
      [6, 1],
      [8, 3],
    ]) {
      const setup = vcgSetup(vcgWithRebate(n, m, baileyCavallo(n, m)), m);
      expect(verifyMechanism(setup, rngStream(n, 'bc'), quick).passed).toBe(true);
    }
  });

  it('climbs to the largest deficit m·10⁻⁴ (at b_[m+1] = b_[m+2] = 1) of a Bailey–Cavallo rebate scaled by 1 + 10⁻⁴', () => {
    const mechanism = vcgWithRebate(5, 2, baileyCavallo(5, 2, 1 + 1e-4));
    const setup = vcgSetup(mechanism, 2);
    const sampled = check(
      verifyMechanism(setup, rngStream(6, 'verify'), { adversarialRounds: 0 }),
      'non-deficit',
    );
    const climbed = check(verifyMechanism(setup, rngStream(6, 'verify')), 'non-deficit');
    expect(sampled.maxViolation).toBeLessThan(1.99e-4);
    expect(climbed.maxViolation).toBeCloseTo(2e-4, 10);
    expect(deficitAt(mechanism, climbed.witness!.profile)).toBeCloseTo(climbed.maxViolation, 12);
  });

  it('finds an SP violation confined to near-ties among the competitors only through the adversarial search', () => {
    const mechanism = nearTieFirstPrice(5);
    const setup = auctionSetup(mechanism);
    const missed = verifyMechanism(setup, rngStream(7, 'verify'), { adversarialRounds: 0 });
    expect(missed.passed).toBe(true);
    for (const seed of [7, 8, 9, 10, 11]) {
      const sp = check(verifyMechanism(setup, rngStream(seed, 'verify')), 'strategy-proof');
      expect(sp.maxViolation).toBeGreaterThan(1e-3);
      expect(replayGain(mechanism, sp.witness!)).toBe(sp.maxViolation);
    }
  });

  it('gives deep-equal certificates for the same seed', () => {
    const setup = vcgSetup(
      vcgWithRebate(5, 2, (others) => 0.7 * others[1]),
      2,
    );
    const a = verifyMechanism(setup, rngStream(12, 'verify'), quick);
    const b = verifyMechanism(setup, rngStream(12, 'verify'), quick);
    expect(a.passed).toBe(false);
    expect(a).toEqual(b);
    expect(verifyMechanism(setup, rngStream(13, 'verify'), quick)).not.toEqual(a);
  });

  it('treats NaN and infinite transfers as infinite violations', () => {
    const nan = verifyMechanism(
      auctionSetup(singleItem(3, () => Number.NaN)),
      rngStream(14, 'verify'),
      quick,
    );
    expect(check(nan, 'feasible').maxViolation).toBe(Infinity);
    expect(check(nan, 'individually-rational').maxViolation).toBe(Infinity);
    const free = verifyMechanism(
      auctionSetup(singleItem(3, () => -Infinity)),
      rngStream(14, 'verify'),
      quick,
    );
    expect(check(free, 'feasible').maxViolation).toBe(Infinity);
    expect(free.passed).toBe(false);
  });

  it('is not fooled by a mechanism that reuses its outcome object or writes into its input', () => {
    const shared = { allocation: [0, 0, 0], payments: [0, 0, 0] };
    const inner = firstPrice(3);
    const sneaky: Mechanism = {
      n: 3,
      outcome(profile) {
        const { allocation, payments } = inner.outcome(profile);
        for (let i = 0; i < 3; i++) [shared.allocation[i], shared.payments[i]] = [allocation[i], payments[i]];
        (profile as Float64Array).fill(0.5);
        return shared;
      },
    };
    const sp = check(verifyMechanism(auctionSetup(sneaky), rngStream(15, 'verify'), quick), 'strategy-proof');
    expect(replayGain(firstPrice(3), sp.witness!)).toBe(sp.maxViolation);
  });

  it('allows float noise below the relative tolerance 1e-9·max(1, |low|, |high|)', () => {
    const noisy = singleItem(4, (_bid, second, profile) => second + 1e-13 * profile[0]);
    const setup = {
      ...auctionSetup(noisy),
      bidRange: [0, 100] as const,
      sampleProfile: (r: () => number) => [1, 2, 3, 4].map(() => 100 * r()),
    };
    const certificate = verifyMechanism(setup, rngStream(16, 'verify'), quick);
    expect(certificate.tolerance).toBeCloseTo(1e-7, 20);
    expect(check(certificate, 'strategy-proof').maxViolation).toBeGreaterThan(0);
    expect(certificate.passed).toBe(true);
  });

  it('rejects bad setups and lets exceptions from the mechanism propagate', () => {
    const setup = auctionSetup(secondPrice(3));
    expect(() => verifyMechanism({ ...setup, bidRange: [1, 1] }, rngStream(0, 'v'))).toThrow(/bidRange/);
    expect(() => verifyMechanism({ ...setup, sampleProfile: () => [1, 2] }, rngStream(0, 'v'))).toThrow(
      /n = 3/,
    );
    expect(() => verifyMechanism(setup, rngStream(0, 'v'), { deviations: 1.5 })).toThrow(/deviations/);
    const throwing: Mechanism = {
      n: 3,
      outcome: () => {
        throw new Error('heuristic failed');
      },
    };
    expect(() => verifyMechanism(auctionSetup(throwing), rngStream(0, 'v'))).toThrow('heuristic failed');
  });

  it('passes every second-price auction with a reserve, and fails every partial first price p = s + κ(w − s), κ ≥ 0.05', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer(),
        (n, reserve, kappa, seed) => {
          const withReserve: Mechanism = {
            n,
            outcome(profile) {
              const outcome = secondPrice(n).outcome(profile);
              const allocation = [...outcome.allocation];
              const payments = [...outcome.payments];
              const w = allocation.indexOf(1);
              if (profile[w] < reserve) return { allocation: allocation.fill(0), payments: payments.fill(0) };
              payments[w] = Math.max(reserve, payments[w]);
              return { allocation, payments };
            },
          };
          expect(verifyMechanism(auctionSetup(withReserve), rngStream(seed, 'r'), quick).passed).toBe(true);
          const partial = singleItem(n, (bid, second) => second + kappa * (bid - second));
          const sp = check(
            verifyMechanism(auctionSetup(partial), rngStream(seed, 'p'), quick),
            'strategy-proof',
          );
          expect(sp.maxViolation).toBeGreaterThan(1e-6);
          expect(replayGain(partial, sp.witness!)).toBe(sp.maxViolation);
        },
      ),
      { numRuns: 15 },
    );
  });
});
