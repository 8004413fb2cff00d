/**
 * Fakes at the three seams of the run loop, for its tests: a model that
 * replays replies, an evaluator that scores code by a rule of its own (with
 * delays, so evaluations finish out of order), and a store in memory that
 * can be made to fail.
 */
import { defaultSearchConfig } from '../../../src/core/evolution/config.ts';
import { evaluationSession } from '../../../src/core/evolution/evaluateCandidate.ts';
import { createEvaluatorPool, type EvaluatorHost } from '../../../src/core/evolution/evaluatorPool.ts';
import type { ScreeningRequest } from '../../../src/core/evolution/screening.ts';
import type {
  CandidateEvaluation,
  EvaluationSetup,
  EvaluatorPort,
  GenerateRequest,
  GenerateResult,
  ModelPort,
  RunMeta,
  RunProgress,
  RunStore,
} from '../../../src/core/evolution/ports.ts';
import type { Candidate } from '../../../src/core/evolution/record.ts';
import { problemById } from '../../../src/core/problems/index.ts';

export const instance = problemById('single-item-revenue').configure({});

/** A reply with a priority whose reserve is r: the fake evaluator scores it by r's closeness to 0.5. */
export function reply(r: number, extra = ''): string {
  return `{reserve ${r}}\n\`\`\`javascript\nfunction priority(bid, bidder, n) {\n  return bid >= ${r} ? bid : 0;${extra}\n}\n\`\`\``;
}

/** Forty replies: mostly good code, prose every seventh, a runtime error now and then. */
export const replies = Array.from({ length: 40 }, (_, i) =>
  i % 7 === 3
    ? 'I cannot help with that.'
    : i % 9 === 4
      ? reply(0.1 * (i % 10), ' // fail')
      : reply(Math.round((i * 37) % 100) / 100),
);

/** Returns the result of a reply `text`, as a backend returns it. */
export function result(text: string, finishReason: GenerateResult['finishReason'] = 'stop'): GenerateResult {
  return { text, usage: { promptTokens: 10, completionTokens: 20, tokensPerSecond: 100 }, finishReason };
}

export function abortError(): Error {
  return Object.assign(new Error('aborted'), { name: 'AbortError' });
}

/**
 * Returns a model whose k-th call (from 0, over its whole life) is answered
 * by `answer(k, request)`: a reply text, a result, or a thrown error. An
 * aborted call throws an AbortError and does not count.
 */
export function scriptedModel(
  answer: (call: number, request: GenerateRequest) => string | GenerateResult | Promise<GenerateResult>,
  name = 'test',
): ModelPort & { calls: number } {
  const model = {
    backend: 'scripted',
    model: name,
    calls: 0,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      if (request.signal?.aborted) throw abortError();
      const call = model.calls++;
      const answered = await answer(call, request);
      const out = typeof answered === 'string' ? result(answered) : answered;
      request.onText?.(out.text);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (request.signal?.aborted) {
        model.calls -= 1;
        throw abortError();
      }
      return out;
    },
  };
  return model;
}

/** A model that replays `texts` in order, then fails as the scripted backend does when it has no more. */
export function fakeModel(texts: readonly string[], log: string[][] = []): ModelPort {
  return scriptedModel((call, request) => {
    log.push(request.messages.map((m) => m.content));
    if (call >= texts.length)
      throw Object.assign(new Error('no more replies'), { name: 'ScriptExhaustedError' });
    return texts[call];
  });
}

/** Scores `return bid >= r` code by 1 − |r − 0.5|, after a delay; 'fail' in the code is a runtime error. */
export function fakeEvaluator(delays: () => number): EvaluatorPort {
  return {
    async evaluate(code): Promise<CandidateEvaluation> {
      await new Promise((resolve) => setTimeout(resolve, delays()));
      const base = { metrics: [], verification: null, evaluationMilliseconds: 1 };
      if (code.includes('fail')) {
        return {
          ...base,
          status: 'runtime-error',
          error: { reason: 'runtime-error', message: 'fail' },
          score: null,
          standardError: null,
        };
      }
      const r = Number(/bid >= ([\d.]+)/.exec(code)?.[1] ?? 0);
      return { ...base, status: 'ok', error: null, score: 1 - Math.abs(r - 0.5), standardError: 0.01 };
    },
    async close() {},
  };
}

