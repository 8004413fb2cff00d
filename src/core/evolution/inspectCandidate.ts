/**
 * What the inspector shows of a candidate beyond its record: the plots of
 * the fixed mechanism, and what the fix changed on a few sampled profiles
 * (the unfixed skeleton's outcome beside the fixed one). Candidate code is
 * untrusted, so this runs where evaluateCandidate runs — in a worker with a
 * time limit — never on the page. (The run's baselines come from
 * workers/baselines.worker.ts, which runs no candidate code.)
 */
import type { Heuristic, ProblemInstance } from '../problem.ts';
import { problemById } from '../problems/index.ts';
import { rngStream } from '../rng.ts';
import { profileAt } from '../samples.ts';
import { compileHeuristic } from '../sandbox/compile.ts';
import { usageBids } from '../export/mechanismModule.ts';
import type { Mechanism, Outcome, Plot } from '../types.ts';
import { errorText } from './outputGuard.ts';
import type { EvaluationSetup } from './ports.ts';

/** Profiles on which the unfixed and the fixed mechanism are compared. */
export const comparedProfiles = 200;
/** Profiles shown as examples: those where the fix changed the outcome come first. */
export const shownProfiles = 4;

/** One profile with the outcome of the skeleton without the fix and of the fixed mechanism. */
export interface OutcomeComparison {
  readonly profile: readonly number[];
  readonly unfixed: Outcome;
  readonly fixed: Outcome;
  /** Whether any allocation, payment or rebate differs (beyond 1e-9). */
  readonly changed: boolean;
}

/** Why a candidate could not be inspected: its code does not compile, or it threw. */
export interface InspectionFailure {
  readonly ok: false;
  readonly reason: 'parse-error' | 'forbidden' | 'runtime-error';
  readonly message: string;
  readonly line?: number;
}

export interface InspectionResult {
  readonly ok: true;
  readonly plots: readonly Plot[];
  /** How many of the compared profiles the fix changed, out of `compared`. */
  readonly changed: number;
  readonly compared: number;
  /** Up to `shownProfiles` examples, changed ones first. */
  readonly examples: readonly OutcomeComparison[];
  /** The fixed mechanism's outcome at the exported module's usage example (usageBids). */
  readonly usage: Outcome;
  readonly milliseconds: number;
}

export type Inspection = InspectionResult | InspectionFailure;

/** Returns whether two outcomes differ anywhere by more than 1e-9. */
export function outcomesDiffer(a: Outcome, b: Outcome): boolean {
  const differs = (x: readonly number[] = [], y: readonly number[] = []) =>
    x.length !== y.length || x.some((v, i) => !(Math.abs(v - y[i]) <= 1e-9));
  return (
    differs(a.allocation, b.allocation) || differs(a.payments, b.payments) || differs(a.rebates, b.rebates)
  );
}

/** Returns a plain copy of an outcome (mechanisms may hand out views of their buffers). */
function plainOutcome(outcome: Outcome): Outcome {
  const copy = { allocation: Array.from(outcome.allocation), payments: Array.from(outcome.payments) };
  return outcome.rebates ? { ...copy, rebates: Array.from(outcome.rebates) } : copy;
}

/** Returns the unfixed and fixed outcomes on `count` profiles drawn from the inspection stream of `seed`. */
function compareOutcomes(
  instance: ProblemInstance,
  heuristic: Heuristic,
  fixed: Mechanism,
  seed: number,
  count: number,
): OutcomeComparison[] {
  const unfixed = instance.unfixed(heuristic);
  const samples = instance.sample(rngStream(seed, 'inspection'), count);
  const comparisons: OutcomeComparison[] = [];
  for (let s = 0; s < count; s++) {
    const profile = Array.from(profileAt(samples, s));
    const before = plainOutcome(unfixed.outcome(profile));
    const after = plainOutcome(fixed.outcome(profile));
    comparisons.push({ profile, unfixed: before, fixed: after, changed: outcomesDiffer(before, after) });
  }
  return comparisons;
}

/** Returns the compiled heuristic, or why the code does not compile (or its top-level code threw). */
function compile(instance: ProblemInstance, code: string): Heuristic | InspectionFailure {
  try {
    const compiled = compileHeuristic(code, instance.problem.heuristic);
    if (compiled.ok) return compiled.heuristic;
    const { reason, message, line } = compiled.error;
    return { ok: false, reason: reason === 'forbidden' ? 'forbidden' : 'parse-error', message, line };
  } catch (error) {
    return { ok: false, reason: 'runtime-error', message: `its top-level code threw ${errorText(error)}` };
  }
}

/**
 * Returns the plots of the fixed mechanism `code` defines for `instance`,
 * and the unfixed-versus-fixed comparison on `comparedProfiles` profiles
 * drawn from rngStream(seed, 'inspection'); or why that failed. Non-finite
 * outputs are not an error here: the fix treats them as neutral, and the
 * plots show what that makes of the mechanism. A hang is the caller's to stop.
 */
export function inspectCandidate(instance: ProblemInstance, seed: number, code: string): Inspection {
  const started = performance.now();
  const heuristic = compile(instance, code);
  if (typeof heuristic !== 'function') return heuristic;
  try {
    const fixed = instance.fix(heuristic);
    const plots = instance.plots(fixed);
    const comparisons = compareOutcomes(instance, heuristic, fixed, seed, comparedProfiles);
    const changed = comparisons.filter((c) => c.changed);
    const examples = [...changed, ...comparisons.filter((c) => !c.changed)].slice(0, shownProfiles);
    return {
      ok: true,
      plots,
      changed: changed.length,
      compared: comparisons.length,
      examples,
      usage: plainOutcome(fixed.outcome(usageBids(instance.problem.id, instance.parameters))),
      milliseconds: performance.now() - started,
    };
  } catch (error) {
    return { ok: false, reason: 'runtime-error', message: `the heuristic threw ${errorText(error)}` };
  }
}

/** What an inspection worker exposes: one preparation per run, then one call per candidate. */
export interface InspectionSession {
  /** Configures the problem; throws a ParameterError for bad parameters. */
  prepare(setup: EvaluationSetup): void;
  inspect(code: string): Inspection;
}

/** Returns a session that configures the problem once and then inspects candidates of that run. */
export function inspectionSession(): InspectionSession {
  let prepared: { readonly instance: ProblemInstance; readonly seed: number } | null = null;
  return {
    prepare(setup) {
      prepared = { instance: problemById(setup.problem).configure(setup.parameters), seed: setup.seed };
    },
    inspect(code) {
      if (prepared === null)
        throw new Error('inspect() was called before prepare(): prepare the session with the run first');
      return inspectCandidate(prepared.instance, prepared.seed, code);
    },
  };
}
