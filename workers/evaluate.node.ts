/**
 * The evaluation worker in Node, started by src/cli/nodeEvaluator.ts from
 * its prebundled copy (src/cli/workerBundle.ts) or through tsx: as a worker
 * thread (messages on parentPort) or as a child process (messages on the
 * IPC channel, which it leaves with when the parent goes).
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint, { type NodeEndpoint } from 'comlink/dist/esm/node-adapter.mjs';
import { evaluationSession } from '../src/core/evolution/evaluateCandidate.ts';
import { hardenIntrinsics } from '../src/core/sandbox/harden.ts';
import type { EvaluationWorkerApi } from './protocol.ts';

type Listener = (message: unknown) => void;

/**
 * Returns `endpoint` delivering each message in a task of its own. Node
 * emits all the messages of one read of the IPC channel in a row, with no
 * microtask between them, and comlink sends an answer from a microtask: a
 * candidate sent right behind another (the pool does that) would start, and
 * might never end, before the answer to the one ahead had left.
 */
function oneMessagePerTask(endpoint: NodeEndpoint): NodeEndpoint {
  const deferred = new Map<Listener, Listener>();
  return {
    postMessage: (message: unknown) => endpoint.postMessage(message),
    on(type: string, listener: Listener) {
      const later: Listener = (message) => setImmediate(listener, message);
      deferred.set(listener, later);
      endpoint.on(type, later);
    },
    off(type: string, listener: Listener) {
      endpoint.off(type, deferred.get(listener) ?? listener);
      deferred.delete(listener);
    },
  } as NodeEndpoint;
}

hardenIntrinsics();
const api: EvaluationWorkerApi = evaluationSession();
const ipc = {
  postMessage: (m: unknown) => process.send?.(m),
  on: process.on.bind(process),
  off: process.off.bind(process),
};
if (parentPort === null) process.once('disconnect', () => process.exit(0));
expose(api, nodeEndpoint(oneMessagePerTask(parentPort ?? (ipc as unknown as NodeEndpoint))));
