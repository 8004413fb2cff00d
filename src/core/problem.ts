/**
 * The interface every problem implements, so that the evolution engine, the
 * UI and the CLI never special-case a problem. A `Problem` is static
 * (schema, signature); `configure` binds parameters once and returns a
 * `ProblemInstance` whose functions do no further setup.
 */
import type { ParameterSpec, ParameterValues, RawParameters } from './parameters.ts';
import type { Rng } from './rng.ts';
import type { BaselineResult, Certificate, Evaluation, Mechanism, Plot, SampleSet } from './types.ts';

export type ProblemId = 'single-item-revenue' | 'vcg-redistribution' | 'correlated-revenue';

/**
 * A compiled heuristic as the sandbox returns it. Each problem calls it with
 * its own arguments and treats any output that is not a finite number as
 * the problem's neutral value; it may also throw.
 */
export type Heuristic = (...args: never[]) => unknown;

/** What the model must write: one function with this name and parameters. */
export interface HeuristicSignature {
  readonly name: string;
  readonly parameters: readonly string[];
  /** The doc comment shown to the model above the function. */
  readonly doc: string;
}

/** Options of a verification run. */
export interface VerifyOptions {
  /** Random profiles to check (adversarial search starts from some of them). */
  readonly profiles?: number;
  /** Misreports tried per agent and profile, on a grid finer than the bid grid. */
  readonly deviations?: number;
  /** Coordinate-ascent rounds of the adversarial search. */
  readonly adversarialRounds?: number;
}

export interface ProblemInstance<M extends Mechanism = Mechanism> {
  readonly problem: Problem;
  /** The checked parameters, defaults filled in. */
  readonly parameters: ParameterValues;
  /** The number of agents. */
  readonly n: number;
  /** The problem with these parameters, in plain language, for prompts and the UI. */
  describe(): string;
  /** The code around the heuristic, as shown to the model. */
  skeleton(): string;
  /** The source of a trivial starting heuristic. */
  starter(): string;
  /** Draws `count` profiles of true values. */
  sample(rng: Rng, count: number): SampleSet;
  /** Returns the mechanism the skeleton makes of `heuristic` without the fix (may violate SP/IR/ND). */
  unfixed(heuristic: Heuristic): Mechanism;
  /** Returns the fixed mechanism: SP, IR (and ND) on every profile, whatever `heuristic` does. */
  fix(heuristic: Heuristic): M;
  /** Scores a fixed mechanism on `samples`, with the raw score and what the fix cost. */
  evaluate(mechanism: M, samples: SampleSet): Evaluation;
  /** Scores the reference mechanisms on the same samples. */
  baselines(samples: SampleSet): BaselineResult[];
  /** Checks SP, IR, ND/feasibility of any mechanism by probing it from outside. */
  verify(mechanism: Mechanism, rng: Rng, options?: VerifyOptions): Certificate;
  /** The data of the plots that show what the mechanism does. */
  plots(mechanism: M): Plot[];
}

export interface Problem {
  readonly id: ProblemId;
  readonly title: string;
  /** A plain-language description for prompts and the UI. */
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  readonly heuristic: HeuristicSignature;
  /** Checks `raw` (throws ParameterError) and binds it. */
  configure(raw: RawParameters): ProblemInstance;
}
