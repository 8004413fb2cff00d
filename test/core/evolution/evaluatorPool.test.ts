import { describe, expect, it } from 'vitest';
import {
  createEvaluatorPool,
  EvaluatorClosedError,
  hostOf,
  WorkerCrashError,
  type EvaluatorHost,
} from '../../../src/core/evolution/evaluatorPool.ts';
import type { CandidateEvaluation, EvaluationSetup } from '../../../src/core/evolution/ports.ts';
import type { ScreeningRequest } from '../../../src/core/evolution/screening.ts';

const setup: EvaluationSetup = { problem: 'single-item-revenue', parameters: {}, seed: 3, samples: 64 };

/** Returns an ok evaluation whose score is `score`. */
const okWith = (score: number): CandidateEvaluation => ({
  status: 'ok',
  error: null,
  score,
  standardError: 0,
  metrics: [],
  verification: { passed: true, checks: 1, maxViolation: 0 },
  evaluationMilliseconds: 1,
});

/**
 * Fake hosts that act out the code they are given: `score:x` resolves with
 * score x (after a tick), `hang` never answers, `crash` dies, `bug` rejects
 * as MechLab would. `prepare` fails while `failPrepare` is set.
 */
class FakeHosts {
  spawned = 0;
  terminated = 0;
  prepared: EvaluationSetup[] = [];
  running = 0;
  mostRunning = 0;
  failPrepare = false;

  spawn = (): EvaluatorHost => {
    this.spawned++;
    let alive = true;
    // Like a worker, a host runs its calls one at a time, in the order sent.
    let previous: Promise<unknown> = Promise.resolve();
    return {
      prepare: async (s) => {
        if (this.failPrepare)
          throw Object.assign(new Error('n = 0 is not allowed'), { name: 'ParameterError' });
        this.prepared.push(s);
      },
      evaluate: (code) => {
        const answer = previous.then(() => this.act(code, () => alive));
        previous = answer.catch(() => {});
        return answer;
      },
      terminate: () => {
        if (alive) this.terminated++;
        alive = false;
      },
    };
  };

  private async act(code: string, alive: () => boolean): Promise<CandidateEvaluation> {
    this.running++;
    this.mostRunning = Math.max(this.mostRunning, this.running);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (code === 'hang') await new Promise(() => {});
      if (!alive()) throw new Error('terminated');
      if (code === 'crash') throw new WorkerCrashError('the worker ran out of memory (heap limit 128 MB)');
      if (code === 'bug') throw new TypeError('a bug in MechLab');
      return okWith(Number(code.slice('score:'.length)));
    } finally {
      this.running--;
    }
  }
}

/** Returns a pool of `size` fake hosts with a short time limit, and the hosts. */
function poolOf(size: number, timeoutMs = 100) {
  const hosts = new FakeHosts();
  return { hosts, pool: createEvaluatorPool({ size, timeoutMs, spawn: hosts.spawn, setup }) };
}

describe('createEvaluatorPool: hosts', () => {
  it('spawns no host before the first candidate', async () => {
    const { hosts, pool } = poolOf(4);
    expect(hosts.spawned).toBe(0);
    await pool.close();
  });

  it('spawns hosts as needed, at most `size`, each prepared once with the setup', async () => {
    const { hosts, pool } = poolOf(3);
    const codes = Array.from({ length: 10 }, (_, i) => `score:${i}`);
    const results = await Promise.all(codes.map((code) => pool.evaluate(code)));
    expect(results.map((r) => r.score)).toEqual(codes.map((_, i) => i));
    expect(hosts.spawned).toBe(3);
    expect(hosts.mostRunning).toBe(3);
    expect(hosts.prepared).toEqual([setup, setup, setup]);
    await pool.close();
    expect(hosts.terminated).toBe(3);
  });

  it('gives a candidate to a prepared host that is free rather than wait for one still starting', async () => {
    let spawned = 0;
    const ran: number[] = [];
    const spawn = (): EvaluatorHost => {
      const id = spawned++;
      return {
        // The second host takes 200 ms to start; the first answers within a few.
        prepare: () => new Promise((resolve) => setTimeout(resolve, id === 0 ? 0 : 200)),
        evaluate: async (code) => {
          ran.push(id);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return okWith(Number(code.slice('score:'.length)));
        },
        terminate: () => {},
      };
    };
    const pool = createEvaluatorPool({ size: 2, timeoutMs: 1000, spawn, setup });
    await Promise.all([pool.evaluate('score:1'), pool.evaluate('score:2')]);
    expect(ran).toEqual([0, 0]);
    expect(spawned).toBe(2);
    await pool.close();
  });

  it('reuses one host for candidates asked one after another', async () => {
    const { hosts, pool } = poolOf(4);
    for (let i = 0; i < 5; i++) expect((await pool.evaluate(`score:${i}`)).score).toBe(i);
    expect(hosts.spawned).toBe(1);
    await pool.close();
  });

  it('rejects size and timeout that cannot work', () => {
    const spawn = new FakeHosts().spawn;
    expect(() => createEvaluatorPool({ size: 0, timeoutMs: 10, spawn, setup })).toThrow(RangeError);
    expect(() => createEvaluatorPool({ size: 1.5, timeoutMs: 10, spawn, setup })).toThrow(RangeError);
    expect(() => createEvaluatorPool({ size: 1, timeoutMs: 0, spawn, setup })).toThrow(RangeError);
  });
});

