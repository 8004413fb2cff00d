/**
 * What one demo reply is made of, and the draws that vary it: which idea,
 * which constants, which way of writing. Constants settle on good values
 * as the demo run goes on, so a run of 50–200 replies improves the way a
 * real search does, while every score still comes from the evaluation.
 */
import type { Rng } from '../../core/rng.ts';

/** A reply's content: its one-line idea and its code. */
export interface Draft {
  readonly thought: string;
  readonly code: string;
}

/** How a demo reply fails, so that the UI has failures of every kind to show. */
export type DemoFault =
  /** The code does not parse (a missing bracket, Python syntax). */
  | 'syntax-error'
  /** It uses a name it never declared (`n` in allocate, `bids` in rebate). */
  | 'undefined-name'
  /** A loop whose condition never changes: the evaluation times out. */
  | 'infinite-loop'
  /** An accumulator left undefined: every output is NaN. */
  | 'nan-output'
  /** `console`, `fetch`, `Date`, `Math.random`: the sandbox refuses it. */
  | 'forbidden-global'
  /** A method that does not exist (`Math.clamp`, `others.sum()`): it throws when called. */
  | 'runtime-error';

export const demoFaults: readonly DemoFault[] = [
  'syntax-error',
  'undefined-name',
  'infinite-loop',
  'nan-output',
  'forbidden-global',
  'runtime-error',
];

/** The draws of one reply. */
export interface Draw {
  /** Where the reply falls in the demo run: 0 for the first, 1 for the last. */
  readonly progress: number;
  /**
   * Returns a constant that a search would tune: around `from` at the start
   * of the run, moving to around `to` by three quarters of the way, with a
   * triangular scatter of ±`spread` that shrinks to a fifth; rounded to
   * `digits` decimals, as a model writes it.
   */
  settle(from: number, to: number, spread: number, digits?: number): number;
  /** Returns a constant around `target` (settle(target, target, spread, digits)). */
  near(target: number, spread: number, digits?: number): number;
  /** Returns one of `options`, each equally likely. */
  pick<T>(options: readonly T[]): T;
  /** Returns one of `options`, each as likely as its weight (weights ≥ 0, not all 0). */
  pickWeighted<T>(options: readonly T[], weights: readonly number[]): T;
  /** Returns true with probability `p`. */
  chance(p: number): boolean;
}

/** Returns `x` rounded to `digits` decimals (an exact short decimal when printed). */
export function round(x: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale || 0;
}

/** Returns the draws of a reply at `progress` ∈ [0, 1] from `rng`. */
export function createDraw(rng: Rng, progress: number): Draw {
  const draw: Draw = {
    progress,
    settle(from, to, spread, digits = 2) {
      const reached = Math.min(1, progress / 0.75);
      const width = spread * (1 - 0.8 * reached);
      return round(from + (to - from) * reached + (rng() + rng() - 1) * width, digits);
    },
    near(target, spread, digits = 2) {
      return draw.settle(target, target, spread, digits);
    },
    pick: (options) => options[Math.floor(rng() * options.length)],
    pickWeighted(options, weights) {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let u = rng() * total;
      for (let i = 0; i < options.length; i++) {
        u -= weights[i];
        if (u < 0) return options[i];
      }
      return options[options.length - 1];
    },
    chance: (p) => rng() < p,
  };
  return draw;
}

/** Returns `+ x` or `- |x|`, so that a negative constant reads as a model writes it. */
export function signed(x: number): string {
  return x < 0 ? `- ${-x}` : `+ ${x}`;
}

/** An idea a small model keeps coming back to, written with varied constants. */
export interface DemoIdea {
  /** Relative weights at the start and at the end of the run, interpolated in between. */
  readonly weight: readonly [start: number, end: number];
  write(draw: Draw): Draft;
}

/** The demo material of one problem. */
export interface DemoProblem {
  /** The name of the function the model writes. */
  readonly name: string;
  /** Its header with TypeScript annotations, as some models write it. */
  readonly typedHeader: string;
  readonly ideas: readonly DemoIdea[];
  /** Replies that fail, by how they fail. */
  readonly faults: Readonly<Record<DemoFault, (draw: Draw) => Draft>>;
}
