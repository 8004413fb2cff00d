import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rng } from '../../../src/core/rng.ts';
import { rngStream } from '../../../src/core/rng.ts';
import type { DatabaseConfig } from '../../../src/core/evolution/config.ts';
import { defaultDatabaseConfig } from '../../../src/core/evolution/config.ts';
import type { CandidateStatus } from '../../../src/core/evolution/record.ts';
import type { DatabaseState, RegisteredCandidate } from '../../../src/core/evolution/database.ts';
import { ProgramDatabase } from '../../../src/core/evolution/database.ts';
import { CodeIndex, normaliseCode } from '../../../src/core/evolution/dedupe.ts';

const configWith = (over: Partial<DatabaseConfig>): DatabaseConfig => ({ ...defaultDatabaseConfig, ...over });

function ok(id: string, island: number, score: number, code = `function h(x) { return x * ${id.length}; }`) {
  return { id, island, status: 'ok', score, code } satisfies RegisteredCandidate;
}

/** Returns the frequency of `hit` over `draws` calls, and its standard error at probability p. */
function frequency(draws: number, hit: () => boolean): number {
  let hits = 0;
  for (let i = 0; i < draws; i++) if (hit()) hits++;
  return hits / draws;
}
const within4se = (observed: number, p: number, draws: number) =>
  expect(Math.abs(observed - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / draws));

/**
 * Drives `db` as the search loop would: choose an island and parents,
 * make a candidate (sometimes failing, sometimes a textual or behavioural
 * duplicate), register it and reset when due. Returns the log of choices.
 */
function drive(db: ProgramDatabase, rng: Rng, steps: number, first: number): unknown[] {
  const log: unknown[] = [];
  for (let step = first; step < first + steps; step++) {
    const island = db.chooseIsland(rng);
    const parents = db.chooseParents(island, 2, rng).map((p) => p.id);
    const code = `function h(x) { return x * ${Math.floor(rng() * 60)}; }`;
    const id = `c${step}`;
    const textual = db.isTextualDuplicate(code);
    const failed = rng() < 0.2;
    const score = Math.round(rng() * 40) / 40 + (parents.length > 0 ? 0.01 : 0);
    const hash = rng() < 0.5 ? `h${Math.floor(rng() * 8)}` : undefined;
    const behavioural = textual ?? db.isBehaviouralDuplicate(island, score, hash);
    const status: CandidateStatus = failed ? 'runtime-error' : behavioural !== null ? 'duplicate' : 'ok';
    const placement = db.register({ id, island, status, score: status === 'ok' ? score : null, code }, hash);
    const resets = db.resetWeakIslands(rng);
    log.push({ island, parents, textual, behavioural, placement, resets, best: db.best() });
  }
  return log;
}

function run(seed: number, steps = 300) {
  const db = new ProgramDatabase(configWith({ islands: 5, resetPeriod: 40, temperaturePeriod: 50 }));
  db.registerSeed(ok('c0', 0, 0.1, 'function h(x) { return x; }'));
  const log = drive(db, rngStream(seed, 'database'), steps, 1);
  return { log, state: db.toJSON() };
}

