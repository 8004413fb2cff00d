import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateCandidate,
  evaluationSession,
  prepareEvaluation,
  verificationBudget,
  verificationBudgetFor,
  type PreparedEvaluation,
} from '../../../src/core/evolution/evaluateCandidate.ts';
import type { CandidateEvaluation, EvaluationSetup } from '../../../src/core/evolution/ports.ts';
import type { ProblemId } from '../../../src/core/problem.ts';
import type { Certificate } from '../../../src/core/types.ts';
import { untimed } from './untimed.ts';

/** A small setup of `problem` at its default parameters. */
const setupOf = (problem: ProblemId, seed = 7): EvaluationSetup => ({
  problem,
  parameters: {},
  seed,
  samples: 256,
});

const prepared = {
  single: prepareEvaluation(setupOf('single-item-revenue')),
  vcg: prepareEvaluation(setupOf('vcg-redistribution')),
  correlated: prepareEvaluation(setupOf('correlated-revenue')),
};

/** Returns the evaluation's error, asserting the status, with no score. */
function failure(evaluation: CandidateEvaluation, status: CandidateEvaluation['status']) {
  expect(evaluation.status).toBe(status);
  expect(evaluation.error?.reason).toBe(status);
  expect(evaluation.score).toBeNull();
  expect(evaluation.evaluationMilliseconds).toBeGreaterThanOrEqual(0);
  return evaluation.error!;
}

describe('prepareEvaluation(setup)', () => {
  it('draws the same samples for the same seed, and others for another seed', () => {
    const again = prepareEvaluation(setupOf('single-item-revenue'));
    expect(again.samples).toEqual(prepared.single.samples);
    expect(again.samples.count).toBe(256);
    expect(prepareEvaluation(setupOf('single-item-revenue', 8)).samples).not.toEqual(prepared.single.samples);
  });

  it('throws a ParameterError for parameters the problem does not allow', () => {
    const bad = { ...setupOf('single-item-revenue'), parameters: { n: 0 } };
    expect(() => prepareEvaluation(bad)).toThrow(expect.objectContaining({ name: 'ParameterError' }));
  });
});

describe('evaluateCandidate scores code that works', () => {
  const examples: [string, PreparedEvaluation, string][] = [
    ['myerson-uniform.js', prepared.single, 'examples/myerson-uniform.js'],
    ['non-monotone.js', prepared.single, 'examples/non-monotone.js'],
    ['bailey-cavallo.js', prepared.vcg, 'examples/bailey-cavallo.js'],
    ['reserve-highest.js', prepared.correlated, 'examples/reserve-highest.js'],
  ];
  it.each(examples)(
    '%s is ok, with score, standard error, metrics and a passed verification',
    (_, on, path) => {
      const evaluation = evaluateCandidate(on, readFileSync(path, 'utf8'));
      expect(evaluation.status).toBe('ok');
      expect(evaluation.error).toBeNull();
      expect(Number.isFinite(evaluation.score)).toBe(true);
      expect(evaluation.standardError).toBeGreaterThan(0);
      expect(evaluation.metrics.map((m) => m.id)).toContain('raw-score');
      expect(evaluation.verification).toMatchObject({ passed: true, maxViolation: 0 });
      expect(evaluation.verification!.checks).toBeGreaterThan(1000);
    },
  );

  it('gives the same result for the same code twice, apart from timing', () => {
    const code = readFileSync('examples/non-monotone.js', 'utf8');
    const first = evaluateCandidate(prepared.single, code);
    const second = evaluateCandidate(prepareEvaluation(setupOf('single-item-revenue')), code);
    expect(untimed(second)).toEqual(untimed(first));
  });

  it('returns plain data that survives a structured clone unchanged', () => {
    const evaluation = evaluateCandidate(
      prepared.correlated,
      readFileSync('examples/reserve-highest.js', 'utf8'),
    );
    expect(structuredClone(evaluation)).toEqual(evaluation);
  });
});

