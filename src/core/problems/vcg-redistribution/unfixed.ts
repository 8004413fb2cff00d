/**
 * The skeleton without the fix: VCG plus r_i = h⁺(b̄_{−i}), exactly what
 * the heuristic proposes (mechanism-notes §2). It is strategy-proof and
 * individually rational, but a generous heuristic runs a deficit.
 */
import type { Heuristic } from '../../problem.ts';
import type { Profile } from '../../types.ts';
import {
  redistributionMechanism,
  type RedistributionConfig,
  type RedistributionMechanism,
} from './mechanism.ts';
import { PositiveRebate } from './positiveRebate.ts';
import { SubProfileTable } from './subProfileTable.ts';

/** Returns VCG with the rebates `rebate` proposes, unchecked. */
export function unfixedRedistribution(
  rebate: Heuristic,
  config: RedistributionConfig,
): RedistributionMechanism {
  const h = new PositiveRebate(rebate, config);
  const table = new SubProfileTable(h, config);
  const rebatesInto = (profile: Profile, rebates: Float64Array, raw?: Float64Array) => {
    table.load(profile);
    for (let i = 0; i < config.n; i++) {
      rebates[i] = table.single(table.position[i]);
      if (raw) raw[i] = rebates[i];
    }
  };
  return redistributionMechanism(config, rebatesInto, () => h.calls, config.grid);
}
