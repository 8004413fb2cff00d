/** The evaluation worker in the browser: hardens the realm, then exposes one evaluation session. */
import { expose } from 'comlink';
import { evaluationSession } from '../src/core/evolution/evaluateCandidate.ts';
import { hardenIntrinsics } from '../src/core/sandbox/harden.ts';
import type { EvaluationWorkerApi } from './protocol.ts';

hardenIntrinsics();
const api: EvaluationWorkerApi = evaluationSession();
expose(api);
