import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateCandidate,
  evaluateStaged,
  evaluationSession,
  prepareEvaluation,
} from '../../../src/core/evolution/evaluateCandidate.ts';
import {
  defaultScreening,
  passesScreen,
  screeningBar,
  screeningRequest,
} from '../../../src/core/evolution/screening.ts';
import type { CandidateEvaluation } from '../../../src/core/evolution/ports.ts';
import type { ScreenedOut } from '../../../src/core/evolution/screening.ts';
import { untimed } from './untimed.ts';

/** Returns a staged evaluation that was not screened out, as the full evaluation it then is. */
function full(evaluation: CandidateEvaluation | ScreenedOut): CandidateEvaluation {
  expect(evaluation.status).not.toBe('screened-out');
  return evaluation as CandidateEvaluation;
}

const vcg = prepareEvaluation({ problem: 'vcg-redistribution', parameters: {}, seed: 5, samples: 512 });
const baileyCavallo = readFileSync('examples/bailey-cavallo.js', 'utf8');
/** Returns m/n of the lowest other bid: a poor rule (about 0.25 of the revenue at n = 5). */
const poorRule = 'function rebate(others, n, m) { return (m / n) * others[others.length - 1]; }';

describe('screening: the bar and the test', () => {
  it('screeningBar is the top-th best distinct finite score, or −Infinity when the island holds fewer', () => {
    expect(screeningBar([0.5, 0.9, 0.7, 0.9, 0.2], 3)).toBe(0.5);
    expect(screeningBar([0.5, 0.9, 0.7], 1)).toBe(0.9);
    expect(screeningBar([0.9, 0.9, 0.9, Number.NaN], 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(screeningBar([], 1)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('screeningRequest asks for no first stage without a config or without a bar', () => {
    expect(screeningRequest(null, [1, 2, 3])).toBeNull();
    expect(screeningRequest(defaultScreening, [1, 2])).toBeNull();
    expect(screeningRequest(defaultScreening, [1, 2, 3, 4])).toEqual({ samples: 512, z: 3, bar: 2 });
  });

  it('passesScreen lets through whatever is within z standard errors of the bar, and NaN estimates', () => {
    const request = { samples: 512, z: 3, bar: 0.8 };
    expect(passesScreen(0.75, 0.02, request)).toBe(true);
    expect(passesScreen(0.73, 0.02, request)).toBe(false);
    expect(passesScreen(Number.NaN, Number.NaN, request)).toBe(true);
  });
});

describe('evaluateStaged', () => {
  it('gives exactly evaluateCandidate’s record to a candidate that passes, and to one asked without screening', () => {
    const whole = untimed(evaluateCandidate(vcg, baileyCavallo));
    expect(whole.status).toBe('ok');
    const lowBar = { samples: 64, z: 3, bar: (whole.score ?? 0) - 0.05 };
    expect(untimed(full(evaluateStaged(vcg, baileyCavallo, lowBar)))).toEqual(whole);
    expect(untimed(full(evaluateStaged(vcg, baileyCavallo, null)))).toEqual(whole);
    // A first stage as large as the sample set is no stage at all.
    expect(full(evaluateStaged(vcg, poorRule, { samples: 512, z: 0, bar: 10 })).status).toBe('ok');
  });

  it('screens out a candidate below the bar on the first profiles, with its first-stage figures and no verification', () => {
    const whole = evaluateCandidate(vcg, poorRule);
    const bar = (evaluateCandidate(vcg, baileyCavallo).score ?? 0) - 0.01;
    const staged = evaluateStaged(vcg, poorRule, { samples: 128, z: 3, bar });
    expect(staged.status).toBe('screened-out');
    expect(staged.score).toBeNull();
    expect(staged.verification).toBeNull();
    expect(staged.error?.message).toMatch(
      /^scored 0\.\d+ ± 0\.\d+ on the first 128 profiles, below the bar 0\.\d+/,
    );
    const [first, shownBar] = staged.metrics;
    expect(first.id).toBe('screening-score');
    expect(first.value).toBeLessThan(bar);
    expect(Math.abs(first.value - (whole.score ?? 0))).toBeLessThan(4 * (first.standardError ?? 0));
    expect(shownBar).toMatchObject({ id: 'screening-bar', value: bar });
    expect(staged.metrics.map((m) => m.id)).toContain('raw-score');
  });

  it('reports a failure on the first stage as the full evaluation does', () => {
    const failing = 'function rebate(others, n, m) { return others[0] > 0.5 ? NaN : 0; }';
    const staged = untimed(full(evaluateStaged(vcg, failing, { samples: 64, z: 3, bar: 0.9 })));
    expect(staged).toEqual(untimed(evaluateCandidate(vcg, failing)));
    expect(staged.status).toBe('invalid-output');
  });

  it('is what an evaluation session exposes to a worker, after prepare()', () => {
    const session = evaluationSession();
    expect(() => session.evaluateStaged(poorRule, null)).toThrow(/before prepare/);
    session.prepare({ problem: 'vcg-redistribution', parameters: {}, seed: 5, samples: 512 });
    expect(session.evaluateStaged(poorRule, { samples: 128, z: 3, bar: 0.9 }).status).toBe('screened-out');
  });
});