/** Deterministic but scrambled delays, so evaluations finish out of order. */
export function scrambled(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % 7);
}

/**
 * A store in memory with the atomicity of IdbRunStore: a write either
 * lands whole or not at all. `failing` makes every write throw the error it
 * returns (null: the write lands).
 */
export class MemoryStore implements RunStore {
  meta: RunMeta | null = null;
  progress: RunProgress | null = null;
  candidates: Candidate[] = [];
  writes = 0;
  failing: (write: 'candidate' | 'progress') => Error | null = () => null;

  async createRun(meta: RunMeta) {
    this.meta = meta;
  }
  async recordCandidate(_id: string, candidate: Candidate, progress: RunProgress) {
    this.#check('candidate');
    if (this.candidates.some((c) => c.id === candidate.id))
      throw new Error(`${candidate.id} is stored already`);
    this.candidates.push(structuredClone(candidate));
    this.progress = structuredClone(progress);
  }
  async saveProgress(_id: string, progress: RunProgress) {
    this.#check('progress');
    this.progress = structuredClone(progress);
  }
  async loadRun() {
    return this.meta && this.progress
      ? { meta: this.meta, progress: this.progress, candidates: structuredClone(this.candidates) }
      : null;
  }
  #check(write: 'candidate' | 'progress') {
    this.writes += 1;
    const error = this.failing(write);
    if (error) throw error;
  }
}

export function meta(budget: RunMeta['settings']['budget'], pipelineDepth = 1, maxTokens = 512): RunMeta {
  return {
    id: 'run-1',
    name: 'test',
    createdAt: 0,
    updatedAt: 0,
    model: { backend: 'scripted', model: 'test' },
    settings: {
      problem: 'single-item-revenue',
      parameters: {},
      search: { ...defaultSearchConfig, pipelineDepth, seed: 7 },
      budget,
      generation: { temperature: 0.8, topP: 0.95, maxTokens },
    },
  };
}

/** Returns the candidates without their creation time, which depends on the clock. */
export function without(candidates: readonly Candidate[]) {
  return candidates.map(({ createdAt: _c, ...rest }) => rest);
}

/**
 * Returns a real evaluator pool of `size` in-process hosts, each an
 * evaluation session (the code a worker runs), that wait `delays()` ms
 * before each evaluation so results come back out of order. `asked` gets
 * the screening request each code was evaluated with.
 */
export function sessionPool(
  setup: EvaluationSetup,
  size: number,
  delays: () => number,
  asked = new Map<string, ScreeningRequest | null>(),
): EvaluatorPort {
  const host = (): EvaluatorHost => {
    const session = evaluationSession();
    const later = () => new Promise((resolve) => setTimeout(resolve, delays()));
    return {
      prepare: async (s) => session.prepare(s),
      evaluate: async (code) => {
        asked.set(code, null);
        await later();
        return session.evaluate(code);
      },
      evaluateStaged: async (code, screening) => {
        asked.set(code, screening);
        await later();
        return session.evaluateStaged(code, screening);
      },
      terminate: () => {},
    };
  };
  return createEvaluatorPool({ size, timeoutMs: 60_000, spawn: host, setup });
}

/** Returns the candidates without what depends on the clock: creation and evaluation times, timing metrics. */
export function untimedRecords(candidates: readonly Candidate[]) {
  return candidates.map(({ createdAt: _c, evaluationMilliseconds: _e, ...rest }) => ({
    ...rest,
    metrics: rest.metrics.filter((m) => !m.id.endsWith('milliseconds')),
  }));
}
