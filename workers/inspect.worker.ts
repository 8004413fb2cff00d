/** The inspection worker in the browser: hardens the realm, then exposes one inspection session. */
import { expose } from 'comlink';
import { inspectionSession, type InspectionSession } from '../src/core/evolution/inspectCandidate.ts';
import { hardenIntrinsics } from '../src/core/sandbox/harden.ts';

hardenIntrinsics();
const api: InspectionSession = inspectionSession();
expose(api);
