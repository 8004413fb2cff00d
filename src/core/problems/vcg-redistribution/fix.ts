/**
 * The waterfilling fix (mechanism-notes §2): turns any rebate heuristic into
 * a redistribution mechanism that is individually rational and never runs a
 * deficit on any profile, whatever the heuristic does, and strategy-proof
 * whenever the heuristic is a function of its arguments.
 *
 * - SP: agent i's rebate is computed from its rounded others only. (A
 *   heuristic with hidden state may answer one question differently in two
 *   profiles; no bounded memo can rule that out, and the verifier sees it.)
 * - IR: rebates are max(0, ·).
 * - ND: at the rounded profile b̄, every agent's scan starts from λ(b̄),
 *   computed from the very proposals h⁺(b̄_{−k}) the rebates are cut from,
 *   so Λ(b̄_{−k}) ≥ λ(b̄) and Σ_k r_k ≤ Σ_k max(0, h⁺(b̄_{−k}) − λ(b̄)) ≤ V(b̄)
 *   ≤ V(b). The proposals are consulted once per profile (SubProfileTable)
 *   and the other completions can only raise Λ, so this holds for any
 *   answers at all — also when rows come from an earlier profile (RowStore),
 *   which for a heuristic that is a function of its arguments changes
 *   nothing.
 * - Identity: a heuristic that never causes a deficit on the grid has every
 *   λ = 0, so r = h⁺.
 */
import type { Heuristic } from '../../problem.ts';
import type { Profile } from '../../types.ts';
import { gridValue } from '../../grid.ts';
import {
  redistributionMechanism,
  type RedistributionConfig,
  type RedistributionMechanism,
} from './mechanism.ts';
import { PositiveRebate } from './positiveRebate.ts';
import { SubProfileTable } from './subProfileTable.ts';
import { waterLevel } from './waterLevel.ts';
import { fixedRebate, type CompletionScratch } from './worstCompletion.ts';

/** Returns the waterfilling fix of `rebate`: VCG plus the rebates r_i = max(0, h⁺(ȳ_i) − Λ(ȳ_i)). */
export function waterfillingFix(rebate: Heuristic, config: RedistributionConfig): RedistributionMechanism {
  const { n, m, grid } = config;
  const h = new PositiveRebate(rebate, config);
  const table = new SubProfileTable(h, config);
  const scratch: CompletionScratch = {
    n,
    m,
    gridValues: Float64Array.from({ length: grid.steps + 1 }, (_, k) => gridValue(grid, k)),
    offsets: new Int32Array(n),
    rebates: new Float64Array(n),
    sorted: new Float64Array(n),
  };
  const proposals = new Float64Array(n);
  const classRebate = new Float64Array(n);

  const rebatesInto = (profile: Profile, rebates: Float64Array, raw?: Float64Array) => {
    table.load(profile);
    let any = false;
    for (let p = 0; p < n; p++) {
      proposals[p] = table.single(p);
      if (proposals[p] > 0) any = true;
    }
    // λ of the rounded profile itself: the completion every agent shares.
    const actual = any
      ? waterLevel(proposals, n, m * scratch.gridValues[table.sorted[m]], scratch.sorted)
      : 0;
    for (let p = 0; p < n; p++) {
      const c = table.canonical[p];
      // Equal bids have equal others: compute once per class, at its first position.
      if (c === p)
        classRebate[p] = proposals[p] > 0 ? fixedRebate(table, p, proposals[p], actual, scratch) : 0;
    }
    for (let i = 0; i < n; i++) {
      const p = table.position[i];
      rebates[i] = classRebate[table.canonical[p]];
      if (raw) raw[i] = proposals[p];
    }
  };
  return redistributionMechanism(config, rebatesInto, () => h.calls, grid);
}
