/** Candidate records for the UI's unit tests: only what the charts and counters read is set. */
import type { Candidate, OperatorId } from '../../src/core/evolution/record.ts';

export interface Sketch {
  readonly parents?: readonly string[];
  readonly island?: number;
  readonly operator?: OperatorId;
  /** A number scores ('ok'); a status string fails with that status. */
  readonly score?: number | Exclude<Candidate['status'], 'ok'>;
  readonly createdAt?: number;
  readonly usage?: Candidate['usage'];
}

/** Returns candidate `c000i` for the i-th sketch, with ids in order. */
export function candidates(sketches: readonly Sketch[]): Candidate[] {
  return sketches.map((s, i) => {
    const failed = typeof s.score === 'string';
    return {
      id: `c${String(i).padStart(4, '0')}`,
      parentIds: s.parents ?? [],
      island: s.island ?? 0,
      operator: s.operator ?? (i === 0 ? 'seed' : 'm1'),
      iteration: i,
      createdAt: s.createdAt ?? 1_000 * i,
      generation: null,
      prompt: [],
      reply: '',
      code: failed && s.score === 'parse-error' ? null : 'function priority() { return 0; }',
      thought: null,
      status: failed ? (s.score as Exclude<Candidate['status'], 'ok'>) : 'ok',
      error: failed
        ? { reason: s.score as Exclude<Candidate['status'], 'ok'>, message: `it ${s.score}` }
        : null,
      score: failed ? null : ((s.score as number | undefined) ?? 0),
      standardError: failed ? null : 0.001,
      metrics: [],
      verification: null,
      evaluationMilliseconds: failed && s.score === 'parse-error' ? null : 5,
      usage: s.usage ?? null,
    };
  });
}
