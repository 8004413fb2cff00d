/** The data of a run's score curve: every candidate as a point, and the best score so far. */
import type { Candidate } from './record.ts';

export interface CurvePoint {
  readonly id: string;
  readonly iteration: number;
  readonly island: number;
  /** Null for candidates without a score (failures, textual duplicates). */
  readonly score: number | null;
  readonly ok: boolean;
}

export interface ScoreCurve {
  readonly points: readonly CurvePoint[];
  /** One step per improvement: [iteration, best score from then on]. */
  readonly best: readonly (readonly [number, number])[];
}

/** Returns the curve of `candidates` (in iteration order). */
export function scoreCurve(candidates: readonly Candidate[]): ScoreCurve {
  const points: CurvePoint[] = [];
  const best: [number, number][] = [];
  let top = -Infinity;
  for (const c of candidates) {
    const ok = c.status === 'ok' && c.score !== null;
    points.push({ id: c.id, iteration: c.iteration, island: c.island, score: c.score, ok });
    if (ok && c.score! > top) {
      top = c.score!;
      best.push([c.iteration, top]);
    }
  }
  const last = candidates.at(-1);
  if (last && best.length > 0 && best[best.length - 1][0] !== last.iteration)
    best.push([last.iteration, top]);
  return { points, best };
}
