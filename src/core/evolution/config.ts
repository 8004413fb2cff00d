/**
 * Settings of a search, with documented defaults. Frozen, plain data: a
 * run file stores them, and a run is reproducible from them and its seed.
 */
import type { OperatorId } from './record.ts';
import type { SecondObjective } from './selection.ts';
import { defaultScreening, type ScreeningConfig } from './screening.ts';

/** Prompt operators the model is asked with (the seed and repair steps are not drawn). */
export type DrawnOperator = Exclude<OperatorId, 'seed' | 'repair' | 'pbe'>;

export interface DatabaseConfig {
  /** Number of islands evolving independently. */
  readonly islands: number;
  /** How parents are chosen within an island. */
  readonly selection: 'softmax' | 'rank';
  /** Softmax temperature at the start of the run (scores are normalised to [0, 1] per island). */
  readonly initialTemperature: number;
  /** The temperature falls linearly to this over `temperaturePeriod` candidates, then starts again. */
  readonly finalTemperature: number;
  readonly temperaturePeriod: number;
  /** After every this many candidates, the weaker half of the islands is reset. */
  readonly resetPeriod: number;
  /** Among candidates within this score difference, shorter code is preferred. */
  readonly scoreTolerance: number;
}

export interface SearchConfig {
  readonly database: DatabaseConfig;
  /** Parents shown in each prompt. */
  readonly parentsPerPrompt: number;
  /** Relative weights of the prompt operators; 0 switches one off. */
  readonly operatorWeights: Readonly<Record<DrawnOperator, number>>;
  /** A failed candidate is sent back for repair with this probability. */
  readonly repairProbability: number;
  /** Profiles in the run's shared sample set. */
  readonly samples: number;
  /**
   * How many candidates the model may run ahead of the database: prompt k is
   * built from candidates 0 … k − depth − 1 only. 0 makes the model wait for
   * every evaluation; 1 lets it write the next candidate while the last one
   * is scored. Part of a run's identity: the same seed and depth give the
   * same run, on any number of workers.
   */
  readonly pipelineDepth: number;
  /** Hard limit on one candidate's fix + evaluation, in milliseconds. */
  readonly evaluationTimeoutMs: number;
  /** The run's seed: samples, selection and sampling all derive from it. */
  readonly seed: number;
  /**
   * Runs with a neural network (NNA-AMD-LLM, docs/nn-assisted.md), both
   * optional so runs without them plan exactly as before. `pbeWeight`: the
   * weight of the pbe operator (programming by example) next to
   * operatorWeights; absent or 0, it is never drawn. `secondObjective`
   * 'agreement': a pool of twice parentsPerPrompt is drawn by score as
   * usual and cut to the parents of lowest Pareto rank on (score, agreement
   * with the network), see plan.ts and selection.ts; absent, by score alone.
   */
  readonly pbeWeight?: number;
  readonly secondObjective?: SecondObjective;
  /**
   * Staged evaluation (screening.ts): score each candidate on the first
   * `samples` profiles and spend the whole sample set only on those that
   * could reach the `top`-th best score of their island (within `z`
   * standard errors). Absent or null: every candidate gets the whole set,
   * as in a run with secondObjective 'agreement' (a candidate below the
   * score bar may still be a parent there, for its agreement).
   * Optional, so runs saved before it existed resume exactly as they ran
   * (without it); new runs get defaultScreening, on by default: it never
   * changes a score that is recorded, keeps runs deterministic, and spares
   * most of the evaluation time of candidates that could not be parents.
   */
  readonly screening?: ScreeningConfig | null;
}

export const defaultDatabaseConfig: DatabaseConfig = Object.freeze({
  islands: 4,
  selection: 'softmax',
  initialTemperature: 0.1,
  finalTemperature: 0.01,
  temperaturePeriod: 200,
  resetPeriod: 100,
  scoreTolerance: 1e-3,
});

export const defaultSearchConfig: SearchConfig = Object.freeze({
  database: defaultDatabaseConfig,
  parentsPerPrompt: 2,
  operatorWeights: Object.freeze({ funsearch: 4, e1: 1, e2: 1, m1: 2, m2: 2 }),
  repairProbability: 0.5,
  samples: 4_096,
  pipelineDepth: 1,
  evaluationTimeoutMs: 10_000,
  seed: 1,
  screening: defaultScreening,
});
