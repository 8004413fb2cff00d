/**
 * How closely a candidate's mechanism follows the network's (NNA-AMD-LLM):
 * on the first profiles of the run's samples, both fixed, the share of
 * profiles with the same allocation (the same winners) and, where the
 * problem pays rebates, the mean absolute difference of an agent's rebate.
 * Recorded as metrics of the candidate, next to its score, and usable as
 * a second objective of parent selection (selection.ts).
 */
import type { ProblemInstance } from '../problem.ts';
import { profileAt } from '../samples.ts';
import type { Mechanism, Metric, Outcome, SampleSet } from '../types.ts';
import { equalWinnersMetric, rebateDifferenceMetric } from '../evolution/selection.ts';
import type { NetworkFile } from './networkFile.ts';
import { networkMechanism } from './networkMechanism.ts';

/**
 * Profiles compared at most: the first of the run's samples. Agreement is
 * a guide for selection, not a score; on vcg-redistribution each profile
 * costs a whole waterfilling fix.
 */
export const agreementProfiles = 1_024;

/** Returns the agreement metrics of a fixed mechanism with the network; throws what its heuristic throws. */
export type AgreementMeter = (mechanism: Mechanism) => Metric[];

function sameAllocation(a: Outcome, b: Outcome): boolean {
  for (let i = 0; i < a.allocation.length; i++)
    if (Math.abs(a.allocation[i] - b.allocation[i]) > 1e-9) return false;
  return true;
}

/**
 * Returns a meter that compares a mechanism with the fixed `network` on the
 * first `limit` profiles of `samples`; the network's outcomes are computed
 * once, here.
 */
export function agreementMeter(
  network: NetworkFile,
  instance: ProblemInstance,
  samples: SampleSet,
  limit = agreementProfiles,
): AgreementMeter {
  const count = Math.min(limit, samples.count);
  const reference = networkMechanism(network, instance);
  const outcomes = Array.from({ length: count }, (_, s) => reference.outcome(profileAt(samples, s)));
  const rebates = outcomes.length > 0 && outcomes[0].rebates !== undefined;
  return (mechanism) => {
    let equal = 0;
    let difference = 0;
    for (let s = 0; s < count; s++) {
      const outcome = mechanism.outcome(profileAt(samples, s));
      if (sameAllocation(outcome, outcomes[s])) equal++;
      if (rebates) {
        const mine = outcome.rebates ?? [];
        const theirs = outcomes[s].rebates ?? [];
        for (let i = 0; i < theirs.length; i++) difference += Math.abs((mine[i] ?? 0) - theirs[i]);
      }
    }
    const share = count > 0 ? equal / count : Number.NaN;
    const metrics: Metric[] = [
      {
        id: equalWinnersMetric,
        label: `Agreement with the network: profiles with the same winners (first ${count})`,
        value: share,
        standardError: Math.sqrt((share * (1 - share)) / Math.max(1, count)),
      },
    ];
    if (rebates)
      metrics.push({
        id: rebateDifferenceMetric,
        label: `Agreement with the network: mean absolute rebate difference per agent (first ${count})`,
        value: difference / Math.max(1, count * instance.n),
      });
    return metrics;
  };
}