describe('createEvaluatorPool: a candidate sent behind a busy host', () => {
  /** A host whose calls each take `ms` of (fake) work, one at a time; it logs when each call arrives and ends. */
  function slowHosts(ms: number) {
    const log: string[] = [];
    const spawn = (): EvaluatorHost => {
      let previous: Promise<unknown> = Promise.resolve();
      return {
        prepare: async () => {},
        evaluate: (code) => {
          log.push(`sent ${code}`);
          const answer = previous.then(async () => {
            await new Promise((resolve) => setTimeout(resolve, ms));
            log.push(`done ${code}`);
            return okWith(Number(code.slice('score:'.length)));
          });
          previous = answer;
          return answer;
        },
        terminate: () => {},
      };
    };
    return { log, spawn };
  }

  it('is sent before the one ahead answers, and its time limit starts when that one does', async () => {
    // Each call takes 70 ms against a limit of 100 ms: counted from the send, the second would overrun.
    const { log, spawn } = slowHosts(70);
    const pool = createEvaluatorPool({ size: 1, timeoutMs: 100, spawn, setup });
    const results = await Promise.all(['score:1', 'score:2', 'score:3'].map((c) => pool.evaluate(c)));
    expect(results.map((r) => [r.status, r.score])).toEqual([
      ['ok', 1],
      ['ok', 2],
      ['ok', 3],
    ]);
    expect(log).toEqual([
      'sent score:1',
      'sent score:2',
      'done score:1',
      'sent score:3',
      'done score:2',
      'done score:3',
    ]);
    await pool.close();
  });

  it('waits while a host is still starting: the queue goes to the hosts as they come', async () => {
    const { log, spawn } = slowHosts(20);
    let spawned = 0;
    const pool = createEvaluatorPool({
      size: 2,
      timeoutMs: 1000,
      spawn: () => {
        const host = spawn();
        const id = spawned++;
        return { ...host, prepare: () => new Promise((resolve) => setTimeout(resolve, id === 0 ? 0 : 50)) };
      },
      setup,
    });
    await Promise.all(['score:1', 'score:2', 'score:3'].map((c) => pool.evaluate(c)));
    // Nothing is sent behind score:1 while the second host starts.
    expect(log.slice(0, 3)).toEqual(['sent score:1', 'done score:1', 'sent score:2']);
    await pool.close();
  });

  it('is asked again on a fresh host when the one ahead times out or its worker dies, never lost', async () => {
    const { hosts, pool } = poolOf(1, 50);
    const [hung, behindHang] = await Promise.all([pool.evaluate('hang'), pool.evaluate('score:1')]);
    expect(hung.status).toBe('timeout');
    expect(behindHang).toMatchObject({ status: 'ok', score: 1 });
    const [crashed, behindCrash] = await Promise.all([pool.evaluate('crash'), pool.evaluate('score:2')]);
    expect(crashed.status).toBe('runtime-error');
    expect(behindCrash).toMatchObject({ status: 'ok', score: 2 });
    expect(hosts.spawned).toBe(3);
    await pool.close();
  });
});

describe('createEvaluatorPool: failures', () => {
  it('gives a candidate that overruns the limit status timeout, and replaces its host', async () => {
    const { hosts, pool } = poolOf(1, 50);
    const evaluation = await pool.evaluate('hang');
    expect(evaluation).toMatchObject({ status: 'timeout', score: null, metrics: [], verification: null });
    expect(evaluation.error).toEqual({
      reason: 'timeout',
      message:
        'evaluation took longer than 0.05 s (an endless loop, or code too slow); ' +
        'make every loop end, and keep each call fast: the heuristic is called thousands of times',
    });
    expect(evaluation.evaluationMilliseconds).toBeGreaterThanOrEqual(45);
    expect(hosts.terminated).toBe(1);
    expect(hosts.spawned).toBe(2);
    expect((await pool.evaluate('score:1')).status).toBe('ok');
    expect(hosts.prepared).toHaveLength(2);
    await pool.close();
  });

  it('gives a candidate whose worker dies status runtime-error with the reason, and replaces the host', async () => {
    const { hosts, pool } = poolOf(1);
    const evaluation = await pool.evaluate('crash');
    expect(evaluation.status).toBe('runtime-error');
    expect(evaluation.error).toEqual({
      reason: 'runtime-error',
      message: 'the worker ran out of memory (heap limit 128 MB)',
    });
    expect((await pool.evaluate('score:2')).score).toBe(2);
    expect(hosts.spawned).toBe(2);
    await pool.close();
  });

  it('keeps the other candidates running while one times out', async () => {
    const { pool } = poolOf(2, 50);
    const [hung, ...rest] = await Promise.all(
      ['hang', 'score:1', 'score:2', 'score:3'].map((c) => pool.evaluate(c)),
    );
    expect(hung.status).toBe('timeout');
    expect(rest.map((r) => r.score)).toEqual([1, 2, 3]);
    await pool.close();
  });

  it('rejects a candidate whose host cannot be prepared with that error, and tries a fresh host next', async () => {
    const { hosts, pool } = poolOf(1);
    hosts.failPrepare = true;
    await expect(pool.evaluate('score:1')).rejects.toMatchObject({ name: 'ParameterError' });
    hosts.failPrepare = false;
    expect((await pool.evaluate('score:1')).score).toBe(1);
    expect(hosts.spawned).toBe(2);
    expect(hosts.terminated).toBe(1);
    await pool.close();
  });

  it('rejects a candidate with the error of a MechLab bug, and keeps the host', async () => {
    const { hosts, pool } = poolOf(1);
    await expect(pool.evaluate('bug')).rejects.toThrow('a bug in MechLab');
    expect((await pool.evaluate('score:4')).score).toBe(4);
    expect(hosts.spawned).toBe(1);
    await pool.close();
  });
});

