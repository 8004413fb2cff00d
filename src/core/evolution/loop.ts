/**
 * The run loop of AMD-LLM (mechanism-notes §4): plan a prompt, ask the
 * model, parse the reply, evaluate it off-thread, record it, and feed the
 * database — one model request at a time while evaluations run in
 * parallel. Its logic is the state machine idle → running → paused →
 * running → finished | stopped, and what a failing model does to it
 * (modelFailures.ts); the choices live in plan.ts, the records in
 * candidate.ts, the pipeline's ordering in pipeline.ts.
 */
import type { ProblemInstance } from '../problem.ts';
import { unevaluatedCandidate, type CandidateDraft } from './candidate.ts';
import type { RunListener } from './events.ts';
import {
  checkedReply,
  cutReplyMessage,
  failureAction,
  pausedByFailure,
  pausedByReplies,
  replyFault,
  repliesWithoutCodeLimit,
  retryingAfter,
  sleep,
  stalledError,
  type ReplyFault,
} from './modelFailures.ts';
import { operators } from './operators.ts';
import { parseReply } from './parse.ts';
import type { IterationPlan } from './plan.ts';
import { Pipeline, type Pending } from './pipeline.ts';
import type { PromptSettings } from './prompt.ts';
import type {
  EvaluatorPort,
  GenerateResult,
  ModelPort,
  RunMeta,
  RunProgress,
  RunStatus,
  RunStore,
} from './ports.ts';
import type { Candidate, ChatMessage } from './record.ts';

export interface RunOptions {
  readonly meta: RunMeta;
  readonly instance: ProblemInstance;
  readonly model: ModelPort;
  readonly evaluator: EvaluatorPort;
  readonly store: RunStore;
  readonly listener?: RunListener;
  /** Milliseconds since the epoch; injected so tests control time. */
  readonly clock?: () => number;
  readonly promptSettings?: PromptSettings;
  /** The records so far, to resume a run exactly where it stopped. */
  readonly resume?: { readonly progress: RunProgress; readonly candidates: readonly Candidate[] };
  /**
   * Waits before asking again after a generation failed (GenerationError),
   * in milliseconds, one per retry; then the run pauses. Default 1 s, 5 s.
   */
  readonly retryDelaysMs?: readonly number[];
  /**
   * A model call that writes nothing for this long is taken as hung: it is
   * aborted and the run pauses. Default 5 minutes, beyond the slowest
   * prefill of a long prompt on a CPU.
   */
  readonly stallMs?: number;
}

/** A run as its records stand: what an export of it holds (the list is a copy). */
export interface RunSnapshot {
  readonly meta: RunMeta;
  readonly progress: RunProgress;
  readonly candidates: Candidate[];
}

const defaultRetryDelaysMs = [1_000, 5_000];
const defaultStallMs = 5 * 60_000;

type ModelAnswer =
  { kind: 'reply'; reply: GenerateResult } | { kind: 'halted' } | { kind: 'failed'; error: unknown };

export class EvolutionRun {
  #status: RunStatus = 'idle';
  #halt: 'paused' | 'stopped' | null = null;
  #controller: AbortController | null = null;
  #model: ModelPort;
  /** The faults of the latest replies in a row that held no code; cleared by any reply with code, and on resume. */
  #faults: ReplyFault[] = [];
  readonly #options: RunOptions;
  readonly #pipeline: Pipeline;
  readonly #clock: () => number;

  constructor(options: RunOptions) {
    this.#options = options;
    this.#model = options.model;
    this.#clock = options.clock ?? Date.now;
    this.#pipeline = new Pipeline(options, this.#clock);
    if (options.resume) {
      // A run that ended stays ended; one that was running when the page closed waits to be resumed.
      const saved = options.resume.progress.status;
      this.#status = saved === 'stopped' || saved === 'finished' ? saved : 'paused';
    }
  }

  get status(): RunStatus {
    return this.#status;
  }

