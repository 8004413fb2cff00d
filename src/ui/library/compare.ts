/**
 * What the compare view shows of two or more runs: each run's best score so
 * far against candidates written or running time, a row of final figures,
 * and whether the runs solve the same problem with the same parameters (only
 * then are their scores, and the baselines, comparable).
 */
import type { RunMeta } from '../../core/evolution/ports.ts';
import type { StoredRun } from '../../core/evolution/runFile.ts';
import { isValidStatus, type Candidate } from '../../core/evolution/record.ts';
import type { NetworkFile } from '../../core/nn/networkFile.ts';
import type { BaselineResult } from '../../core/types.ts';

/** The horizontal axis of the overlay: candidates written, or seconds of running (pauses cut out). */
export type CompareAxis = 'candidates' | 'seconds';

export interface ComparisonRow {
  readonly id: string;
  readonly name: string;
  readonly model: string;
  readonly problem: string;
  /** Candidates the model wrote (the seed not counted). */
  readonly written: number;
  readonly best: number | null;
  /** The candidate that scored best (the earliest on ties). */
  readonly bestId: string | null;
  /** Share of written candidates that scored; null before the first. */
  readonly validShare: number | null;
  readonly elapsedSeconds: number;
  /** Whether the run was NN-assisted: it carries a trained network whose examples went into its prompts. */
  readonly nnAssisted: boolean;
}

/** Returns a short name of a run's model for legends: "demo (scripted)", "Qwen2.5-0.5B (webllm)". */
export function shortModelLabel(model: RunMeta['model']): string {
  if (!model || model.backend === 'scripted') return 'demo (scripted)';
  return `${model.model} (${model.backend})`;
}

function scored(c: Candidate): c is Candidate & { score: number } {
  return c.status === 'ok' && c.score !== null && Number.isFinite(c.score);
}

/** Returns the compare table's row of `run`. */
export function comparisonRow(run: StoredRun): ComparisonRow {
  let best: Candidate | null = null;
  let written = 0;
  let valid = 0;
  for (const c of run.candidates) {
    if (scored(c) && (best === null || c.score > (best.score as number))) best = c;
    if (c.operator === 'seed') continue;
    written++;
    if (isValidStatus(c.status)) valid++;
  }
  return {
    id: run.meta.id,
    name: run.meta.name,
    model: shortModelLabel(run.meta.model),
    problem: run.meta.settings.problem,
    written,
    best: best?.score ?? null,
    bestId: best?.id ?? null,
    validShare: written > 0 ? valid / written : null,
    elapsedSeconds: run.progress.elapsedSeconds,
    nnAssisted: run.meta.settings.network !== undefined,
  };
}

/**
 * Returns each candidate's running time in seconds since the first, pauses
 * cut out. Records carry wall-clock times, so a pause shows as a long gap
 * between two candidates; the run's recorded running time (pauses
 * excluded) says how much time the gaps hold in excess. That excess is cut
 * from the longest gaps first, each down to no less than the median gap.
 */
export function runningSeconds(candidates: readonly Candidate[], elapsedSeconds: number): number[] {
  const gaps = candidates.map((c, i) =>
    i === 0 ? 0 : Math.max(0, c.createdAt - candidates[i - 1].createdAt),
  );
  const wall = gaps.reduce((a, b) => a + b, 0);
  let excess = wall - elapsedSeconds * 1000;
  if (excess > 0 && gaps.length > 2) {
    const sorted = gaps.slice(1).sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    const longest = gaps.map((_, i) => i).sort((a, b) => gaps[b] - gaps[a]);
    for (const i of longest) {
      if (excess <= 0 || gaps[i] <= median) break;
      const cut = Math.min(gaps[i] - median, excess);
      gaps[i] -= cut;
      excess -= cut;
    }
  }
  let total = 0;
  return gaps.map((gap) => (total += gap) / 1000);
}

/**
 * Returns the best-so-far curve of `run` as steps [x, best score from x on]:
 * one point per improvement and one at the last candidate, with x the
 * candidate's iteration or its running time.
 */
