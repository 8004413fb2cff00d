/**
 * Reference figures for the correlated problem (mechanism-notes §3), all
 * computed, scored on the same samples as every candidate: second price
 * without and with the best reserve and Myerson from the marginals (each a
 * priority auction of single-item-revenue, run through its fix and scored
 * by its evaluation on the same grid, so with the same grid bias as a
 * candidate), and the greedy conditional-virtual-value upper bound.
 */
import type { Distribution } from '../../distributions/distribution.ts';
import { gridIndex, gridValue, type BidGrid } from '../../grid.ts';
import { rngStream } from '../../rng.ts';
import { profileAt } from '../../samples.ts';
import { estimateMean } from '../../statistics.ts';
import type { BaselineResult, SampleSet } from '../../types.ts';
import { myersonOptimal } from '../single-item-revenue/baselines.ts';
import { evaluateAuction } from '../single-item-revenue/evaluate.ts';
import { monotoneEnvelopeFix } from '../single-item-revenue/fix.ts';
import type { Priority } from '../single-item-revenue/skeleton.ts';
import { marginalReserve } from './marginalMyerson.ts';
import type { ValueModel } from './models.ts';
import { bestReserveIndex } from './reserve.ts';
import { greedyBoundTheory, secondPriceTheory } from './revenueTheory.ts';

/**
 * Returns the priority of second price with the reserve at grid index r:
 * the bid's grid index + 1 from r up, else 0. Unlike single-item-revenue's
 * `secondPriceWithReserve(0)`, a bid in [0, h) still wins when r = 0 (at
 * price 0), so the winner pays exactly the second-highest rounded bid.
 */
export function secondPriceAtReserveIndex(grid: BidGrid, reserveIndex: number): Priority {
  return (bid) => {
    const k = gridIndex(grid, bid);
    return k >= reserveIndex ? k + 1 : 0;
  };
}

/**
 * Returns max(0, maxᵢ φᵢ(vᵢ | v₋ᵢ)) at the true values `values` (`scratch`:
 * n numbers, overwritten). Its mean
 * bounds the revenue of every SP and IR mechanism: for fixed v₋ᵢ, the
 * expected payment of i is at most E[φᵢ(vᵢ | v₋ᵢ)·xᵢ | v₋ᵢ] (Myerson's
 * lemma with the conditional law), and at most one bidder gets the item.
 * It is not a mechanism: under correlation this allocation is not monotone.
 */
export function greedyConditionalVirtualValue(
  model: ValueModel,
  values: ArrayLike<number>,
  scratch = new Float64Array(values.length),
): number {
  model.conditionalVirtualValues(values, scratch);
  let best = 0;
  for (let i = 0; i < values.length; i++) if (scratch[i] > best) best = scratch[i];
  return best;
}

/** Returns the baselines for `model` with `n` bidders on `grid`, scored on `samples`. */
export function correlatedBaselines(
  model: ValueModel,
  n: number,
  grid: BidGrid,
  samples: SampleSet,
): BaselineResult[] {
  const config = { n, grid };
  const score = (priority: Priority) => {
    const { score, standardError } = evaluateAuction(monotoneEnvelopeFix(priority, config), samples);
    return { score, standardError };
  };
  const reserveIndex = bestReserveIndex(
    model,
    n,
    grid,
    rngStream(0, `correlated-revenue:reserve:${model.spec}:${n}`),
  );
  const reserve = gridValue(grid, reserveIndex);
  const myersonReserve = marginalReserve(model.marginal);

  const bound = new Float64Array(samples.count);
  for (let s = 0; s < samples.count; s++)
    bound[s] = greedyConditionalVirtualValue(model, profileAt(samples, s));
  const greedy = estimateMean(bound);

  return [
    {
      id: 'second-price',
      name: 'Second price, no reserve',
      ...score(secondPriceAtReserveIndex(grid, 0)),
      theory: secondPriceTheory(model, n, 0),
    },
    {
      id: 'second-price-best-reserve',
      name: `Second price, best reserve ${round(reserve)} (grid search on a separate sample)`,
      ...score(secondPriceAtReserveIndex(grid, reserveIndex)),
      theory: secondPriceTheory(model, n, reserve),
    },
    {
      id: 'myerson-marginals',
      name: `Myerson from the marginals as if independent (reserve φ⁻¹(0) = ${round(myersonReserve)})`,
      ...score(myersonOptimal(new Array<Distribution>(n).fill(model.marginal), grid)),
      theory: secondPriceTheory(model, n, myersonReserve),
    },
    {
      id: 'greedy-conditional-bound',
      name: 'Upper bound, not a mechanism: E[max(0, maxᵢ φᵢ(vᵢ | v₋ᵢ))] (greedy conditional virtual value)',
      score: greedy.mean,
      standardError: greedy.standardError,
      theory: greedyBoundTheory(model, n),
    },
  ];
}

function round(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
