import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import { createNodeEvaluator, spawnNodeEvaluator } from '../../src/cli/nodeEvaluator.ts';
import { evaluateCandidate, prepareEvaluation } from '../../src/core/evolution/evaluateCandidate.ts';
import type { EvaluatorHost } from '../../src/core/evolution/evaluatorPool.ts';
import type { CandidateEvaluation, EvaluationSetup, EvaluatorPort } from '../../src/core/evolution/ports.ts';
import type { EvaluationWorkerApi } from '../../workers/protocol.ts';
import { untimed } from '../core/evolution/untimed.ts';

// Real workers: each spawn loads tsx and the core (about a second on a busy
// machine), so the failure modes share one pool, in order.
const spawnTimeout = { timeout: 60_000 };

const single: EvaluationSetup = { problem: 'single-item-revenue', parameters: {}, seed: 5, samples: 512 };
const ok = 'function priority(bid, bidder, n) { return 2 * bid - 1; }';

/** The worker's API seen through comlink is what a host calls (checked at compile time). */
expectTypeOf<Remote<EvaluationWorkerApi>>().toExtend<Omit<EvaluatorHost, 'terminate'>>();

describe('the Node evaluator contains every failure of a candidate, and keeps working', () => {
  let pool: EvaluatorPort;
  beforeAll(() => {
    pool = createNodeEvaluator(single, { size: 1, timeoutMs: 1500, memoryLimitMb: 128 });
  });
  afterAll(() => pool.close());

  it('evaluates a working candidate', spawnTimeout, async () => {
    const evaluation = await pool.evaluate(ok);
    expect(evaluation.status).toBe('ok');
    expect(evaluation.verification?.passed).toBe(true);
  });

  it(
    'stops an endless loop with status timeout, then evaluates the next candidate',
    spawnTimeout,
    async () => {
      const evaluation = await pool.evaluate('function priority(bid, bidder, n) { while (true) {} }');
      expect(evaluation.status).toBe('timeout');
      expect(evaluation.error?.message).toMatch(
        /^evaluation took longer than 1.5 s \(an endless loop, or code too slow\)/,
      );
      expect((await pool.evaluate(ok)).status).toBe('ok');
    },
  );

  it(
    'answers a candidate before it starts the endless loop sent right behind it, on a fresh worker too',
    spawnTimeout,
    async () => {
      // The replacement worker is sent both at once: one read of its channel holds the two calls.
      const hang = 'function priority(bid, bidder, n) { while (true) {} }';
      const evaluations = await Promise.all([hang, ok, hang, ok].map((code) => pool.evaluate(code)));
      expect(evaluations.map((e) => e.status)).toEqual(['timeout', 'ok', 'timeout', 'ok']);
    },
  );

  it('reports a throw as runtime-error', spawnTimeout, async () => {
    const evaluation = await pool.evaluate(
      'function priority(bid, bidder, n) { throw new RangeError("no"); }',
    );
    expect(evaluation.status).toBe('runtime-error');
    expect(evaluation.error?.message).toMatch(/^priority\(0, 0, 2\) threw RangeError: no;/);
  });

  it.each([
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
  ])('reports %s output as invalid-output', spawnTimeout, async (value, shown) => {
    const evaluation = await pool.evaluate(
      `function priority(bid, bidder, n) { return bid > 0.5 ? ${value} : bid; }`,
    );
    expect(evaluation.status).toBe('invalid-output');
    expect(evaluation.error?.message).toBe(
      `priority(0.502, 0, 2) returned ${shown}; return a finite number for every input`,
    );
  });

  it('reports a forbidden global as forbidden', spawnTimeout, async () => {
    const evaluation = await pool.evaluate('function priority(bid, bidder, n) { return globalThis.x; }');
    expect(evaluation.status).toBe('forbidden');
  });

  it('reports a syntax error as parse-error', spawnTimeout, async () => {
    const evaluation = await pool.evaluate('function priority(bid, bidder, n) { return (bid; }');
    expect(evaluation.status).toBe('parse-error');
    expect(evaluation.error).toMatchObject({ line: 1 });
  });

  it(
    'stops code that reaches for the Function constructor through a computed key',
    spawnTimeout,
    async () => {
      const escape =
        "function priority(bid, bidder, n) { const make = priority['constr' + 'uctor']; return make('return this')(); }";
      const evaluation = await pool.evaluate(escape);
      expect(evaluation.status).toBe('runtime-error');
      expect(evaluation.error?.message).toMatch(
        /threw SandboxViolation: access to `constructor` \(a key computed at run time\)/,
      );
      expect((await pool.evaluate(ok)).status).toBe('ok');
    },
  );
});

describe('the Node evaluator survives a candidate that exhausts memory', () => {
  it(
    'reports 200 MB per call as a runtime-error about memory, then evaluates the next candidate',
    spawnTimeout,
    async () => {
      // The time limit is generous here so that the heap limit, not the clock, stops the candidate.
      const pool = createNodeEvaluator(single, { size: 1, timeoutMs: 20_000, memoryLimitMb: 128 });
      try {
        const hog =
          'function priority(bid, bidder, n) { const t = new Array(25_000_000).fill(bid + 0.5); return t[0]; }';
        const evaluation = await pool.evaluate(hog);
        expect(evaluation.status).toBe('runtime-error');
        expect(evaluation.error?.message).toMatch(/memory/);
        expect((await pool.evaluate(ok)).status).toBe('ok');
      } finally {
        await pool.close();
      }
    },
  );
});