export function bestSoFar(run: StoredRun, axis: CompareAxis): [number, number][] {
  const { candidates } = run;
  const xs =
    axis === 'seconds'
      ? runningSeconds(candidates, run.progress.elapsedSeconds)
      : candidates.map((c) => c.iteration);
  const points: [number, number][] = [];
  let top = -Infinity;
  candidates.forEach((c, i) => {
    if (scored(c) && c.score > top) {
      top = c.score;
      points.push([xs[i], top]);
    }
  });
  const lastX = xs.at(-1);
  if (points.length > 0 && lastX !== undefined && points[points.length - 1][0] !== lastX)
    points.push([lastX, top]);
  return points;
}

/** Returns a canonical text of parameters: the same for the same values in any key order. */
function parametersKey(parameters: object): string {
  return JSON.stringify(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface SharedSettings {
  readonly problem: RunMeta['settings']['problem'];
  readonly parameters: RunMeta['settings']['parameters'];
  /** The first run's seed and samples: the baselines are scored on its sample set. */
  readonly seed: number;
  readonly samples: number;
  /** Whether every run drew the same sample set (same seed and samples), so baselines are exact for all. */
  readonly sameSamples: boolean;
}

/** Returns the problem and parameters all `runs` share, or null when they differ (or there are none). */
export function sharedSettings(runs: readonly StoredRun[]): SharedSettings | null {
  const first = runs[0]?.meta.settings;
  if (!first) return null;
  const key = parametersKey(first.parameters);
  const same = runs.every(
    (r) => r.meta.settings.problem === first.problem && parametersKey(r.meta.settings.parameters) === key,
  );
  if (!same) return null;
  return {
    problem: first.problem,
    parameters: first.parameters,
    seed: first.search.seed,
    samples: first.search.samples,
    sameSamples: runs.every(
      (r) =>
        r.meta.settings.search.seed === first.search.seed &&
        r.meta.settings.search.samples === first.search.samples,
    ),
  };
}

/** A trained network carried by one or more of the compared runs. */
export interface ComparedNetwork {
  readonly network: NetworkFile;
  /** The names of the runs that carry it, in the order of the runs. */
  readonly runNames: readonly string[];
}

/**
 * Returns the distinct networks of `runs`, in the order they first appear.
 * Two runs carry the same network when it was made at the same time and
 * trained as long (a run started with a network keeps its file as is; the
 * baselines cache tells networks apart the same way).
 */
export function comparedNetworks(runs: readonly StoredRun[]): ComparedNetwork[] {
  const byKey = new Map<string, { network: NetworkFile; runNames: string[] }>();
  for (const run of runs) {
    const network = run.meta.settings.network;
    if (!network) continue;
    const key = `${network.createdAt}:${network.training.milliseconds}`;
    const known = byKey.get(key);
    if (known) known.runNames.push(run.meta.name);
    else byKey.set(key, { network, runNames: [run.meta.name] });
  }
  return [...byKey.values()];
}

/** The id of the fixed network's row among a problem's baselines (src/core/nn/networkMechanism.ts). */
const networkBaselineId = 'neural-network';

/**
 * Returns the baselines the compare view shows. `results[k]` are the
 * baselines computed with `networks[k]` (or, without networks, the one
 * plain result): the problem's own rows come once, from the first result,
 * followed by each network's NN baseline. With one network its row keeps
 * the dashboard's name; with several, each row names the runs it belongs to.
 */
export function compareBaselines(
  networks: readonly ComparedNetwork[],
  results: readonly (readonly BaselineResult[])[],
): BaselineResult[] {
  if (results.length === 0) return [];
  const shared = results[0].filter((b) => b.id !== networkBaselineId);
  const rows = networks.flatMap((entry, k) =>
    (results[k] ?? [])
      .filter((b) => b.id === networkBaselineId)
      .map((b) =>
        networks.length === 1
          ? b
          : { ...b, id: `${b.id}-${k + 1}`, name: `${b.name}, the network of ${entry.runNames.join(', ')}` },
      ),
  );
  return [...shared, ...rows];
}
