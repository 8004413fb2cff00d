/**
 * Evaluation of one candidate, as the evaluator's workers run it: compile
 * the code, guard its outputs, fix, score on the run's shared samples and
 * verify with a small budget — or, staged (screening.ts), score on a
 * prefix of the samples first and go on only if the candidate could reach
 * its island's top. Everything the code can do wrong becomes a status with
 * a message a model can act on; only a bug in MechLab throws.
 *
 * Samples are drawn once per worker from the run's seed (prepareEvaluation,
 * a few milliseconds: 0.5–13 ms for 4,096 profiles, measured), not sent:
 * drawing costs about what copying them into a worker would, and keeps
 * every worker's set identical by construction.
 */
import { agreementMeter, type AgreementMeter } from '../nn/agreement.ts';
import type { Heuristic, HeuristicSignature, ProblemInstance, VerifyOptions } from '../problem.ts';
import { problemById } from '../problems/index.ts';
import { rngStream } from '../rng.ts';
import { samplePrefix } from '../samples.ts';
import { compileHeuristic, type CompileError, type CompileResult } from '../sandbox/compile.ts';
import type { Certificate, Evaluation, SampleSet } from '../types.ts';
import { errorText, failureMessage, guardOutputs, type GuardedFailure } from './outputGuard.ts';
import type { CandidateEvaluation, EvaluationSetup } from './ports.ts';
import type { CandidateError } from './record.ts';
import { passesScreen, screenedOut, type ScreenedOut, type ScreeningRequest } from './screening.ts';

/**
 * The verifier's budget per candidate: a safety net, since the fixes make
 * every mechanism strategy-proof by construction. Measured at the default
 * parameters against fix + evaluation of 4,096 samples: vcg-redistribution
 * 70 ms against 320 ms (each outcome costs what a sampled profile costs),
 * single-item-revenue and correlated-revenue under 1 ms against 13–24 ms.
 * One adversarial round would cost as much as the evaluation on
 * vcg-redistribution; the full check is `mechlab eval`'s job.
 */
export const verificationBudget: VerifyOptions = Object.freeze({
  profiles: 8,
  deviations: 8,
  adversarialRounds: 0,
});

/**
 * Returns the verification budget for `n` agents: verificationBudget's 8
 * profiles up to n = 5, fewer above (⌊40/n⌉, at least 2). The verifier
 * tries misreports for every agent, so its cost grows with n while the
 * evaluation's does not: at n = 10, m = 3 the full budget cost 0.44 s
 * against 0.5 s for fix + evaluation (measured), half as much with 4.
 */
export function verificationBudgetFor(n: number): VerifyOptions {
  const profiles = Math.max(2, Math.min(verificationBudget.profiles ?? 8, Math.round(40 / n)));
  return profiles === verificationBudget.profiles ? verificationBudget : { ...verificationBudget, profiles };
}

/** A run's problem, configured once, and its sample set, drawn once. */
export interface PreparedEvaluation {
  readonly setup: EvaluationSetup;
  readonly instance: ProblemInstance;
  readonly samples: SampleSet;
  /** Measures agreement with the run's network (null without one): recorded as metrics. */
  readonly agreement: AgreementMeter | null;
}

/** Returns the problem configured with `setup.parameters` and the samples of `setup.seed`; throws a ParameterError. */
export function prepareEvaluation(setup: EvaluationSetup): PreparedEvaluation {
  const instance = problemById(setup.problem).configure(setup.parameters);
  const samples = instance.sample(rngStream(setup.seed, 'evaluation'), setup.samples);
  const agreement = setup.network ? agreementMeter(setup.network, instance, samples) : null;
  return { setup, instance, samples, agreement };
}

/** What a candidate evaluation is before its time is known. */
type Untimed = Omit<CandidateEvaluation, 'evaluationMilliseconds'>;

/** How a candidate can fail here ('timeout' is the pool's, 'duplicate' the loop's; 'screened-out' is no failure). */
type FailureReason = Exclude<CandidateEvaluation['status'], 'ok' | 'timeout' | 'screened-out'>;

/** Returns a failed evaluation: `reason`, `message` and, for compile errors, where. */
function failed(
  reason: FailureReason,
  message: string,
  at?: Pick<CandidateError, 'line' | 'column'>,
): Untimed {
  return {
    status: reason,
    error: { reason, message, ...at },
    score: null,
    standardError: null,
    metrics: [],
    verification: null,
  };
}

/** Returns the failure for a CompileError: a signature mismatch counts as a parse error. */
function compileFailure(error: CompileError): Untimed {
  const reason = error.reason === 'forbidden' ? 'forbidden' : 'parse-error';
  const at = error.line === undefined ? undefined : { line: error.line, column: error.column ?? 0 };
  return failed(reason, error.message, at);
}

/** Returns the failure for what the guard saw: an exception or a non-finite output. */
function guardFailure(failure: GuardedFailure): Untimed {
  const reason = failure.kind === 'threw' ? 'runtime-error' : 'invalid-output';
  return failed(reason, failureMessage(failure));
}

/** Returns the evaluation of a mechanism that was scored and verified. */
function scored(evaluation: Evaluation, certificate: Certificate): Untimed {
  const maxViolation = Math.max(0, ...certificate.properties.map((p) => p.maxViolation));
  const verification = { passed: certificate.passed, checks: certificate.checks, maxViolation };
  if (certificate.passed) {
    return {
      status: 'ok',
      error: null,
      score: evaluation.score,
      standardError: evaluation.standardError,
      metrics: evaluation.metrics,
      verification,
    };
  }
  const worst = certificate.properties.reduce((a, b) => (b.maxViolation > a.maxViolation ? b : a));
  const at = worst.witness === undefined ? '' : ` at profile [${worst.witness.profile.join(', ')}]`;
  const message =
    `the fixed mechanism is not ${worst.property} (violation ${worst.maxViolation}${at}); ` +
    'the fix rules this out for code that answers the same arguments the same way, so either the code ' +
    'keeps state between calls or this is a bug in MechLab';
  return { ...failed('verification-failed', message), metrics: evaluation.metrics, verification };
}