  /** The recorded candidates, in order. */
  get candidates(): readonly Candidate[] {
    return this.#pipeline.candidates;
  }

  /** The best scored candidate so far, resumed records included, or null. */
  get best(): Candidate | null {
    return this.#pipeline.best;
  }

  /** How many recorded candidates the store has not taken yet (storage failed; they are in memory). */
  get unsaved(): number {
    return this.#pipeline.unsaved;
  }

  /** Returns the run as its records stand now, for an export that holds what the store could not save. */
  snapshot(): RunSnapshot {
    return {
      meta: this.#options.meta,
      progress: this.#pipeline.progress(this.#status),
      candidates: [...this.#pipeline.candidates],
    };
  }

  /**
   * Sets the model the next run() asks: the same model loaded again after
   * it failed (a lost GPU, an unloaded model). Only while not running.
   */
  useModel(model: ModelPort): void {
    if (this.#status === 'running') throw new Error('the model of a running run cannot be changed');
    this.#model = model;
  }

  /** Runs until the budget is spent, the model fails, or pause()/stop(); resolves with the new status. */
  async run(): Promise<RunStatus> {
    if (this.#status === 'running' || this.#status === 'stopped' || this.#status === 'finished') {
      throw new Error(`a ${this.#status} run cannot be started`);
    }
    this.#halt = null;
    this.#faults = [];
    this.#setStatus('running');
    this.#pipeline.startSession();
    if (this.#pipeline.candidates.length === 0) await this.#pipeline.seed();
    let ended: RunStatus = 'finished';
    while (!this.#halt) {
      if (this.#pipeline.budgetSpent()) break;
      const iteration = this.#pipeline.nextIteration;
      await this.#pipeline.applyThrough(iteration);
      if (this.#halt) break;
      const plan = this.#pipeline.plan(iteration);
      const prompt = operators[plan.operator as Exclude<typeof plan.operator, 'seed'>](
        this.#options.instance,
        plan.parents,
        this.#options.promptSettings,
      );
      const answer = await this.#askWithRetries(iteration, plan, prompt);
      if (answer.kind === 'halted') break;
      if (answer.kind === 'failed') {
        ended = this.#modelFailed(answer.error);
        break;
      }
      this.#pipeline.launch(this.#draft(iteration, plan, prompt, answer.reply));
      if (this.#faults.length >= repliesWithoutCodeLimit) {
        ended = this.#pauseForReplies();
        break;
      }
    }
    await this.#pipeline.drain();
    const status = this.#halt ?? ended;
    await this.#pipeline.saveProgress(status);
    this.#setStatus(status);
    return status;
  }

  /** Interrupts the model call in flight; evaluations finish and are recorded; the run can be resumed. */
  pause(): void {
    if (this.#status !== 'running') return;
    this.#halt = 'paused';
    this.#controller?.abort();
  }

  /** Like pause(), but the run cannot be resumed. */
  stop(): void {
    if (this.#status === 'paused' || this.#status === 'idle') {
      this.#setStatus('stopped');
      void this.#pipeline.saveProgress('stopped');
      return;
    }
    if (this.#status !== 'running') return;
    this.#halt = 'stopped';
    this.#controller?.abort();
  }

  /** Asks the model, and asks again after a failure the backend calls passing, waiting longer each time. */
  async #askWithRetries(iteration: number, plan: IterationPlan, prompt: ChatMessage[]): Promise<ModelAnswer> {
    const delays = this.#options.retryDelaysMs ?? defaultRetryDelaysMs;
    for (let retry = 0; ; retry++) {
      const answer = await this.#ask(iteration, plan, prompt);
      if (answer.kind !== 'failed' || failureAction(answer.error) !== 'retry' || retry >= delays.length)
        return answer;
      const delay = delays[retry];
      const message = retryingAfter(answer.error, delay, retry + 2, delays.length + 1);
      this.#options.listener?.({ type: 'error', message, paused: false });
      this.#controller = new AbortController();
      const waited = await sleep(delay, this.#controller.signal);
      this.#controller = null;
      if (!waited || this.#halt) return { kind: 'halted' };
    }
  }

  /** Makes one model call; a call that writes nothing for `stallMs` is aborted and fails. */
  async #ask(iteration: number, plan: IterationPlan, prompt: ChatMessage[]): Promise<ModelAnswer> {
    const { listener, meta } = this.#options;
    listener?.({
      type: 'prompt',
      iteration,
      operator: plan.operator,
      island: plan.island,
      parentIds: plan.parents.map((p) => p.id),
    });
    const controller = (this.#controller = new AbortController());
    const stallMs = this.#options.stallMs ?? defaultStallMs;
    let stalled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Settles when the call is aborted (pause, stop, stall), even if the backend ignores its signal.
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
    );
    aborted.catch(() => undefined);
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, stallMs);
    };
    const { temperature, topP, maxTokens } = meta.settings.generation;
    try {
      watch();
      const generation = this.#model.generate({
        messages: prompt,
        temperature,
        topP,
        maxTokens,
        seed: requestSeed(meta.settings.search.seed, iteration),
        signal: controller.signal,
        onText: (delta) => {
          watch();
          listener?.({ type: 'text', iteration, delta });
        },
      });
      const reply = checkedReply(await Promise.race([generation, aborted]));
      if (this.#halt) return { kind: 'halted' };
      if (stalled) return { kind: 'failed', error: stalledError(stallMs) };
      return { kind: 'reply', reply };
    } catch (error) {
      if (this.#halt) return { kind: 'halted' };
      return { kind: 'failed', error: stalled ? stalledError(stallMs) : error };
    } finally {
      clearTimeout(timer);
      this.#controller = null;
    }
  }

  /** Ends the run when a scripted model has no more replies; otherwise pauses it with what to do. */
  #modelFailed(error: unknown): RunStatus {
    if (failureAction(error) === 'finish') return 'finished';
    // Evaluations still in flight are recorded before the run pauses; count what will be kept.
    const kept = this.#pipeline.nextIteration;
    this.#options.listener?.({ type: 'error', message: pausedByFailure(error, kept), paused: true });
    return 'paused';
  }

  #pauseForReplies(): RunStatus {
    const message = pausedByReplies(this.#faults, this.#options.meta.settings.generation.maxTokens);
    this.#faults = [];
    this.#options.listener?.({ type: 'error', message, paused: true });
    return 'paused';
  }

  #draft(iteration: number, plan: IterationPlan, prompt: ChatMessage[], reply: GenerateResult): Pending {
    const { meta, instance } = this.#options;
    const model = this.#model;
    const parsed = parseReply(reply.text, instance.problem.heuristic);
    const fault = parsed.ok ? null : replyFault(reply);
    if (fault) this.#faults.push(fault);
    else this.#faults = [];
    const draft: CandidateDraft = {
      iteration,
      island: plan.island,
      operator: plan.operator,
      parentIds: plan.parents.map((p) => p.id),
      createdAt: this.#clock(),
      generation: {
        backend: model.backend,
        model: model.model,
        ...meta.settings.generation,
        seed: requestSeed(meta.settings.search.seed, iteration),
      },
      prompt,
      reply,
      code: parsed.ok ? parsed.code : null,
      thought: parsed.ok ? parsed.thought : null,
    };
    if (parsed.ok) return { draft, code: parsed.code };
    const error =
      fault === 'cut'
        ? {
            ...parsed.error,
            message: cutReplyMessage(parsed.error.message, meta.settings.generation.maxTokens),
          }
        : parsed.error;
    return { draft, record: unevaluatedCandidate(draft, error) };
  }

  #setStatus(status: RunStatus): void {
    this.#status = status;
    this.#options.listener?.({ type: 'status', status });
  }
}

/** Returns the model seed of one request: distinct per iteration, fixed by the run's seed. */
export function requestSeed(seed: number, iteration: number): number {
  return (Math.imul(seed | 0, 1_000_003) + iteration) >>> 0;
}
