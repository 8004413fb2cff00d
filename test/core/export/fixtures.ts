/** Runs and candidates for the export tests: a meta of any problem, and candidates with chosen fields. */
import { defaultSearchConfig } from '../../../src/core/evolution/config.ts';
import type { RunMeta } from '../../../src/core/evolution/ports.ts';
import type { Candidate } from '../../../src/core/evolution/record.ts';
import type { RawParameters } from '../../../src/core/parameters.ts';
import type { ProblemId } from '../../../src/core/problem.ts';

/** Returns the meta of a run of `problem` with `parameters`, 512 samples and seed 3. */
export function metaOf(problem: ProblemId, parameters: RawParameters, name = 'Test run'): RunMeta {
  return {
    id: 'run-test',
    name,
    createdAt: Date.UTC(2025, 0, 2, 3, 4, 5),
    updatedAt: Date.UTC(2025, 0, 2, 4, 0, 0),
    settings: {
      problem,
      parameters,
      search: { ...defaultSearchConfig, samples: 512, seed: 3 },
      budget: { candidates: 20 },
      generation: { temperature: 0.8, topP: 0.95, maxTokens: 1024 },
    },
    model: { backend: 'scripted', model: 'demo' },
  };
}

/** Returns a candidate with `code`, scored `score`; every other field plausible, any of them overridable. */
export function candidateOf(code: string | null, overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: 'c0007',
    parentIds: ['c0003', 'c0005'],
    island: 1,
    operator: 'm1',
    iteration: 7,
    createdAt: Date.UTC(2025, 0, 2, 3, 5, 0),
    generation: {
      backend: 'scripted',
      model: 'demo',
      temperature: 0.8,
      topP: 0.95,
      maxTokens: 1024,
      seed: 9,
    },
    prompt: [
      { role: 'system', content: 'You design auctions.' },
      { role: 'user', content: 'Improve this priority.' },
    ],
    reply: `{A reserve at one half}\n\`\`\`js\n${code ?? ''}\n\`\`\``,
    code,
    thought: 'A reserve at one half',
    status: 'ok',
    error: null,
    score: 0.4123,
    standardError: 0.0101,
    metrics: [
      {
        id: 'raw-score',
        label: 'Revenue before the fix (unfixed skeleton)',
        value: 0.4023,
        standardError: 0.01,
      },
      { id: 'score-lost', label: 'Revenue lost to the fix', value: -0.01, standardError: 0.002 },
    ],
    verification: { passed: true, checks: 64, maxViolation: 0 },
    evaluationMilliseconds: 12.5,
    usage: { promptTokens: 420, completionTokens: 96, tokensPerSecond: 31.5 },
    ...overrides,
  };
}