describe('the Node evaluator gives the results of evaluateCandidate, whichever worker computes them', () => {
  const cases: [EvaluationSetup, string][] = [
    [single, readFileSync('examples/non-monotone.js', 'utf8')],
    [
      { ...single, problem: 'vcg-redistribution', samples: 128 },
      readFileSync('examples/bailey-cavallo.js', 'utf8'),
    ],
    [{ ...single, problem: 'correlated-revenue' }, readFileSync('examples/reserve-highest.js', 'utf8')],
  ];

  it.each(cases)(
    '$problem: the pool and an in-process evaluation agree apart from timing',
    spawnTimeout,
    async (setup, code) => {
      const pool = createNodeEvaluator(setup, { size: 1, timeoutMs: 10_000 });
      try {
        const inWorker = await pool.evaluate(code);
        expect(inWorker.status).toBe('ok');
        expect(untimed(inWorker)).toEqual(untimed(evaluateCandidate(prepareEvaluation(setup), code)));
      } finally {
        await pool.close();
      }
    },
  );

  it('two workers give the same results as one', spawnTimeout, async () => {
    const codes = [
      ok,
      readFileSync('examples/non-monotone.js', 'utf8'),
      'function priority(bid, bidder, n) { return bid - 0.3 * bidder; }',
      'function priority(bid, bidder, n) { return Math.sqrt(bid) - 0.6; }',
    ];
    const results = async (size: number) => {
      const pool = createNodeEvaluator(single, { size, timeoutMs: 10_000 });
      try {
        return (await Promise.all(codes.map((code) => pool.evaluate(code)))).map(untimed);
      } finally {
        await pool.close();
      }
    };
    const [one, two] = [await results(1), await results(2)];
    expect(one.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(two).toEqual(one);
  });

  it(
    'rejects a candidate when the worker cannot be prepared (bad parameters are MechLab’s to report)',
    spawnTimeout,
    async () => {
      const pool = createNodeEvaluator({ ...single, parameters: { n: 0 } }, { size: 1, timeoutMs: 1500 });
      try {
        await expect(pool.evaluate(ok)).rejects.toMatchObject({ name: 'ParameterError' });
      } finally {
        await pool.close();
      }
    },
  );
});

describe('spawnNodeEvaluator({ isolation: "thread" })', () => {
  it('runs the same worker as a thread, and is stopped by terminate()', spawnTimeout, async () => {
    const host = spawnNodeEvaluator({ isolation: 'thread' });
    try {
      await host.prepare(single);
      const evaluation = await host.evaluate(ok);
      expect(untimed(evaluation)).toEqual(untimed(evaluateCandidate(prepareEvaluation(single), ok)));
      const pending = host.evaluate('function priority(bid, bidder, n) { while (true) {} }');
      host.terminate();
      await expect(pending).rejects.toMatchObject({ name: 'WorkerCrashError' });
    } finally {
      host.terminate();
    }
  });
});

describe('createNodeEvaluator({ prestart: true })', () => {
  /** Returns the command lines of this process's child processes that run an evaluation worker. */
  const workerChildren = () =>
    execFileSync('ps', ['--ppid', String(process.pid), '-o', 'args='], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => /evaluate\.node/.test(line));

  it('starts every worker at once, and stops those never used on close', spawnTimeout, async () => {
    const before = workerChildren().length;
    const pool = createNodeEvaluator(single, { size: 3, timeoutMs: 10_000, prestart: true });
    // Started as the pool is made, before any candidate asks for them.
    await vi.waitFor(() => expect(workerChildren().length).toBe(before + 3), { timeout: 10_000 });
    expect((await pool.evaluate(ok)).status).toBe('ok');
    await pool.close();
    await vi.waitFor(() => expect(workerChildren().length).toBe(before), { timeout: 10_000 });
  });
});

describe('where the worker cannot be bundled', () => {
  it('runs the TypeScript entry through tsx, with the same results', spawnTimeout, () => {
    // A process of its own: how workers start is decided once per process.
    const script = `
      import { createNodeEvaluator } from './src/cli/nodeEvaluator.ts';
      import { evaluationWorker } from './src/cli/workerBundle.ts';
      const pool = createNodeEvaluator(${JSON.stringify(single)}, { size: 1, timeoutMs: 20_000, prestart: true });
      const evaluation = await pool.evaluate(${JSON.stringify(ok)});
      await pool.close();
      console.log(JSON.stringify({ launch: await evaluationWorker(), evaluation }));
      process.exit(0);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, MECHLAB_WORKER_BUNDLE: '0' },
      encoding: 'utf8',
    });
    const { launch, evaluation } = JSON.parse(out) as {
      launch: { kind: string; path: string; reason: string };
      evaluation: CandidateEvaluation;
    };
    expect(launch).toMatchObject({ kind: 'tsx', reason: 'MECHLAB_WORKER_BUNDLE=0' });
    expect(launch.path).toMatch(/workers\/evaluate\.node\.ts$/);
    expect(untimed(evaluation)).toEqual(untimed(evaluateCandidate(prepareEvaluation(single), ok)));
  });
});
