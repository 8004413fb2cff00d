/**
 * The demo's model (backend 'scripted', model 'scripted:demo'): the demo
 * replies of a run's problem and seed, streamed like a model's. The set
 * improves over its length, so it is drawn for the run's whole budget; a
 * resumed run skips the replies it already used, so the page and `mechlab
 * run`/`mechlab resume` ask the same replies in the same order.
 */
import type { ModelPort } from '../core/evolution/ports.ts';
import { demoReplies } from './demoReplies.ts';
import { createScriptedBackend } from './scripted.ts';

/** The label that names the demo in a run's model id, `scripted:demo`. */
export const demoLabel = 'demo';

export interface DemoModelOptions {
  readonly problem: string;
  readonly seed: number;
  /** The run's budget in candidates: the length of the set drawn (a run budgeted by time alone draws 200). */
  readonly budget: number | undefined;
  /** Replies a resumed run has used already. */
  readonly used?: number;
  /** Pause between streamed pieces (the page streams at a readable pace; Node does not wait). */
  readonly delayMs?: number;
}

export function demoModel(options: DemoModelOptions): ModelPort {
  const replies = demoReplies(options.problem, options.budget ?? 200, options.seed).slice(options.used ?? 0);
  return createScriptedBackend({ replies, label: demoLabel, delayMs: options.delayMs ?? 0 });
}
