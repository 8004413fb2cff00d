import { describe, expect, it } from 'vitest';
import type { Inspection } from '../../../src/core/evolution/inspectCandidate.ts';
import type { CandidateInspector } from '../../../src/platform/inspector.ts';
import { inspectionTimeout, RunInspections } from '../../../src/ui/inspector/inspection.svelte.ts';
import { candidateOf, metaOf } from '../../core/export/fixtures.ts';

/** An inspector whose answers the test releases one by one, recording what it was asked. */
function manualInspector() {
  const asked: string[] = [];
  const pending: { resolve: (i: Inspection) => void; reject: (e: Error) => void }[] = [];
  const inspector: CandidateInspector = {
    inspect(code) {
      asked.push(code);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
    close() {},
  };
  return { inspector, asked, pending };
}

const answer = (changed: number): Inspection => ({
  ok: true,
  plots: [],
  changed,
  compared: 200,
  examples: [],
  usage: { allocation: [1, 0], payments: [0.5, 0] },
  milliseconds: 1,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const meta = metaOf('single-item-revenue', {});
const a = candidateOf('function priority(b, i, n) { return b; }', { id: 'c0001' });
const b = candidateOf('function priority(b, i, n) { return 2 * b - 1; }', { id: 'c0002' });

describe('RunInspections', () => {
  it('shows loading, then the answer; a known candidate is shown again without asking the worker', async () => {
    const { inspector, asked, pending } = manualInspector();
    const inspections = new RunInspections(meta, inspector);
    inspections.show(a);
    expect(inspections.current).toEqual({ status: 'loading', id: 'c0001' });
    pending[0].resolve(answer(3));
    await settle();
    expect(inspections.current).toEqual({ status: 'done', id: 'c0001', inspection: answer(3) });
    inspections.show(b);
    inspections.show(a);
    expect(inspections.current).toEqual({ status: 'done', id: 'c0001', inspection: answer(3) });
    expect(asked).toEqual([a.code, b.code]);
  });

  it('never lets a late answer replace the candidate shown now', async () => {
    const { inspector, pending } = manualInspector();
    const inspections = new RunInspections(meta, inspector);
    inspections.show(a);
    inspections.show(b);
    pending[1].resolve(answer(2));
    await settle();
    pending[0].resolve(answer(1));
    await settle();
    expect(inspections.current).toEqual({ status: 'done', id: 'c0002', inspection: answer(2) });
  });

  it('reports a failed request and asks again the next time', async () => {
    const { inspector, asked, pending } = manualInspector();
    const inspections = new RunInspections(meta, inspector);
    inspections.show(a);
    pending[0].reject(new Error('inspecting this candidate took longer than 20 s and was stopped'));
    await settle();
    expect(inspections.current).toEqual({
      status: 'failed',
      id: 'c0001',
      message: 'inspecting this candidate took longer than 20 s and was stopped',
    });
    inspections.show(a);
    expect(asked).toHaveLength(2);
  });

  it('holds a candidate that timed out until asked, and shows nothing to draw without code', () => {
    const { inspector, asked } = manualInspector();
    const inspections = new RunInspections(meta, inspector);
    const slow = candidateOf('function priority(b, i, n) { for (;;) {} }', {
      id: 'c0003',
      status: 'timeout',
    });
    inspections.show(slow);
    expect(inspections.current).toEqual({
      status: 'held',
      id: 'c0003',
      seconds: inspectionTimeout(meta) / 1000,
    });
    expect(asked).toEqual([]);
    inspections.show(slow, true);
    expect(inspections.current).toEqual({ status: 'loading', id: 'c0003' });
    inspections.show(candidateOf(null, { id: 'c0004', status: 'parse-error' }));
    expect(inspections.current).toEqual({ status: 'no-code' });
  });

  it('allows twice the evaluation limit, at least 5 s', () => {
    expect(inspectionTimeout(meta)).toBe(20_000);
    const quick = {
      ...meta,
      settings: { ...meta.settings, search: { ...meta.settings.search, evaluationTimeoutMs: 1_000 } },
    };
    expect(inspectionTimeout(quick)).toBe(5_000);
  });
});
