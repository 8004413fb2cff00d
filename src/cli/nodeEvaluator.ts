/**
 * Evaluation workers in Node: workers/evaluate.node.ts run through tsx's
 * loader, as a child process (the default) or a worker thread, with a heap
 * limit. Processes are the default because a worker thread that exceeds its
 * limit with one large allocation aborts the whole Node process instead of
 * the thread (nodejs/node#47224, reproduced here with Node 20): a candidate
 * must never take the CLI down. Threads start faster and are kept for
 * callers that trust the code's memory use.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
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

const entry = new URL('../../workers/evaluate.node.ts', import.meta.url);

export interface NodeEvaluatorOptions {
  /** 'process' (default): an out-of-memory kills only the worker. 'thread': faster to start. */
  readonly isolation?: 'process' | 'thread';
  /** The worker's heap limit (V8's old generation), in MB. */
  readonly memoryLimitMb?: number;
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
function spawnProcess(limitMb: number): EvaluatorHost {
  if (!killingChildrenOnExit) {
    process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
    killingChildrenOnExit = true;
  }
  const child = fork(fileURLToPath(entry), [], {
    execArgv: ['--import', import.meta.resolve('tsx'), `--max-old-space-size=${limitMb}`],
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

/** Spawns the worker as a thread; tsx is registered inside it, since `--import tsx` does not reach threads on Node 20. */
function spawnThread(limitMb: number): EvaluatorHost {
  const loader = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  const worker = new Worker(loader, { eval: true, resourceLimits: { maxOldGenerationSizeMb: limitMb } });
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

/** Returns a host running one fresh evaluation worker. */
export function spawnNodeEvaluator(options: NodeEvaluatorOptions = {}): EvaluatorHost {
  const limitMb = options.memoryLimitMb ?? defaultMemoryLimitMb;
  return options.isolation === 'thread' ? spawnThread(limitMb) : spawnProcess(limitMb);
}

/** Returns the default number of workers: the cores, at most 4. */
export function nodePoolSize(): number {
  return Math.min(availableParallelism(), 4);
}

/** Returns an evaluator with `size` Node workers (default nodePoolSize()) for `setup`. */
export function createNodeEvaluator(
  setup: EvaluationSetup,
  options: NodeEvaluatorOptions & { readonly timeoutMs: number; readonly size?: number },
): EvaluatorPort {
  return createEvaluatorPool({
    size: options.size ?? nodePoolSize(),
    timeoutMs: options.timeoutMs,
    spawn: () => spawnNodeEvaluator(options),
    setup,
  });
}
