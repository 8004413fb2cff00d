/**
 * Runs hostile programs through the real search loop, as a model's replies:
 * parse, duplicate check, the evaluator (Node processes or browser workers,
 * whichever the caller passes), the records. After every program comes a
 * probe — a correct heuristic — so the records show whether anything a
 * program did outlived it: with one worker, the probe runs in the very
 * realm the program ran in (or in the fresh one that replaced it). Pure
 * core code, so Node tests and the browser harness share it.
 */
import { defaultSearchConfig } from '../../src/core/evolution/config.ts';
import { evaluateCandidate, prepareEvaluation } from '../../src/core/evolution/evaluateCandidate.ts';
import { EvolutionRun } from '../../src/core/evolution/loop.ts';
import type {
  EvaluationSetup,
  EvaluatorPort,
  RunMeta,
  RunProgress,
  RunStore,
} from '../../src/core/evolution/ports.ts';
import type { Candidate, CandidateStatus } from '../../src/core/evolution/record.ts';
import type { ProblemId } from '../../src/core/problem.ts';
import { problemById } from '../../src/core/problems/index.ts';
import { createScriptedBackend } from '../../src/llm/scripted.ts';
import { replyOf, type HostileProgram } from './corpus/index.ts';

/** A correct heuristic per problem; `salt` makes each copy a distinct text without changing a single answer. */
export function probeCode(problem: ProblemId, salt: number): string {
  const body: Record<ProblemId, string> = {
    'single-item-revenue': 'function priority(bid, bidder, n) {\n  return 2 * bid - 1 + salt * 0;\n}',
    'vcg-redistribution': 'function rebate(others, n, m) {\n  return (m / n) * others[m] + salt * 0;\n}',
    'correlated-revenue':
      'function allocate(bids) {\n  let w = -1;\n  for (let i = 0; i < bids.length; i++) if (bids[i] >= 0.5 && (w < 0 || bids[i] > bids[w])) w = i;\n  return w + salt * 0;\n}',
  };
  return `const salt = ${salt};\n${body[problem]}`;
}

/**
 * Returns the evaluation setup the corpus runs with: default parameters and
 * few samples (the corpus is about failures, not scores) — 64 for
 * vcg-redistribution, whose fix asks the heuristic about n·(K + 1)·n times
 * per profile, 256 otherwise — so that correct code stays far under the 1 s
 * limit even on a loaded machine, in a freshly started worker.
 */
export function corpusSetup(problem: ProblemId): EvaluationSetup {
  return { problem, parameters: {}, seed: 1, samples: problem === 'vcg-redistribution' ? 64 : 256 };
}

export interface CorpusOutcome {
  readonly id: string;
  /** The status recorded. */
  readonly recorded: CandidateStatus;
  /** The status of the evaluation: a duplicate by behaviour (same score as an earlier one) was 'ok'. */
  readonly status: CandidateStatus;
  readonly message: string;
  readonly score: number | null;
  readonly milliseconds: number | null;
  /** The score of the probe recorded right after the program. */
  readonly probeScore: number | null;
  /** How that probe was recorded: its status and message (a duplicate by behaviour of an earlier probe is expected). */
  readonly probe: string;
}

export interface CorpusRun {
  readonly problem: ProblemId;
  readonly outcomes: CorpusOutcome[];
  /** The probe's score evaluated alone, in a realm no program has touched. */
  readonly probeReference: number | null;
  /** Candidates recorded: the starting heuristic, every program and every probe. */
  readonly records: number;
  readonly seconds: number;
}

/** Keeps a run's records in memory. */
class MemoryStore implements RunStore {
  readonly candidates: Candidate[] = [];
  async createRun(): Promise<void> {}
  async recordCandidate(_id: string, candidate: Candidate): Promise<void> {
    this.candidates.push(candidate);
  }
  async saveProgress(): Promise<void> {}
  async loadRun(): Promise<{ meta: RunMeta; progress: RunProgress; candidates: Candidate[] } | null> {
    return null;
  }
}

/** Returns what the evaluation of `record` gave, seeing through a duplicate by behaviour. */
function evaluated(record: Candidate): CandidateStatus {
  const message = record.error?.message ?? '';
  return record.status === 'duplicate' && message.startsWith('behaves exactly like') ? 'ok' : record.status;
}

/**
 * Runs `programs` (all for `problem`) through a search loop whose model
 * replies with them in order, each followed by a probe, on `evaluator`
 * (prepared with corpusSetup(problem) and `timeoutMs`), and
 * returns how each was recorded.
 */
export async function runCorpus(
  problem: ProblemId,
  programs: readonly HostileProgram[],
  evaluator: EvaluatorPort,
  options: { readonly timeoutMs: number },
): Promise<CorpusRun> {
  const setup = corpusSetup(problem);
  const replies = programs.flatMap((program, k) => [
    replyOf(program),
    `\`\`\`javascript\n${probeCode(problem, k + 1)}\n\`\`\``,
  ]);
  const meta: RunMeta = {
    id: `corpus-${problem}`,
    name: `hostile corpus, ${problem}`,
    createdAt: 0,
    updatedAt: 0,
    model: { backend: 'scripted', model: 'scripted:hostile-corpus' },
    settings: {
      problem,
      parameters: {},
      search: {
        ...defaultSearchConfig,
        seed: setup.seed,
        samples: setup.samples,
        evaluationTimeoutMs: options.timeoutMs,
      },
      budget: { candidates: replies.length },
      generation: { temperature: 0.8, topP: 0.95, maxTokens: 1024 },
    },
  };
  const store = new MemoryStore();
  const started = performance.now();
  const run = new EvolutionRun({
    meta,
    instance: problemById(problem).configure({}),
    model: createScriptedBackend({ replies, label: 'hostile-corpus' }),
    evaluator,
    store,
  });
  await run.run();
  const seconds = (performance.now() - started) / 1000;
  const records = store.candidates;
  const outcomes = programs.map((program, k): CorpusOutcome => {
    const record = records[1 + 2 * k];
    const probe = records[2 + 2 * k];
    return {
      id: program.id,
      recorded: record.status,
      status: evaluated(record),
      message: record.error?.message ?? '',
      score: record.score,
      milliseconds: record.evaluationMilliseconds,
      probeScore: probe?.score ?? null,
      probe: probe === undefined ? 'not recorded' : `${probe.status}: ${probe.error?.message ?? ''}`,
    };
  });
  const reference = evaluateCandidate(prepareEvaluation(setup), probeCode(problem, 0)).score;
  return { problem, outcomes, probeReference: reference, records: records.length, seconds };
}
