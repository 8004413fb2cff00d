/**
 * The built-in demo set: replies for the scripted backend, written as a
 * small coding model writes them, for each problem. Each comes from a
 * hand-written idea with constants drawn from the seed, which settle on
 * good values as the run goes on; one reply in eight fails (syntax error,
 * undefined name, endless loop, NaN, forbidden global, runtime error) so
 * that the UI shows failures. Only replies: every score comes from the
 * real evaluation.
 */
import type { ProblemId } from '../core/problem.ts';
import { rngStream, type Rng } from '../core/rng.ts';
import { correlatedRevenueDemo } from './demo/correlated-revenue.ts';
import { createDraw, demoFaults, type DemoFault, type DemoProblem } from './demo/draw.ts';
import { writeReply } from './demo/replyStyle.ts';
import { singleItemRevenueDemo } from './demo/single-item-revenue.ts';
import { vcgRedistributionDemo } from './demo/vcg-redistribution.ts';

export type { DemoFault } from './demo/draw.ts';

/** A demo reply, and how it is meant to fail (null when it should compile and score). */
export interface DemoReply {
  readonly reply: string;
  readonly fault: DemoFault | null;
}

/** One failing reply in every block of this many. */
export const demoFaultBlock = 8;

const demos: Readonly<Record<ProblemId, DemoProblem>> = {
  'single-item-revenue': singleItemRevenueDemo,
  'vcg-redistribution': vcgRedistributionDemo,
  'correlated-revenue': correlatedRevenueDemo,
};

/** Returns a shuffled copy of `items` (Fisher–Yates). */
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Returns the faults of a run of `count` replies by position: one at a
 * random place in each block of eight, their kinds taken in shuffled
 * rounds so that every kind shows up early.
 */
function faultPositions(count: number, rng: Rng): Map<number, DemoFault> {
  const faults = new Map<number, DemoFault>();
  let round: DemoFault[] = [];
  for (let start = 0; start < count; start += demoFaultBlock) {
    const at = start + Math.floor(rng() * demoFaultBlock);
    if (round.length === 0) round = shuffled(demoFaults, rng);
    const fault = round.pop()!;
    if (at < count) faults.set(at, fault);
  }
  return faults;
}

/**
 * Returns `count` demo replies for `problemId` with how each is meant to
 * fail, the same for the same seed. Reply i depends on the seed, i and
 * count only (count sets how fast the constants settle).
 */
export function demoSet(problemId: string, count: number, seed: number): DemoReply[] {
  const demo = demos[problemId as ProblemId];
  if (!demo)
    throw new RangeError(
      `there is no demo set for "${problemId}": use one of ${Object.keys(demos).join(', ')}`,
    );
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`the number of demo replies must be a whole number ≥ 0, not ${count}`);
  const faults = faultPositions(count, rngStream(seed, `demo:${problemId}:faults`));
  return Array.from({ length: count }, (_, i) => {
    const draw = createDraw(rngStream(seed, `demo:${problemId}:${i}`), count > 1 ? i / (count - 1) : 0);
    const fault = faults.get(i) ?? null;
    const weights = demo.ideas.map(({ weight: [start, end] }) => start + (end - start) * draw.progress);
    const draft = fault ? demo.faults[fault](draw) : draw.pickWeighted(demo.ideas, weights).write(draw);
    return { reply: writeReply(draft, demo, draw), fault };
  });
}

/** Returns `count` demo replies for `problemId`, the same for the same seed (see demoSet). */
export function demoReplies(problemId: string, count: number, seed: number): string[] {
  return demoSet(problemId, count, seed).map((d) => d.reply);
}
