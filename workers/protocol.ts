/**
 * What an evaluation worker exposes, in the browser and in Node alike: one
 * preparation per run, then one call per candidate. Both entries implement
 * it with core/evolution/evaluateCandidate.ts; the hosts see it through
 * comlink's `Remote<EvaluationWorkerApi>`, where every call returns a
 * promise. Everything that crosses is plain data: the setup, the code, the
 * screening request, the CandidateEvaluation; a thrown error arrives as a
 * `{name, message}` record that comlink turns back into an Error. The
 * samples never cross: each worker draws them from the setup's seed.
 */
import type { CandidateEvaluation, EvaluationSetup } from '../src/core/evolution/ports.ts';
import type { ScreenedOut, ScreeningRequest } from '../src/core/evolution/screening.ts';

export interface EvaluationWorkerApi {
  /** Configures the problem and draws the run's samples; throws a ParameterError for bad parameters. */
  prepare(setup: EvaluationSetup): void;
  /** Compiles, fixes, scores and verifies one candidate; throws only for a bug in MechLab. */
  evaluate(code: string): CandidateEvaluation;
  /** The same, staged: screened out on a prefix of the samples when it cannot reach the bar. */
  evaluateStaged(code: string, screening: ScreeningRequest | null): CandidateEvaluation | ScreenedOut;
}
