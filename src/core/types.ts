/**
 * Plain data types of the mechanism core. Everything here survives a
 * structured clone, so it can cross a worker boundary unchanged.
 */

/** A reported value (bid). Plain number: brands would cost a cast in every hot loop. */
export type Bid = number;

/** One profile of reported values, one per agent. */
export type Profile = ArrayLike<Bid>;

/**
 * A set of sampled profiles stored row-major in one flat buffer:
 * profile `s` is `values[s * n .. s * n + n)`. Shared by every candidate of a
 * run (common random numbers).
 */
export interface SampleSet {
  readonly n: number;
  readonly count: number;
  readonly values: Float64Array;
}

/** What a mechanism does on one profile. */
export interface Outcome {
  /** Units (or probability of the item) each agent receives. */
  readonly allocation: readonly number[];
  /** What each agent pays to the mechanism. */
  readonly payments: readonly number[];
  /** What the mechanism pays back to each agent (redistribution only). */
  readonly rebates?: readonly number[];
}

/**
 * A mechanism: a map from reported profiles to outcomes. Fixed mechanisms
 * are strategy-proof and individually rational on every profile.
 */
export interface Mechanism {
  readonly n: number;
  outcome(profile: Profile): Outcome;
}

/** One named figure of an evaluation. */
export interface Metric {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly standardError?: number;
}

/** The Monte Carlo evaluation of a (fixed) mechanism on a sample set. */
export interface Evaluation {
  /** The objective: expected revenue, or the fraction of VCG payments redistributed. */
  readonly score: number;
  readonly standardError: number;
  readonly samples: number;
  /** Further figures: raw score before the fix, what the fix changed, worst case found. */
  readonly metrics: readonly Metric[];
  /** Heuristic calls made, and wall time in milliseconds. */
  readonly heuristicCalls: number;
  readonly milliseconds: number;
}

export type PropertyName = 'strategy-proof' | 'individually-rational' | 'non-deficit' | 'feasible';

/** A profile and deviation that shows a violation. */
export interface Witness {
  readonly profile: readonly number[];
  readonly agent: number;
  readonly deviation?: number;
  readonly amount: number;
}

export interface PropertyCheck {
  readonly property: PropertyName;
  readonly checks: number;
  /** The largest violation found; 0 (up to float tolerance) when the property holds. */
  readonly maxViolation: number;
  readonly witness?: Witness;
}

/** What the verifier found: one entry per property checked. */
export interface Certificate {
  readonly profiles: number;
  readonly checks: number;
  readonly properties: readonly PropertyCheck[];
  readonly tolerance: number;
  readonly passed: boolean;
}

/** A reference mechanism, scored on the same samples as every candidate. */
export interface BaselineResult {
  readonly id: string;
  readonly name: string;
  readonly score: number;
  readonly standardError: number;
  /** A value from theory where one exists (closed form or exact computation). */
  readonly theory?: number;
  /** Worst-case redistributed fraction (redistribution only). */
  readonly worstCase?: number;
}

/** Data for one chart; the UI draws it, the core only computes it. */
export type Plot = LinePlot | HeatmapPlot;

export interface LinePlot {
  readonly kind: 'line';
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly {
    readonly name: string;
    readonly points: readonly (readonly [number, number])[];
    readonly step?: boolean;
  }[];
}

export interface HeatmapPlot {
  readonly kind: 'heatmap';
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** values[j][i] at (xs[i], ys[j]); categories name what each integer value means. */
  readonly values: readonly (readonly number[])[];
  readonly categories: readonly string[];
}