/** Returns the compiled heuristic, or the failure: a compile error, or an exception of its top-level code. */
function loadHeuristic(code: string, signature: HeuristicSignature): Heuristic | Untimed {
  let compiled: CompileResult;
  try {
    // Compiling runs the program's top-level const initialisers: the candidate's code.
    compiled = compileHeuristic(code, signature);
  } catch (error) {
    const message = `the program's top-level code threw ${errorText(error)}; top-level consts must be plain values`;
    return failed('runtime-error', message);
  }
  return compiled.ok ? compiled.heuristic : compileFailure(compiled.error);
}

/** What a staged evaluation is before its time is known. */
type UntimedStaged = Untimed | Omit<ScreenedOut, 'evaluationMilliseconds'>;

/**
 * Runs `heuristic` through the fix, the evaluation and the verifier, or
 * returns what it did wrong. With `screening`, the first stage scores the
 * same mechanism on a prefix of the samples; a candidate that passes is
 * then scored on the whole set exactly as without screening.
 */
function fixAndScore(
  prepared: PreparedEvaluation,
  heuristic: Heuristic,
  signature: HeuristicSignature,
  screening: ScreeningRequest | null,
): UntimedStaged {
  const { instance, samples, setup, agreement } = prepared;
  const guard = guardOutputs(heuristic, signature.name, signature.parameters.length);
  try {
    const mechanism = instance.fix(guard.heuristic);
    if (screening !== null && screening.samples < samples.count) {
      const first = instance.evaluate(mechanism, samplePrefix(samples, screening.samples));
      if (guard.failure !== null) return guardFailure(guard.failure);
      if (!passesScreen(first.score, first.standardError, screening))
        return screenedOut(first.score, first.standardError, first.metrics, screening);
    }
    const scoredOnly = instance.evaluate(mechanism, samples);
    const evaluation = agreement
      ? { ...scoredOnly, metrics: [...scoredOnly.metrics, ...agreement(mechanism)] }
      : scoredOnly;
    const certificate = instance.verify(
      mechanism,
      rngStream(setup.seed, 'verification'),
      verificationBudgetFor(instance.n),
    );
    // The guard throws at the first failure; a problem that caught it would still be found out here.
    return guard.failure === null ? scored(evaluation, certificate) : guardFailure(guard.failure);
  } catch (error) {
    // Only what passed through the guard is the candidate's doing; anything else is MechLab's.
    if (guard.failure === null) throw error;
    return guardFailure(guard.failure);
  }
}

/** Compiles and runs `code`, staged when `screening` is given, and adds the time it took. */
function timedEvaluation(
  prepared: PreparedEvaluation,
  code: string,
  screening: ScreeningRequest | null,
): CandidateEvaluation | ScreenedOut {
  const started = performance.now();
  const signature = prepared.instance.problem.heuristic;
  const loaded = loadHeuristic(code, signature);
  const result = typeof loaded === 'function' ? fixAndScore(prepared, loaded, signature, screening) : loaded;
  return { ...result, evaluationMilliseconds: performance.now() - started } as
    CandidateEvaluation | ScreenedOut;
}

/**
 * Returns the evaluation of `code` on the prepared problem and samples:
 * status 'ok' with score, standard error, metrics and a verification
 * summary, or a failure ('parse-error', 'forbidden', 'runtime-error',
 * 'invalid-output', 'verification-failed') with a message for the model.
 * Deterministic apart from `evaluationMilliseconds` (and timing metrics).
 * Never throws for what the code does; a hang is the caller's to stop.
 */
export function evaluateCandidate(prepared: PreparedEvaluation, code: string): CandidateEvaluation {
  return timedEvaluation(prepared, code, null) as CandidateEvaluation;
}

/**
 * Returns the staged evaluation of `code`: with a `screening` request,
 * 'screened-out' (first-stage figures, no score) when the first
 * `screening.samples` profiles put the candidate below the bar even with
 * `screening.z` standard errors to spare, and otherwise exactly what
 * evaluateCandidate returns; without one, evaluateCandidate's result.
 */
export function evaluateStaged(
  prepared: PreparedEvaluation,
  code: string,
  screening: ScreeningRequest | null,
): CandidateEvaluation | ScreenedOut {
  return timedEvaluation(prepared, code, screening);
}

/** A prepared evaluation behind its calls: what an evaluation worker exposes. */
export interface EvaluationSession {
  prepare(setup: EvaluationSetup): void;
  evaluate(code: string): CandidateEvaluation;
  evaluateStaged(code: string, screening: ScreeningRequest | null): CandidateEvaluation | ScreenedOut;
}

/** Returns a session that prepares once and then evaluates candidates against that preparation. */
export function evaluationSession(): EvaluationSession {
  let prepared: PreparedEvaluation | null = null;
  const ready = (): PreparedEvaluation => {
    if (prepared === null)
      throw new Error('evaluate() was called before prepare(): prepare the session first');
    return prepared;
  };
  return {
    prepare(setup) {
      prepared = prepareEvaluation(setup);
    },
    evaluate: (code) => evaluateCandidate(ready(), code),
    evaluateStaged: (code, screening) => evaluateStaged(ready(), code, screening),
  };
}
