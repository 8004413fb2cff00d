import type { Remote } from 'comlink';
import { describe, expect, it } from 'vitest';
import { inspectionSession, type InspectionSession } from '../../src/core/evolution/inspectCandidate.ts';
import { createInspector, InspectorError, type InspectorHost } from '../../src/platform/inspector.ts';

const setup = {
  problem: 'single-item-revenue' as const,
  parameters: { n: 2, grid: 50 },
  seed: 1,
  samples: 256,
};
const myerson = 'function priority(bid, bidder, n) { return 2 * bid - 1; }';
/** Code the fake worker never answers for, as a worker stuck in a loop would. */
const hang = 'function priority(bid, bidder, n) { while (true) {} }';

/** A stand-in for the worker: the real session in this thread, with a hang, a crash switch and a log. */
function fakeWorkers() {
  const log: string[] = [];
  const hosts: { crash: (message: string) => void; terminated: boolean }[] = [];
  const spawn = (): InspectorHost => {
    const session = inspectionSession();
    const index = hosts.length;
    let crash: (error: Error) => void = () => {};
    const stopped = new Promise<never>((_, reject) => (crash = reject));
    const entry = { crash: (message: string) => crash(new InspectorError(message)), terminated: false };
    hosts.push(entry);
    const remote = {
      prepare: async (s: typeof setup) => session.prepare(s),
      inspect: (code: string) => {
        log.push(`${index}:inspect`);
        return code === hang ? new Promise(() => {}) : Promise.resolve(session.inspect(code));
      },
    } as unknown as Remote<InspectionSession>;
    return { remote, stopped, terminate: () => (entry.terminated = true) };
  };
  return { spawn, log, hosts };
}

describe('createInspector(setup, options)', () => {
  it('inspects candidates through one worker, one request at a time', async () => {
    const workers = fakeWorkers();
    const inspector = createInspector(setup, { timeoutMs: 5_000, spawn: workers.spawn });
    const nonMonotone = 'function priority(bid, bidder, n) { return Math.sin(6 * bid); }';
    const [first, second] = await Promise.all([inspector.inspect(myerson), inspector.inspect(nonMonotone)]);
    expect(first.ok && first.plots.map((p) => p.id)).toEqual(['priority-0', 'allocation-0', 'payment-0']);
    expect(first.ok && first.changed).toBe(0);
    expect(second.ok && second.changed).toBeGreaterThan(0);
    expect(workers.log).toEqual(['0:inspect', '0:inspect']);
    inspector.close();
  });

  it('stops a request that overruns the time limit with a readable error, and carries on in a fresh worker', async () => {
    const workers = fakeWorkers();
    const inspector = createInspector(setup, { timeoutMs: 50, spawn: workers.spawn });
    await expect(inspector.inspect(hang)).rejects.toThrow(
      'inspecting this candidate took longer than 0.05 s and was stopped: the heuristic may loop forever or be very slow',
    );
    expect(workers.hosts[0].terminated).toBe(true);
    const next = await inspector.inspect(myerson);
    expect(next.ok).toBe(true);
    expect(workers.log).toEqual(['0:inspect', '1:inspect']);
    inspector.close();
    expect(workers.hosts[1].terminated).toBe(true);
  });

  it('fails the request of a worker that dies, and replaces the worker', async () => {
    const workers = fakeWorkers();
    const inspector = createInspector(setup, { timeoutMs: 5_000, spawn: workers.spawn });
    const pending = inspector.inspect(hang);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    workers.hosts[0].crash('the inspection worker stopped unexpectedly (out of memory)');
    await expect(pending).rejects.toThrow('the inspection worker stopped unexpectedly (out of memory)');
    expect(workers.hosts[0].terminated).toBe(true);
    expect((await inspector.inspect(myerson)).ok).toBe(true);
    expect(workers.hosts).toHaveLength(2);
    inspector.close();
  });

  it('rejects requests after close()', async () => {
    const inspector = createInspector(setup, { timeoutMs: 5_000, spawn: fakeWorkers().spawn });
    inspector.close();
    await expect(inspector.inspect(myerson)).rejects.toThrow('the inspector was closed');
  });
});