describe('createEvaluatorPool: close()', () => {
  it('rejects running and queued candidates and stops every host', async () => {
    const { hosts, pool } = poolOf(1);
    const running = pool.evaluate('hang');
    const queued = pool.evaluate('score:1');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await pool.close();
    await expect(running).rejects.toBeInstanceOf(EvaluatorClosedError);
    await expect(queued).rejects.toBeInstanceOf(EvaluatorClosedError);
    expect(hosts.terminated).toBe(hosts.spawned);
  });

  it('rejects candidates asked after it', async () => {
    const { pool } = poolOf(1);
    await pool.close();
    await expect(pool.evaluate('score:1')).rejects.toMatchObject({ name: 'EvaluatorClosedError' });
  });
});

describe('hostOf(remote, stopped, terminate)', () => {
  it('rejects pending and later calls once the worker has stopped', async () => {
    let stop: (error: Error) => void = () => {};
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    const silent = {
      prepare: () => new Promise<void>(() => {}),
      evaluate: () => new Promise<CandidateEvaluation>(() => {}),
    };
    const host = hostOf(silent, stopped, () => {});
    const pending = host.evaluate('x');
    stop(new WorkerCrashError('the worker stopped unexpectedly (exit code 1)'));
    await expect(pending).rejects.toMatchObject({ name: 'WorkerCrashError' });
    await expect(host.prepare(setup)).rejects.toBeInstanceOf(WorkerCrashError);
  });
});

describe('createEvaluatorPool: staged evaluation', () => {
  /** A host that screens out every candidate asked with a bar above 1, and evaluates the rest. */
  const screeningHost = (asked: (ScreeningRequest | null)[]): EvaluatorHost => ({
    prepare: async () => {},
    evaluate: async () => okWith(0.5),
    evaluateStaged: async (code, screening) => {
      asked.push(screening);
      if (screening === null || screening.bar <= 1) return okWith(0.5);
      return {
        status: 'screened-out',
        error: { reason: 'screened-out', message: `${code} is below the bar` },
        score: null,
        standardError: null,
        metrics: [],
        verification: null,
        evaluationMilliseconds: 1,
      };
    },
    terminate: () => {},
  });

  it('hands the screening request to hosts that screen, and evaluate() without one asks for no screening', async () => {
    const asked: (ScreeningRequest | null)[] = [];
    const pool = createEvaluatorPool({ size: 1, timeoutMs: 100, spawn: () => screeningHost(asked), setup });
    const request = { samples: 32, z: 3, bar: 2 };
    expect((await pool.evaluate('weak', request)).status).toBe('screened-out');
    expect((await pool.evaluate('fine', { ...request, bar: 0.1 })).status).toBe('ok');
    expect((await pool.evaluate('fine')).status).toBe('ok');
    expect((await pool.evaluate('fine', null)).status).toBe('ok');
    expect(asked).toEqual([request, { ...request, bar: 0.1 }]);
    await pool.close();
  });

  it('evaluates fully on hosts without staged evaluation, and still times out a candidate that hangs', async () => {
    const { pool } = poolOf(1, 50);
    const request = { samples: 32, z: 3, bar: 2 };
    expect(await pool.evaluate('score:0.25', request)).toMatchObject({ status: 'ok', score: 0.25 });
    expect((await pool.evaluate('hang', request)).status).toBe('timeout');
    await pool.close();
  });

  it('hostOf passes evaluateStaged through when the worker has it, and leaves it out when not', async () => {
    const never = new Promise<never>(() => {});
    const asked: (ScreeningRequest | null)[] = [];
    const staged = hostOf(screeningHost(asked), never, () => {});
    expect((await staged.evaluateStaged?.('x', { samples: 8, z: 1, bar: 5 }))?.status).toBe('screened-out');
    const plain = hostOf({ prepare: async () => {}, evaluate: async () => okWith(1) }, never, () => {});
    expect(plain.evaluateStaged).toBeUndefined();
  });
});
