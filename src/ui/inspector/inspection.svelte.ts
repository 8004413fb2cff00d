/**
 * The inspections of one run's candidates: plots and the fix comparison,
 * computed by the inspection worker (src/platform/inspector.ts) on demand,
 * the latest request shown, recent results kept so that going back to a
 * candidate is instant. A request that fails (time limit, crashed worker)
 * is not kept, so it can be tried again.
 */
import type { Inspection } from '../../core/evolution/inspectCandidate.ts';
import type { RunMeta } from '../../core/evolution/ports.ts';
import type { Candidate } from '../../core/evolution/record.ts';
import { createInspector, type CandidateInspector } from '../../platform/inspector.ts';
import { RecentCache } from './recentCache.ts';

export type InspectionState =
  | { readonly status: 'no-code' }
  /** Not drawn unless asked: its evaluation ran out of time, so drawing would likely do the same. */
  | { readonly status: 'held'; readonly id: string; readonly seconds: number }
  | { readonly status: 'loading'; readonly id: string }
  | { readonly status: 'done'; readonly id: string; readonly inspection: Inspection }
  | { readonly status: 'failed'; readonly id: string; readonly message: string };

/** Inspections kept per run. */
const kept = 40;

/** Returns the time limit of one inspection: twice the run's limit per evaluation, at least 5 s. */
export function inspectionTimeout(meta: RunMeta): number {
  return Math.max(5_000, 2 * meta.settings.search.evaluationTimeoutMs);
}

export class RunInspections {
  current = $state.raw<InspectionState>({ status: 'no-code' });
  readonly #inspector: CandidateInspector;
  readonly #timeoutMs: number;
  readonly #done = new RecentCache<Inspection>(kept);
  #wanted: string | null = null;

  constructor(meta: RunMeta, inspector?: CandidateInspector) {
    const { problem, parameters, search } = meta.settings;
    this.#timeoutMs = inspectionTimeout(meta);
    this.#inspector =
      inspector ??
      createInspector(
        { problem, parameters, seed: search.seed, samples: search.samples },
        { timeoutMs: this.#timeoutMs },
      );
  }

  /**
   * Shows the inspection of `candidate`: at once if it is known, else after
   * the worker answers. A candidate that timed out in evaluation is held
   * until asked for with `force`.
   */
  show(candidate: Candidate, force = false): void {
    const { id, code } = candidate;
    this.#wanted = id;
    if (code === null) {
      this.current = { status: 'no-code' };
      return;
    }
    const known = this.#done.get(id);
    if (known) {
      this.current = { status: 'done', id, inspection: known };
      return;
    }
    if (candidate.status === 'timeout' && !force) {
      this.current = { status: 'held', id, seconds: this.#timeoutMs / 1000 };
      return;
    }
    this.current = { status: 'loading', id };
    this.#inspector.inspect(code).then(
      (inspection) => {
        this.#done.set(id, inspection);
        if (this.#wanted === id) this.current = { status: 'done', id, inspection };
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (this.#wanted === id) this.current = { status: 'failed', id, message };
      },
    );
  }

  /** Stops the worker. */
  close(): void {
    this.#wanted = null;
    this.#inspector.close();
  }
}
