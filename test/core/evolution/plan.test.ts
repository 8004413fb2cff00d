import { describe, expect, it } from 'vitest';
import { ProgramDatabase } from '../../../src/core/evolution/database.ts';
import { defaultSearchConfig } from '../../../src/core/evolution/config.ts';
import {
  drawOperator,
  planIteration,
  repairTarget,
  type PlanConfig,
} from '../../../src/core/evolution/plan.ts';
import type { Candidate } from '../../../src/core/evolution/record.ts';
import type { Metric } from '../../../src/core/types.ts';
import { rngStream } from '../../../src/core/rng.ts';

function candidate(id: string, score: number, agreement?: number): Candidate {
  const metrics: Metric[] =
    agreement === undefined ? [] : [{ id: 'nn-equal-winners', label: 'Agreement', value: agreement }];
  return {
    id,
    parentIds: [],
    island: 0,
    operator: 'funsearch',
    iteration: Number(id.slice(1)),
    createdAt: 0,
    generation: null,
    prompt: [],
    reply: '',
    code: `function f() { return ${id.slice(1)}; }`,
    thought: null,
    status: 'ok',
    error: null,
    score,
    standardError: 0,
    metrics,
    verification: null,
    evaluationMilliseconds: 1,
    usage: null,
  };
}

// One island, four programs: c0 scores best, c2 agrees best; c0 dominates c1 and c2 dominates c3.
const records = [
  candidate('c0', 0.9, 0.2),
  candidate('c1', 0.88, 0.1),
  candidate('c2', 0.6, 0.95),
  candidate('c3', 0.5, 0.9),
];
const byId = new Map(records.map((c) => [c.id, c]));

function database(): ProgramDatabase {
  const db = new ProgramDatabase({
    ...defaultSearchConfig.database,
    islands: 1,
    initialTemperature: 10,
    finalTemperature: 10,
  });
  for (const c of records) db.register(c);
  return db;
}

// Never repair, always FunSearch: only the parents differ between the settings.
const base: PlanConfig = {
  ...defaultSearchConfig,
  repairProbability: 0,
  operatorWeights: { funsearch: 1, e1: 0, e2: 0, m1: 0, m2: 0 },
};

describe('planIteration', () => {
  it('without a second objective, takes the database’s draw of parents as it is', () => {
    for (let k = 0; k < 20; k++) {
      const plan = planIteration(database(), records, byId, base, rngStream(k, 'plan'));
      const rng = rngStream(k, 'plan');
      rng(); // the repair draw
      drawOperator(base.operatorWeights, rng);
      const db = database();
      const island = db.chooseIsland(rng);
      expect(plan.parents.map((p) => p.id)).toEqual(db.chooseParents(island, 2, rng).map((p) => p.id));
    }
  });

  it('with agreement, cuts a pool of 2k to the k of lowest Pareto rank on (score, agreement)', () => {
    const config: PlanConfig = { ...base, secondObjective: 'agreement' };
    for (let k = 0; k < 20; k++) {
      // The pool is the whole island: rank 0 holds c0 (best score) and c2 (best agreement).
      const plan = planIteration(database(), records, byId, config, rngStream(k, 'plan'));
      expect(plan.parents.map((p) => p.id)).toEqual(['c2', 'c0']);
    }
  });

  it('with agreement but no agreement recorded, chooses the best scores of the pool', () => {
    const plain = records.map((c) => ({ ...c, metrics: [] }));
    const plan = planIteration(
      database(),
      plain,
      new Map(plain.map((c) => [c.id, c])),
      { ...base, secondObjective: 'agreement' },
      rngStream(1, 'plan'),
    );
    expect(plan.parents.map((p) => p.id)).toEqual(['c1', 'c0']);
  });
});

describe('repairTarget', () => {
  const failed = (id: string, status: Candidate['status']): Candidate => ({
    ...candidate(id, 0),
    status,
    score: null,
    error: status === 'ok' ? null : { reason: status, message: status },
  });

  it('skips screened-out candidates: they ran correctly, their score was merely too low', () => {
    const broken = failed('c1', 'runtime-error');
    const applied = [candidate('c0', 0.5), broken, failed('c2', 'screened-out'), failed('c3', 'duplicate')];
    expect(repairTarget(applied)).toBe(broken);
    expect(repairTarget([candidate('c0', 0.5), failed('c2', 'screened-out')])).toBeNull();
  });
});