describe('evaluateCandidate reports what is wrong with the code', () => {
  it('a syntax error is a parse-error with line and column', () => {
    const error = failure(
      evaluateCandidate(prepared.single, 'function priority(bid, bidder, n) {\n  return bid +;\n}'),
      'parse-error',
    );
    expect(error).toMatchObject({ line: 2, column: 14 });
    expect(error.message).toMatch(/^Syntax error: Unexpected token/);
  });

  it('a wrong signature is a parse-error that names the expected one', () => {
    const error = failure(
      evaluateCandidate(prepared.single, 'function priority(bid, n) { return bid; }'),
      'parse-error',
    );
    expect(error.message).toContain('`priority(bid, bidder, n)`');
  });

  it('a forbidden global is forbidden, with where it is', () => {
    const code = 'function priority(bid, bidder, n) {\n  return Date.now();\n}';
    const error = failure(evaluateCandidate(prepared.single, code), 'forbidden');
    expect(error).toMatchObject({ line: 2, column: 9 });
    expect(error.message).toMatch(/^`Date` is not available to heuristics/);
  });

  it('an exception is a runtime-error that names the failing call and the error', () => {
    const code = 'function allocate(bids) { if (bids[0] > 0.5) throw new Error("no"); return 0; }';
    expect(failure(evaluateCandidate(prepared.correlated, code), 'runtime-error').message).toBe(
      'allocate([0.62, 0.46]) threw Error: no; return a number for every input instead of throwing',
    );
  });

  it('an exception of the top-level code is a runtime-error', () => {
    const code =
      'const table = [1, 2].map((x) => { throw new TypeError("early"); });\nfunction priority(bid, bidder, n) { return bid; }';
    expect(failure(evaluateCandidate(prepared.single, code), 'runtime-error').message).toBe(
      "the program's top-level code threw TypeError: early; top-level consts must be plain values",
    );
  });

  it('endless recursion is a runtime-error, not a crash', () => {
    const code = 'function priority(bid, bidder, n) { return priority(bid, bidder, n) + 1; }';
    expect(failure(evaluateCandidate(prepared.single, code), 'runtime-error').message).toMatch(
      /^priority\(0, 0, 2\) threw RangeError: Maximum call stack size exceeded/,
    );
  });

  it('NaN is an invalid-output that names the call', () => {
    const code = 'function priority(bid, bidder, n) { return bid > 0.5 ? NaN : bid; }';
    expect(failure(evaluateCandidate(prepared.single, code), 'invalid-output').message).toBe(
      'priority(0.502, 0, 2) returned NaN; return a finite number for every input',
    );
  });

  it('Infinity is an invalid-output, with array arguments shown', () => {
    const code = 'function rebate(others, n, m) { return others[0] > 0.5 ? Infinity : 0; }';
    expect(failure(evaluateCandidate(prepared.vcg, code), 'invalid-output').message).toBe(
      'rebate([0.9, 0.33, 0.28, 0.02], 5, 1) returned Infinity; return a finite number for every input',
    );
  });

  it('a missing return is an invalid-output', () => {
    const code = 'function allocate(bids) { if (bids[0] < 2) return; return 0; }';
    expect(failure(evaluateCandidate(prepared.correlated, code), 'invalid-output').message).toMatch(
      /^allocate\(\[[^\]]*\]\) returned undefined;/,
    );
  });
});

describe('evaluateCandidate keeps MechLab faults apart from the code', () => {
  const code = 'function priority(bid, bidder, n) { return bid; }';

  it('a certificate that fails is verification-failed, with the metrics kept', () => {
    const failing: Certificate = {
      profiles: 1,
      checks: 3,
      tolerance: 1e-9,
      passed: false,
      properties: [
        {
          property: 'strategy-proof',
          checks: 2,
          maxViolation: 0.25,
          witness: { profile: [0.5, 0.75], agent: 0, amount: 0.25 },
        },
        { property: 'individually-rational', checks: 1, maxViolation: 0 },
      ],
    };
    const broken = { ...prepared.single, instance: { ...prepared.single.instance, verify: () => failing } };
    const evaluation = evaluateCandidate(broken, code);
    expect(failure(evaluation, 'verification-failed').message).toBe(
      'the fixed mechanism is not strategy-proof (violation 0.25 at profile [0.5, 0.75]); ' +
        'the fix rules this out for code that answers the same arguments the same way, so either the code ' +
        'keeps state between calls or this is a bug in MechLab',
    );
    expect(evaluation.verification).toEqual({ passed: false, checks: 3, maxViolation: 0.25 });
    expect(evaluation.metrics.length).toBeGreaterThan(0);
  });

  it('an exception that did not come from the heuristic propagates', () => {
    const bug = new Error('a bug in the fix');
    const broken = {
      ...prepared.single,
      instance: {
        ...prepared.single.instance,
        fix: () => {
          throw bug;
        },
      },
    };
    expect(() => evaluateCandidate(broken, code)).toThrow(bug);
  });
});

describe('evaluationSession()', () => {
  it('evaluates like evaluateCandidate once prepared', () => {
    const session = evaluationSession();
    session.prepare(setupOf('single-item-revenue'));
    const code = readFileSync('examples/myerson-uniform.js', 'utf8');
    expect(untimed(session.evaluate(code))).toEqual(untimed(evaluateCandidate(prepared.single, code)));
  });

  it('refuses to evaluate before it is prepared', () => {
    expect(() => evaluationSession().evaluate('function priority(b, i, n) { return b; }')).toThrow(
      /before prepare/,
    );
  });
});

describe('verificationBudgetFor(n)', () => {
  it('keeps the full budget up to n = 5 and gives larger settings fewer profiles, never fewer than 2', () => {
    expect(verificationBudgetFor(2)).toBe(verificationBudget);
    expect(verificationBudgetFor(5)).toBe(verificationBudget);
    expect(verificationBudgetFor(6)).toEqual({ ...verificationBudget, profiles: 7 });
    expect(verificationBudgetFor(10)).toEqual({ ...verificationBudget, profiles: 4 });
    expect(verificationBudgetFor(40)).toEqual({ ...verificationBudget, profiles: 2 });
  });
});