describe('ProgramDatabase: determinism and persistence', () => {
  it('gives deep-equal states and choices for the same seed and inserts, run twice', () => {
    const a = run(11);
    const b = run(11);
    expect(b).toEqual(a);
    expect(run(12).log).not.toEqual(a.log);
    const resets = a.log.filter((e) => (e as { resets: unknown[] }).resets.length > 0);
    expect(resets.length).toBe(7);
  });

  it('continues identically after serialise → JSON text → restore', () => {
    const original = new ProgramDatabase(configWith({ islands: 3, resetPeriod: 25 }));
    original.registerSeed(ok('c0', 0, 0.1, 'function h(x) { return x; }'));
    drive(original, rngStream(3, 'first'), 120, 1);
    const text = JSON.stringify(original);
    const restored = ProgramDatabase.fromState(JSON.parse(text) as DatabaseState);
    expect(restored.toJSON()).toEqual(original.toJSON());
    const next = drive(original, rngStream(3, 'second'), 120, 121);
    expect(drive(restored, rngStream(3, 'second'), 120, 121)).toEqual(next);
    expect(restored.toJSON()).toEqual(original.toJSON());
  });

  it('toJSON returns a copy: mutating it does not change the database', () => {
    const db = new ProgramDatabase(configWith({ islands: 1 }));
    db.register(ok('a', 0, 0.5));
    const state = db.toJSON();
    state.islands[0].clusters.length = 0;
    state.registered = 99;
    expect(db.size()).toBe(1);
    expect(db.toJSON().registered).toBe(1);
  });

  it('fromState rejects data that is not a database state', () => {
    const state = new ProgramDatabase().toJSON();
    expect(() => ProgramDatabase.fromState({ ...state, version: 2 } as unknown as DatabaseState)).toThrow(
      TypeError,
    );
    expect(() => ProgramDatabase.fromState({ ...state, islands: state.islands.slice(1) })).toThrow(/islands/);
    expect(() =>
      ProgramDatabase.fromState({ ...state, config: undefined } as unknown as DatabaseState),
    ).toThrow(TypeError);
    expect(() => ProgramDatabase.fromState({ ...state, config: { ...state.config, islands: 0 } })).toThrow(
      RangeError,
    );
  });

  it('rejects an invalid config and unknown islands', () => {
    expect(() => new ProgramDatabase(configWith({ islands: 0 }))).toThrow(RangeError);
    expect(() => new ProgramDatabase(configWith({ temperaturePeriod: 0 }))).toThrow(/temperaturePeriod/);
    expect(() => new ProgramDatabase(configWith({ finalTemperature: -1 }))).toThrow(/finalTemperature/);
    expect(() => new ProgramDatabase(configWith({ scoreTolerance: NaN }))).toThrow(/scoreTolerance/);
    const db = new ProgramDatabase(configWith({ islands: 2 }));
    expect(() => db.register(ok('a', 2, 0.5))).toThrow(RangeError);
    expect(() => db.chooseParents(-1, 1, rngStream(1, 'x'))).toThrow(RangeError);
  });
});

