/**
 * A realistic run for store and file tests: a meta, the progress before any
 * candidate, and each candidate with the progress after it, as the search
 * loop records them (the database state comes from a real ProgramDatabase).
 */
import { defaultSearchConfig } from '../../../src/core/evolution/config.ts';
import { ProgramDatabase } from '../../../src/core/evolution/database.ts';
import type { RunMeta, RunProgress } from '../../../src/core/evolution/ports.ts';
import type { Candidate, CandidateStatus } from '../../../src/core/evolution/record.ts';
import type { StoredRun } from '../../../src/core/evolution/runFile.ts';

export interface SampleRun {
  readonly meta: RunMeta;
  readonly initial: RunProgress;
  readonly steps: readonly { candidate: Candidate; progress: RunProgress }[];
  /** What loadRun should return after every step is recorded. */
  readonly stored: StoredRun;
}

export function sampleMeta(id: string, name = `Run ${id}`): RunMeta {
  return {
    id,
    name,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    settings: {
      problem: 'vcg-redistribution',
      parameters: { n: 5, m: 1, grid: 64, distribution: 'uniform(0,1)' },
      search: defaultSearchConfig,
      budget: { candidates: 500, seconds: 3_600 },
      generation: { temperature: 0.8, topP: 0.95, maxTokens: 1_024 },
    },
    model: { backend: 'scripted', model: 'corpus-v1' },
  };
}

const failures: CandidateStatus[] = ['parse-error', 'runtime-error', 'timeout', 'forbidden'];

function candidateAt(i: number, parents: string[], status: CandidateStatus): Candidate {
  const code = `function rebate(others) {\n  // variant ${i}\n  return ${i % 7} * others[0] / ${i + 1};\n}`;
  const ok = status === 'ok';
  return {
    id: `c${String(i).padStart(4, '0')}`,
    parentIds: parents,
    island: i % defaultSearchConfig.database.islands,
    operator: i === 0 ? 'seed' : (['funsearch', 'e1', 'm1', 'm2', 'repair'] as const)[i % 5],
    iteration: i,
    createdAt: 1_700_000_000_000 + 1_000 * i,
    generation:
      i === 0
        ? null
        : {
            backend: 'scripted',
            model: 'corpus-v1',
            temperature: 0.8,
            topP: 0.95,
            maxTokens: 1_024,
            seed: 7 * i,
          },
    prompt: [
      { role: 'system', content: 'You write rebate functions for VCG redistribution.' },
      { role: 'user', content: `Improve on ${parents.join(' and ') || 'nothing'}.\n\`\`\`js\n…\n\`\`\`` },
    ],
    reply: `{A rebate scaled by rank ${i}}\n\`\`\`js\n${code}\n\`\`\``,
    code: status === 'parse-error' ? null : code,
    thought: i % 3 === 0 ? null : `scale by rank ${i}`,
    status,
    error: ok
      ? null
      : {
          reason: status as Exclude<CandidateStatus, 'ok'>,
          message: `failed: ${status}`,
          line: 2,
          column: 3,
        },
    score: ok ? 0.5 + 0.4 * Math.sin(i) ** 2 : null,
    standardError: ok ? 0.01 / (1 + i) : null,
    metrics: ok ? [{ id: 'raw', label: 'Raw score', value: 0.6 + i / 1_000, standardError: 0.02 }] : [],
    verification: ok ? { passed: true, checks: 200, maxViolation: 1e-12 * i } : null,
    evaluationMilliseconds: status === 'parse-error' ? null : 12.5 + i,
    usage: i === 0 ? null : { promptTokens: 800 + i, completionTokens: 120, tokensPerSecond: 31.25 },
  };
}

/** Returns a run of `count` candidates with id `id`; every fifth candidate fails. */
export function sampleRun(count: number, id = 'run-1'): SampleRun {
  const meta = sampleMeta(id);
  const database = new ProgramDatabase(meta.settings.search.database);
  const progressAt = (i: number): RunProgress => ({
    status: i === count ? 'finished' : 'running',
    iteration: i,
    modelCalls: Math.max(0, i - 1),
    elapsedSeconds: 2.5 * i,
    applied: i,
    database: database.toJSON(),
  });
  const initial = { ...progressAt(0), status: 'idle' as const };
  const steps: { candidate: Candidate; progress: RunProgress }[] = [];
  for (let i = 0; i < count; i++) {
    const status = i > 0 && i % 5 === 0 ? failures[(i / 5) % failures.length] : 'ok';
    const parents = i === 0 ? [] : [steps[Math.floor(i / 2)]?.candidate.id ?? 'c0000'].slice(0, i % 3);
    const candidate = candidateAt(i, parents, status);
    if (i === 0) database.registerSeed(candidate);
    else database.register(candidate);
    steps.push({ candidate, progress: progressAt(i + 1) });
  }
  const last = steps.at(-1)?.progress ?? initial;
  return {
    meta,
    initial,
    steps,
    stored: { meta, progress: last, candidates: steps.map((s) => s.candidate) },
  };
}
