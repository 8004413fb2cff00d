// The public API of the mechanism core: re-exports only.

// Plain data, the problem interface and the shared tools.
export * from './types.ts';
export * from './problem.ts';
export * from './parameters.ts';
export * from './rng.ts';
export * from './grid.ts';
export * from './statistics.ts';
export * from './samples.ts';

// Problems: the registry and each problem's fix.
export { problems, problemById } from './problems/index.ts';
export { monotoneEnvelopeFix } from './problems/single-item-revenue/fix.ts';
export type { AuctionConfig, Priority, PriorityAuction } from './problems/single-item-revenue/skeleton.ts';
export { waterfillingFix } from './problems/vcg-redistribution/fix.ts';
export type {
  RedistributionConfig,
  RedistributionMechanism,
} from './problems/vcg-redistribution/mechanism.ts';
export { thresholdScanFix } from './problems/correlated-revenue/fix.ts';
export type { ScanConfig, ThresholdScanMechanism } from './problems/correlated-revenue/fix.ts';

// Distributions, verification and the sandbox.
export type { Distribution } from './distributions/distribution.ts';
export { distributionFormats, parseDistribution, parseDistributionList } from './distributions/parse.ts';
export { verifyMechanism, type VerifySetup } from './verify/verifyMechanism.ts';
export { compileHeuristic, type CompileError, type CompileResult } from './sandbox/compile.ts';
export type { CompileErrorReason } from './sandbox/errors.ts';

// Evolution: the search's records, ports, settings and pure parts.
export type * from './evolution/record.ts';
export type * from './evolution/ports.ts';
export * from './evolution/config.ts';
export { parseReply, maxReplyLength, type ParsedReply } from './evolution/parse.ts';
export { operators } from './evolution/operators.ts';
export type { PromptOperator, PromptSettings } from './evolution/prompt.ts';
export {
  ProgramDatabase,
  type DatabaseState,
  type IslandReset,
  type Placement,
  type RegisteredCandidate,
} from './evolution/database.ts';