describe('ProgramDatabase: placing candidates', () => {
  it('places only ok candidates with a finite score, whatever else arrives', () => {
    const statuses: CandidateStatus[] = [
      'ok',
      'parse-error',
      'forbidden',
      'runtime-error',
      'invalid-output',
      'timeout',
    ];
    const score = fc.oneof(
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      fc.constantFrom(NaN, Infinity, -Infinity, null),
    );
    const entry = fc.record({
      status: fc.constantFrom(...statuses),
      score,
      island: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const db = new ProgramDatabase(configWith({ islands: 3 }));
        let placed = 0;
        entries.forEach((e, i) => {
          const result = db.register(
            { id: `c${i}`, island: e.island, status: e.status, score: e.score, code: null },
            `${i}`,
          );
          const valid = e.status === 'ok' && typeof e.score === 'number' && Number.isFinite(e.score);
          expect(result.placed).toBe(valid);
          if (valid) placed++;
        });
        expect(db.size()).toBe(placed);
        const state = db.toJSON();
        expect(state.registered).toBe(entries.length);
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
        for (const island of state.islands) {
          for (const c of island.clusters)
            for (const p of c.programs) expect(Number.isFinite(p.score)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('registerSeed places the seed on every island and counts as one candidate', () => {
    const db = new ProgramDatabase(configWith({ islands: 4 }));
    expect(db.registerSeed(ok('c0', 0, 0.3))).toEqual({ placed: true, duplicateOf: null });
    for (let i = 0; i < 4; i++) expect(db.best(i)?.id).toBe('c0');
    expect(db.size()).toBe(4);
    expect(db.toJSON().registered).toBe(1);
  });

  it('groups candidates whose scores lie within scoreTolerance into one cluster', () => {
    const db = new ProgramDatabase(configWith({ islands: 1, scoreTolerance: 1e-3 }));
    db.register(ok('a', 0, 0.5));
    db.register(ok('b', 0, 0.5008));
    db.register(ok('c', 0, 0.4995));
    db.register(ok('d', 0, 0.502));
    const clusters = db.toJSON().islands[0].clusters;
    expect(clusters.map((c) => c.programs.map((p) => p.id))).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('cools the temperature linearly over temperaturePeriod placed programs, then restarts', () => {
    const db = new ProgramDatabase(configWith({ islands: 1, temperaturePeriod: 10 }));
    expect(db.temperature(0)).toBe(0.1);
    for (let i = 0; i < 5; i++) db.register(ok(`c${i}`, 0, i));
    expect(db.temperature(0)).toBeCloseTo(0.055, 12);
    for (let i = 5; i < 10; i++) db.register(ok(`c${i}`, 0, i));
    expect(db.temperature(0)).toBe(0.1);
  });

  it('best() is the best program ever placed, even after its island is reset; best(i) is per island', () => {
    const db = new ProgramDatabase(configWith({ islands: 2, resetPeriod: 2 }));
    db.register(ok('a', 0, 0.9));
    db.register(ok('b', 1, 0.9));
    expect(db.best()).toEqual({
      id: 'a',
      score: 0.9,
      length: expect.any(Number),
      behaviour: null,
      island: 0,
    });
    const resets = db.resetWeakIslands(rngStream(1, 'reset'));
    expect(resets).toHaveLength(1);
    expect(db.best()?.id).toBe('a');
    expect(db.best(resets[0].island)?.id).toBe(resets[0].island === 0 ? 'b' : 'a');
    expect(new ProgramDatabase().best()).toBeNull();
    expect(new ProgramDatabase().best(0)).toBeNull();
  });
});

describe('ProgramDatabase: duplicates', () => {
  it('isTextualDuplicate returns the first candidate with the same code, whatever its status', () => {
    const db = new ProgramDatabase();
    const code = 'function h(x) {\n  return x * 0.5 + "a";\n}';
    db.register({ id: 'c1', island: 0, status: 'runtime-error', score: null, code });
    db.register(ok('c2', 1, 0.4, code));
    expect(db.isTextualDuplicate("// same\nfunction h (x) { return x*0.5+'a' };")).toBe('c1');
    expect(db.isTextualDuplicate(code.replace('0.5', '0.6'))).toBeNull();
    expect(db.isTextualDuplicate(code.replace('"a"', '"b"'))).toBeNull();
  });

  it('a behavioural duplicate (same score, same or missing hash) takes no slot on its island', () => {
    const db = new ProgramDatabase(configWith({ islands: 2 }));
    db.register(ok('a', 0, 0.5), 'h1');
    expect(db.isBehaviouralDuplicate(0, 0.5 + 1e-14)).toBe('a');
    expect(db.register(ok('b', 0, 0.5 + 1e-14), 'h1')).toEqual({ placed: false, duplicateOf: 'a' });
    expect(db.register(ok('c', 0, 0.5))).toEqual({ placed: false, duplicateOf: 'a' });
    expect(db.size(0)).toBe(1);
    expect(db.register(ok('d', 0, 0.5), 'h2').placed).toBe(true);
    expect(db.register(ok('e', 0, 0.5 + 1e-9)).placed).toBe(true);
    expect(db.register(ok('f', 1, 0.5), 'h1').placed).toBe(true);
    expect(db.size()).toBe(4);
  });
});

describe('ProgramDatabase: choosing islands and parents', () => {
  it('chooseParents returns min(k, size) distinct programs of the island, sorted by ascending score', () => {
    const entry = fc.record({
      score: fc.integer({ min: -5, max: 5 }),
      hash: fc.nat(1000),
      island: fc.nat(1),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 25 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer(),
        fc.constantFrom<'softmax' | 'rank'>('softmax', 'rank'),
        (entries, k, seed, selection) => {
          const db = new ProgramDatabase(configWith({ islands: 2, selection, scoreTolerance: 0 }));
          const code = (i: number) => `function h(x) { return ${'x + '.repeat(i % 7)}${i}; }`;
          entries.forEach((e, i) => db.register(ok(`c${i}`, e.island, e.score / 4, code(i)), `${e.hash}`));
          const rng = rngStream(seed, 'parents');
          for (const island of [0, 1]) {
            const members = new Set(
              db.toJSON().islands[island].clusters.flatMap((c) => c.programs.map((p) => p.id)),
            );
            const parents = db.chooseParents(island, k, rng);
            expect(parents).toHaveLength(Math.min(k, members.size));
            expect(new Set(parents.map((p) => p.id)).size).toBe(parents.length);
            for (const p of parents) expect(members.has(p.id)).toBe(true);
            for (let i = 1; i < parents.length; i++)
              expect(parents[i].score).toBeGreaterThanOrEqual(parents[i - 1].score);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an island with fewer programs than k returns all it has; an empty island returns none', () => {
    const db = new ProgramDatabase(configWith({ islands: 2 }));
    db.register(ok('hi', 0, 0.8));
    db.register(ok('lo', 0, 0.2));
    expect(db.chooseParents(0, 5, rngStream(1, 'p')).map((p) => p.id)).toEqual(['lo', 'hi']);
    expect(db.chooseParents(1, 2, rngStream(1, 'p'))).toEqual([]);
  });

  it('softmax at temperature → 0 picks the best cluster (and then the next best)', () => {
    for (const temperature of [0, 1e-6]) {
      const db = new ProgramDatabase(
        configWith({ islands: 1, initialTemperature: temperature, finalTemperature: temperature }),
      );
      [0.1, 0.5, 0.9, 0.3, 0.7].forEach((s, i) => db.register(ok(`c${i}`, 0, s)));
      const rng = rngStream(5, 'cold');
      for (let r = 0; r < 200; r++) {
        expect(db.chooseParents(0, 1, rng)[0].id).toBe('c2');
        expect(db.chooseParents(0, 2, rng).map((p) => p.id)).toEqual(['c4', 'c2']);
      }
    }
  });

  it('softmax at temperature T picks the better of two clusters with probability 1 / (1 + e^(−1/T))', () => {
    const db = new ProgramDatabase(configWith({ islands: 1, initialTemperature: 1, finalTemperature: 1 }));
    db.register(ok('low', 0, 0.2));
    db.register(ok('high', 0, 0.6));
    const rng = rngStream(9, 'warm');
    const draws = 20_000;
    within4se(
      frequency(draws, () => db.chooseParents(0, 1, rng)[0].id === 'high'),
      1 / (1 + Math.exp(-1)),
      draws,
    );
  });

  it('rank selection picks cluster r with probability ∝ 1 / (r + N), so the worst is still chosen', () => {
    const db = new ProgramDatabase(configWith({ islands: 1, selection: 'rank' }));
    ['a', 'b', 'c'].forEach((id, i) => db.register(ok(id, 0, i / 10)));
    const rng = rngStream(4, 'rank');
    const draws = 20_000;
    const total = 1 / 3 + 1 / 4 + 1 / 5;
    const picks = Array.from({ length: draws }, () => db.chooseParents(0, 1, rng)[0].id);
    within4se(picks.filter((id) => id === 'c').length / draws, 1 / 3 / total, draws);
    within4se(picks.filter((id) => id === 'a').length / draws, 1 / 5 / total, draws);
  });

  it('prefers shorter code among equal scores: P(short) = 1 / (1 + e^(−(Lₗ − Lₛ)/Lₗ))', () => {
    const short = 'function h(x) { return x; }';
    const long = 'function h(x) { const y = x * 1; const z = y + 0; return z - 0 + 0 * y; }';
    const [ls, ll] = [normaliseCode(short).length, normaliseCode(long).length];
    const db = new ProgramDatabase(configWith({ islands: 1 }));
    db.register(ok('long', 0, 0.5, long), 'behaviour-1');
    db.register(ok('short', 0, 0.5, short), 'behaviour-2');
    expect(db.toJSON().islands[0].clusters).toHaveLength(1);
    const rng = rngStream(2, 'short');
    const draws = 20_000;
    const p = 1 / (1 + Math.exp(-(ll - ls) / (ll + 1e-6)));
    expect(p).toBeGreaterThan(0.6);
    within4se(
      frequency(draws, () => db.chooseParents(0, 1, rng)[0].id === 'short'),
      p,
      draws,
    );
  });

  it('chooseIsland is uniform over the islands that hold programs', () => {
    const db = new ProgramDatabase(configWith({ islands: 4 }));
    const rng = rngStream(8, 'island');
    for (let r = 0; r < 100; r++) expect(db.chooseIsland(rng)).toBeLessThan(4);
    db.register(ok('a', 2, 0.5));
    for (let r = 0; r < 100; r++) expect(db.chooseIsland(rng)).toBe(2);
    db.registerSeed(ok('s', 0, 0.1));
    const draws = 20_000;
    const counts = [0, 0, 0, 0];
    for (let r = 0; r < draws; r++) counts[db.chooseIsland(rng)]++;
    for (const c of counts) within4se(c / draws, 1 / 4, draws);
  });
});

describe('ProgramDatabase: resetting the weaker half of the islands', () => {
  function fourIslands(resetPeriod = 8) {
    const db = new ProgramDatabase(configWith({ islands: 4, resetPeriod }));
    const bests = [0.9, 0.2, 0.7, 0.4];
    bests.forEach((best, i) => {
      db.register(ok(`best${i}`, i, best));
      db.register(ok(`other${i}`, i, best - 0.1));
    });
    return db;
  }

  it('keeps the strong half untouched and seeds each weak island with the best of a survivor', () => {
    const donors = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const db = fourIslands();
      const before = db.toJSON();
      const resets = db.resetWeakIslands(rngStream(seed, 'reset'));
      const after = db.toJSON();
      expect(resets.map((r) => r.island)).toEqual([1, 3]);
      expect(after.islands[0]).toEqual(before.islands[0]);
      expect(after.islands[2]).toEqual(before.islands[2]);
      for (const r of resets) {
        expect([0, 2]).toContain(r.from);
        expect(r.founder).toBe(`best${r.from}`);
        const programs = after.islands[r.island].clusters.flatMap((c) => c.programs);
        expect(programs.map((p) => p.id)).toEqual([r.founder]);
        expect(after.islands[r.island].placed).toBe(1);
        donors.add(r.from as number);
      }
    }
    expect([...donors].sort()).toEqual([0, 2]);
  });

  it('resets only every resetPeriod candidates, drawing nothing from the rng otherwise', () => {
    const db = fourIslands(10);
    let draws = 0;
    const inner = rngStream(1, 'reset');
    const counting: Rng = () => (draws++, inner());
    expect(db.resetDue()).toBe(false);
    expect(db.resetWeakIslands(counting)).toEqual([]);
    expect(draws).toBe(0);
    db.register({ id: 'x', island: 0, status: 'timeout', score: null, code: null });
    db.register({ id: 'y', island: 0, status: 'duplicate', score: null, code: null });
    expect(db.resetWeakIslands(counting)).toHaveLength(2);
    expect(draws).toBeGreaterThan(0);
    expect(db.resetWeakIslands(counting)).toEqual([]);
  });

  it('breaks ties between equally good islands randomly and counts empty islands as weakest', () => {
    const chosen = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const db = new ProgramDatabase(configWith({ islands: 4, resetPeriod: 4 }));
      for (let i = 0; i < 4; i++) db.register(ok(`c${i}`, i, 0.5));
      chosen.add(JSON.stringify(db.resetWeakIslands(rngStream(seed, 'tie')).map((r) => r.island)));
    }
    expect(chosen.size).toBeGreaterThan(3);

    const db = new ProgramDatabase(configWith({ islands: 5, resetPeriod: 2 }));
    db.register(ok('a', 1, 0.1));
    db.register(ok('b', 3, 0.2));
    const resets = db.resetWeakIslands(rngStream(1, 'empty'));
    expect(resets).toHaveLength(2);
    for (const r of resets) {
      expect([0, 2, 4]).toContain(r.island);
      expect([1, 3]).toContain(r.from);
    }
  });

  it('leaves a reset island empty when no survivor has a program', () => {
    const db = new ProgramDatabase(configWith({ islands: 2, resetPeriod: 1 }));
    db.register({ id: 'x', island: 0, status: 'parse-error', score: null, code: 'function (' });
    const resets = db.resetWeakIslands(rngStream(1, 'none'));
    expect(resets).toEqual([{ island: resets[0].island, founder: null, from: null }]);
    expect(db.size()).toBe(0);
  });
});

/**
 * Writes `count` heuristics, a third of them rewrites of an earlier one
 * (comments, layout, quotes, number spelling) that normaliseCode treats as
 * the same code, so some codes come back three times or more.
 */
function codeStream(rng: Rng, count: number): string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = Math.floor(rng() * 12);
    const rewrite = codes.length > 0 && rng() < 0.35;
    codes.push(
      rewrite
        ? `// again\nfunction h ( x ) {\n  return x*${k / 4}+'a'\n};`
        : `function h(x) { return x * ${(k / 4).toFixed(2)} + "a"; }`,
    );
  }
  return codes;
}

describe('ProgramDatabase: reopening a run', () => {
  /**
   * Plays the search loop's duplicate bookkeeping: each code is claimed in
   * a CodeIndex as it is launched, and registered in the database
   * `depth` + 1 candidates later. Returns, for each code, the candidate it
   * repeats (or null), and the states a reopened page would load after
   * each record: the database state and the records not yet registered.
   */
  function play(codes: readonly string[], depth: number) {
    const db = new ProgramDatabase(configWith({ islands: 2, resetPeriod: 7 }));
    const index = new CodeIndex();
    const twins: (string | null)[] = [];
    const saved: { state: DatabaseState; unregistered: { id: string; code: string }[] }[] = [];
    const rng = rngStream(5, 'reopen');
    let applied = 0;
    codes.forEach((code, i) => {
      const id = `c${i}`;
      twins.push(index.claim(code, id));
      for (; applied <= i - depth - 1; applied++) {
        const twin = twins[applied];
        db.register(
          twin === null
            ? ok(`c${applied}`, applied % 2, applied / codes.length, codes[applied])
            : {
                id: `c${applied}`,
                island: applied % 2,
                status: 'duplicate',
                score: null,
                code: codes[applied],
              },
        );
        db.resetWeakIslands(rng);
      }
      const unregistered = codes.slice(applied, i + 1).map((c, j) => ({ id: `c${applied + j}`, code: c }));
      saved.push({ state: db.toJSON(), unregistered });
    });
    return { twins, saved };
  }

  it('a reopened index names the same first candidate for every later duplicate, at every point it could reopen', () => {
    const codes = codeStream(rngStream(9, 'codes'), 120);
    for (const depth of [0, 1, 3]) {
      const { twins, saved } = play(codes, depth);
      expect(twins.filter((t) => t !== null).length).toBeGreaterThan(40);
      saved.forEach(({ state, unregistered }, at) => {
        // A new page: the database from its stored state, the few records after it parsed again.
        const index = ProgramDatabase.fromState(
          JSON.parse(JSON.stringify(state)) as DatabaseState,
        ).codeIndex();
        for (const { id, code } of unregistered) index.claim(code, id);
        const later = codes.slice(at + 1).map((code, j) => index.claim(code, `c${at + 1 + j}`));
        expect(later).toEqual(twins.slice(at + 1));
      });
    }
  });

  it('codeIndex holds every code registered, whatever its status, and is a copy', () => {
    const db = new ProgramDatabase();
    db.register({ id: 'c1', island: 0, status: 'timeout', score: null, code: 'function h(x) { return 1; }' });
    db.register(ok('c2', 0, 0.3, 'function h(x) { return 2; }'));
    db.register({ id: 'c3', island: 0, status: 'parse-error', score: null, code: null });
    const index = db.codeIndex();
    expect(index.size).toBe(2);
    expect(index.claim('function h (x) { return 1 }', 'c4')).toBe('c1');
    expect(index.claim('function h(x) { return 3; }', 'c5')).toBeNull();
    expect(db.codeIndex().size).toBe(2);
    expect(db.isTextualDuplicate('function h(x) { return 3; }')).toBeNull();
  });
});
