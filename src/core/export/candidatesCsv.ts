/**
 * A run's candidates as CSV, one row per candidate in creation order: the
 * lineage, status, score ± SE, every metric of the record (one column per
 * metric id, in order of first appearance), verification, usage, the idea,
 * the error and the code.
 */
import type { RunMeta } from '../evolution/ports.ts';
import type { Candidate } from '../evolution/record.ts';
import { csvTable, type CsvValue } from './csv.ts';
import type { ExportedFile } from './heuristicFile.ts';
import { fileStem } from './runDescription.ts';

/** The fixed columns before the metrics, with how each is read from a candidate. */
const leading: readonly [string, (c: Candidate) => CsvValue][] = [
  ['id', (c) => c.id],
  ['iteration', (c) => c.iteration],
  ['created_at', (c) => new Date(c.createdAt).toISOString()],
  ['island', (c) => c.island],
  ['operator', (c) => c.operator],
  ['parents', (c) => c.parentIds.join(' ')],
  ['status', (c) => c.status],
  ['score', (c) => c.score],
  ['standard_error', (c) => c.standardError],
];

/** The fixed columns after the metrics. */
const trailing: readonly [string, (c: Candidate) => CsvValue][] = [
  ['verification_passed', (c) => c.verification?.passed],
  ['verification_checks', (c) => c.verification?.checks],
  ['max_violation', (c) => c.verification?.maxViolation],
  ['evaluation_ms', (c) => c.evaluationMilliseconds],
  ['model', (c) => (c.generation ? `${c.generation.backend}/${c.generation.model}` : null)],
  ['prompt_tokens', (c) => c.usage?.promptTokens],
  ['completion_tokens', (c) => c.usage?.completionTokens],
  ['tokens_per_second', (c) => c.usage?.tokensPerSecond],
  ['thought', (c) => c.thought],
  ['error', (c) => c.error?.message],
  ['code', (c) => c.code],
];

/** Returns the metric ids of `candidates` in order of first appearance. */
function metricIds(candidates: readonly Candidate[]): string[] {
  const ids = new Set<string>();
  for (const c of candidates) for (const m of c.metrics) ids.add(m.id);
  return [...ids];
}

/** Returns the CSV text of `candidates`. */
export function candidatesCsvText(candidates: readonly Candidate[]): string {
  const metrics = metricIds(candidates);
  const header = [...leading.map(([name]) => name), ...metrics, ...trailing.map(([name]) => name)];
  const rows = candidates.map((c) => {
    const values = new Map(c.metrics.map((m) => [m.id, m.value]));
    return [
      ...leading.map(([, read]) => read(c)),
      ...metrics.map((id) => values.get(id)),
      ...trailing.map(([, read]) => read(c)),
    ];
  });
  return csvTable([header, ...rows]);
}

/** Returns the candidates of the run `meta` as a CSV file. */
export function candidatesCsv(candidates: readonly Candidate[], meta: RunMeta): ExportedFile {
  return {
    name: `${fileStem(meta.name)}-candidates.csv`,
    text: candidatesCsvText(candidates),
    type: 'text/csv',
  };
}
