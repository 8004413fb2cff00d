/**
 * Running a search to its end in Node, for `mechlab run` and `mechlab
 * resume`: Node worker processes evaluate, the run file store records each
 * candidate as it arrives, progress lines go to standard error, and Ctrl-C
 * pauses the run (its evaluations in flight are recorded) so that `mechlab
 * resume` can go on with it.
 */
import { EvolutionRun } from '../core/evolution/loop.ts';
import type { EvaluationSetup, ModelPort, RunMeta, RunProgress } from '../core/evolution/ports.ts';
import type { PromptSettings } from '../core/evolution/prompt.ts';
import { isValidStatus, type Candidate } from '../core/evolution/record.ts';
import type { ProblemInstance } from '../core/problem.ts';
import type { FileRunStore } from './fileRunStore.ts';
import { createNodeEvaluator } from './nodeEvaluator.ts';

export interface RunExecution {
  readonly meta: RunMeta;
  readonly instance: ProblemInstance;
  readonly model: ModelPort;
  readonly store: FileRunStore;
  readonly workers: number;
  readonly promptSettings?: PromptSettings;
  /** The records of a run that goes on from where it stopped. */
  readonly resume?: { readonly progress: RunProgress; readonly candidates: readonly Candidate[] };
  /** --json: no progress lines, the summary as one JSON object. */
  readonly quiet: boolean;
}

function progressLine(candidate: Candidate, best: number | null): string {
  const score = candidate.score === null ? '' : ` ${candidate.score.toFixed(4)}`;
  const reason =
    candidate.status === 'ok' ? '' : ` — ${candidate.error?.message.split('\n')[0].slice(0, 100) ?? ''}`;
  return `${candidate.id} ${candidate.operator.padEnd(9)} ${candidate.status}${score}${reason}${best === null ? '' : `   best ${best.toFixed(4)}`}`;
}

/** Runs the search `execution` describes until it finishes, pauses or fails; returns the summary to print. */
export async function executeRun(execution: RunExecution): Promise<string> {
  const { meta, instance, model, store, workers, promptSettings, resume, quiet } = execution;
  const { settings } = meta;
  const setup: EvaluationSetup = {
    problem: settings.problem,
    parameters: settings.parameters,
    seed: settings.search.seed,
    samples: settings.search.samples,
    ...(settings.network ? { network: settings.network } : {}),
  };
  const evaluator = createNodeEvaluator(setup, {
    timeoutMs: settings.search.evaluationTimeoutMs,
    size: workers,
    prestart: model.backend === 'scripted', // scripted replies keep every worker busy at once
  });
  const run = new EvolutionRun({
    meta,
    instance,
    model,
    evaluator,
    store,
    promptSettings,
    listener: (event) => {
      if (event.type === 'candidate' && !quiet)
        process.stderr.write(progressLine(event.candidate, run.best?.score ?? null) + '\n');
      if (event.type === 'error' || event.type === 'storage')
        process.stderr.write(`mechlab: ${event.message}\n`);
    },
    // A run killed while running is recorded as running: it goes on as a paused one would.
    resume: resume && {
      progress: {
        ...resume.progress,
        status: resume.progress.status === 'running' ? 'paused' : resume.progress.status,
      },
      candidates: [...resume.candidates],
    },
  });
  const interrupt = () => {
    if (!quiet) process.stderr.write('mechlab: pausing: the evaluations in flight are being recorded…\n');
    run.pause();
  };
  process.once('SIGINT', interrupt);
  const started = performance.now();
  let status;
  try {
    status = await run.run();
  } finally {
    process.off('SIGINT', interrupt);
    await evaluator.close();
  }
  const candidates = run.candidates;
  const best = run.best?.score ?? null;
  // Screened-out candidates ran correctly: valid, only not scored on the whole sample set.
  const valid = candidates.filter((c) => isValidStatus(c.status)).length;
  const screenedOut = candidates.filter((c) => c.status === 'screened-out').length;
  const summary = {
    status,
    out: store.path,
    candidates: candidates.length,
    valid,
    screenedOut,
    best,
    seconds: (performance.now() - started) / 1000,
  };
  if (quiet) return JSON.stringify(summary);
  const goOn = status === 'paused' ? ` — go on with: mechlab resume --run ${store.path}` : '';
  return (
    `${status}: ${candidates.length} candidates (${valid} valid${screenedOut > 0 ? `, ${screenedOut} screened out` : ''}), ` +
    `best score ${best === null ? '—' : best.toFixed(4)}, ${summary.seconds.toFixed(1)} s — wrote ${store.path}${goOn}`
  );
}
