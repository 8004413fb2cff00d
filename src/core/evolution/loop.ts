/**
 * The run loop of AMD-LLM (mechanism-notes §4): plan a prompt, ask the
 * model, parse the reply, evaluate it off-thread, record it, and feed the
 * database — one model request at a time while evaluations run in
 * parallel. Its only logic is the state machine idle → running → paused →
 * running → finished | stopped; the choices live in plan.ts, the records in
 * candidate.ts, the pipeline's ordering in pipeline.ts.
 */
import type { ProblemInstance } from '../problem.ts';
import { unevaluatedCandidate, type CandidateDraft } from './candidate.ts';
import type { RunListener } from './events.ts';
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
}

type ModelAnswer =
  { kind: 'reply'; reply: GenerateResult } | { kind: 'halted' } | { kind: 'failed'; error: unknown };

export class EvolutionRun {
  #status: RunStatus = 'idle';
  #halt: 'paused' | 'stopped' | null = null;
  #controller: AbortController | null = null;
  readonly #options: RunOptions;
  readonly #pipeline: Pipeline;
  readonly #clock: () => number;

  constructor(options: RunOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#pipeline = new Pipeline(options, this.#clock);
    if (options.resume) this.#status = options.resume.progress.status === 'stopped' ? 'stopped' : 'paused';
  }

  get status(): RunStatus {
    return this.#status;
  }

  /** The recorded candidates, in order. */
  get candidates(): readonly Candidate[] {
    return this.#pipeline.candidates;
  }

  /** Runs until the budget is spent, the model fails, or pause()/stop(); resolves with the new status. */
  async run(): Promise<RunStatus> {
    if (this.#status === 'running' || this.#status === 'stopped' || this.#status === 'finished') {
      throw new Error(`a ${this.#status} run cannot be started`);
    }
    this.#halt = null;
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
      const answer = await this.#ask(iteration, plan, prompt);
      if (answer.kind === 'halted') break;
      if (answer.kind === 'failed') {
        ended = this.#modelFailed(answer.error);
        break;
      }
      this.#pipeline.launch(this.#draft(iteration, plan, prompt, answer.reply));
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

  async #ask(iteration: number, plan: IterationPlan, prompt: ChatMessage[]): Promise<ModelAnswer> {
    const { model, listener, meta } = this.#options;
    listener?.({
      type: 'prompt',
      iteration,
      operator: plan.operator,
      island: plan.island,
      parentIds: plan.parents.map((p) => p.id),
    });
    this.#controller = new AbortController();
    const { temperature, topP, maxTokens } = meta.settings.generation;
    try {
      const reply = await model.generate({
        messages: prompt,
        temperature,
        topP,
        maxTokens,
        seed: requestSeed(meta.settings.search.seed, iteration),
        signal: this.#controller.signal,
        onText: (delta) => listener?.({ type: 'text', iteration, delta }),
      });
      return this.#halt ? { kind: 'halted' } : { kind: 'reply', reply };
    } catch (error) {
      return this.#halt ? { kind: 'halted' } : { kind: 'failed', error };
    } finally {
      this.#controller = null;
    }
  }

  /** Ends the run when a scripted model has no more replies; otherwise pauses it with the model's message. */
  #modelFailed(error: unknown): RunStatus {
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? error.message : String(error);
    if (name === 'ScriptExhaustedError') return 'finished';
    this.#options.listener?.({
      type: 'error',
      message: `The model failed: ${message}. The run is paused; resume it when the model is ready.`,
      paused: true,
    });
    return 'paused';
  }

  #draft(iteration: number, plan: IterationPlan, prompt: ChatMessage[], reply: GenerateResult): Pending {
    const { model, meta, instance } = this.#options;
    const parsed = parseReply(reply.text, instance.problem.heuristic);
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
    return parsed.ok
      ? { draft, code: parsed.code }
      : { draft, record: unevaluatedCandidate(draft, parsed.error) };
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
