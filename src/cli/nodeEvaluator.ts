/**
 * Evaluation workers in Node: workers/evaluate.node.ts, prebundled into plain
 * JavaScript (workerBundle.ts) or, where it cannot be bundled, run through
 * tsx's loader, as a child process (the default) or a worker thread, with a
 * heap limit. Processes are the default because a worker thread that exceeds its
 * limit with one large allocation aborts the whole Node process instead of
 * the thread (nodejs/node#47224, reproduced here with Node 20): a candidate
 * must never take the CLI down. Threads start faster and are kept for
 * callers that trust the code's memory use.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { wrap } from 'comlink';
import nodeEndpoint, { type NodeEndpoint } from 'comlink/dist/esm/node-adapter.mjs';
import {
  createEvaluatorPool,
  hostOf,
  WorkerCrashError,
  type EvaluatorHost,
} from '../core/evolution/evaluatorPool.ts';
import type { EvaluationSetup, EvaluatorPort } from '../core/evolution/ports.ts';
import type { EvaluationWorkerApi } from '../../workers/protocol.ts';
import { evaluationWorker, type WorkerLaunch } from './workerBundle.ts';

export interface NodeEvaluatorOptions {
  /** 'process' (default): an out-of-memory kills only the worker. 'thread': faster to start. */
  readonly isolation?: 'process' | 'thread';
  /** The worker's heap limit (V8's old generation), in MB. */
  readonly memoryLimitMb?: number;
}

/** Options of createNodeEvaluator. */
export interface NodePoolOptions extends NodeEvaluatorOptions {
  readonly timeoutMs: number;
  /** Workers at most (default nodePoolSize()). */
  readonly size?: number;
  /**
   * Starts all `size` workers at once, so that they boot while the first
   * candidates are prepared, instead of one by one as the queue grows
   * (default false: a run with a slow model rarely needs more than one).
   */
  readonly prestart?: boolean;
}

/** The default heap limit per worker, in MB: far above what the problems need at their largest settings. */
export const defaultMemoryLimitMb = 512;

/** Returns the message for a worker that stopped; `outOfMemory` when the cause is known to be the heap limit. */
function crash(outOfMemory: boolean, limitMb: number, detail: string): WorkerCrashError {
  return new WorkerCrashError(
    outOfMemory
      ? `the worker ran out of memory (heap limit ${limitMb} MB): allocate less, e.g. smaller tables, no arrays sized by a large constant`
      : `the worker stopped unexpectedly (${detail})`,
  );
}

/**
 * Child processes still running. A child busy in an endless loop never sees
 * its parent go, so the parent kills what is left when it exits.
 */
const children = new Set<ChildProcess>();
let killingChildrenOnExit = false;

