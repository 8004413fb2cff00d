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

hardenIntrinsics();
const api: EvaluationWorkerApi = evaluationSession();
const ipc = {
  postMessage: (m: unknown) => process.send?.(m),
  on: process.on.bind(process),
  off: process.off.bind(process),
};
if (parentPort === null) process.once('disconnect', () => process.exit(0));
expose(api, nodeEndpoint(parentPort ?? (ipc as unknown as NodeEndpoint)));