/** Spawns the worker as a child process; V8 writes "heap out of memory" to stderr before it aborts. */
function spawnProcess(launch: WorkerLaunch, limitMb: number): EvaluatorHost {
  if (!killingChildrenOnExit) {
    process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
    killingChildrenOnExit = true;
  }
  const loader = launch.kind === 'tsx' ? ['--import', import.meta.resolve('tsx')] : [];
  const child = fork(launch.path, [], {
    // A worker's heap is small (limitMb): V8's parallel and concurrent GC threads cost it more in
    // coordination than they save, and take the cores the other workers need. Measured on 2 cores
    // (docs/scaling.md): more candidates per minute with 1 and with 2 workers.
    execArgv: [...loader, `--max-old-space-size=${limitMb}`, '--single-threaded-gc'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4096);
  });
  const stopped = new Promise<never>((_, reject) => {
    child.on('error', (error) => reject(crash(false, limitMb, `${error.name}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      const last = stderr.trim().split('\n').pop();
      const detail = `${signal === null ? `exit code ${code}` : `signal ${signal}`}${last ? `: ${last}` : ''}`;
      reject(crash(/heap out of memory/.test(stderr), limitMb, detail));
    });
  });
  const endpoint = {
    postMessage: (message: unknown) => child.connected && child.send(message as object),
    on: child.on.bind(child),
    off: child.off.bind(child),
  };
  const remote = wrap<EvaluationWorkerApi>(nodeEndpoint(endpoint as unknown as NodeEndpoint));
  return hostOf(remote, stopped, () => child.kill('SIGKILL'));
}

/**
 * Spawns the worker as a thread. Through tsx, tsx is registered inside it,
 * since `--import tsx` does not reach threads on Node 20.
 */
function spawnThread(launch: WorkerLaunch, limitMb: number): EvaluatorHost {
  const resourceLimits = { maxOldGenerationSizeMb: limitMb };
  const href = pathToFileURL(launch.path).href;
  const loader = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(href)}); });`;
  const worker =
    launch.kind === 'bundle'
      ? new Worker(launch.path, { resourceLimits })
      : new Worker(loader, { eval: true, resourceLimits });
  const stopped = new Promise<never>((_, reject) => {
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      reject(crash(outOfMemory, limitMb, `${error.name}: ${error.message}`));
    });
    worker.once('exit', (code) => reject(crash(false, limitMb, `exit code ${code}`)));
  });
  const remote = wrap<EvaluationWorkerApi>(nodeEndpoint(worker));
  return hostOf(remote, stopped, () => void worker.terminate());
}

/**
 * Returns a host whose worker starts once `start` resolves (the worker's
 * file is known after the bundle is checked); calls made meanwhile wait for
 * it, and a terminate() meanwhile stops it as soon as it exists.
 */
function deferredHost(start: Promise<EvaluatorHost>): EvaluatorHost {
  let terminated = false;
  let stopEarly: (error: Error) => void = () => {};
  const stoppedEarly = new Promise<never>((_, reject) => (stopEarly = reject));
  stoppedEarly.catch(() => {}); // observed by the calls that race it
  const host = Promise.race([start, stoppedEarly]);
  const stopWhenStarted = () =>
    start.then(
      (inner) => inner.terminate(),
      () => {},
    );
  return {
    prepare: async (setup) => (await host).prepare(setup),
    evaluate: async (code) => (await host).evaluate(code),
    evaluateStaged: async (code, screening) => {
      const inner = await host;
      return inner.evaluateStaged ? inner.evaluateStaged(code, screening) : inner.evaluate(code);
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      stopEarly(new WorkerCrashError('the worker was stopped before it started'));
      void stopWhenStarted();
    },
  };
}

/** Returns a host running one fresh evaluation worker (prebundled when possible, else through tsx). */
export function spawnNodeEvaluator(options: NodeEvaluatorOptions = {}): EvaluatorHost {
  const limitMb = options.memoryLimitMb ?? defaultMemoryLimitMb;
  const spawn = options.isolation === 'thread' ? spawnThread : spawnProcess;
  return deferredHost(evaluationWorker().then((launch) => spawn(launch, limitMb)));
}

/** Returns the default number of workers: the cores, at most 4. */
export function nodePoolSize(): number {
  return Math.min(availableParallelism(), 4);
}

/** Returns an evaluator with `size` Node workers (default nodePoolSize()) for `setup`. */
export function createNodeEvaluator(setup: EvaluationSetup, options: NodePoolOptions): EvaluatorPort {
  const size = options.size ?? nodePoolSize();
  // Started now, handed to the pool as it asks for workers; any it never asked for are stopped on close.
  const started = options.prestart ? Array.from({ length: size }, () => spawnNodeEvaluator(options)) : [];
  const pool = createEvaluatorPool({
    size,
    timeoutMs: options.timeoutMs,
    spawn: () => started.shift() ?? spawnNodeEvaluator(options),
    setup,
  });
  return {
    ...pool,
    close() {
      for (const host of started.splice(0)) host.terminate();
      return pool.close();
    },
  };
}
