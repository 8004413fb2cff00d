/**
 * The program database that implements the evolutionary search
 * (FunSearch's programs database, mechanism-notes §4): islands of clusters
 * of scored programs, parent selection, periodic reset of the weaker half
 * of the islands, and duplicate detection. Its whole state is plain JSON
 * data, so a run stored in IndexedDB resumes with identical future choices.
 */
import type { Rng } from '../rng.ts';
import type { DatabaseConfig } from './config.ts';
import { defaultDatabaseConfig } from './config.ts';
import type { Candidate } from './record.ts';
import { CodeIndex, codeFingerprint, normaliseCode } from './dedupe.ts';
import type { IslandState, ProgramEntry } from './island.ts';
import {
  bestOfIsland,
  chooseFromIsland,
  emptyIsland,
  findBehaviour,
  islandScores,
  islandSize,
  placeProgram,
} from './island.ts';
import { clusterTemperature } from './selection.ts';
import { emptyDatabaseState } from './databaseState.ts';

/** The fields of a candidate the database reads. */
export type RegisteredCandidate = Pick<Candidate, 'id' | 'island' | 'status' | 'score' | 'code'>;

/** The serialisable state of a database (what `toJSON` returns and `fromState` takes). */
export interface DatabaseState {
  readonly version: 1;
  readonly config: DatabaseConfig;
  readonly islands: IslandState[];
  /** Fingerprint of canonical code → id of the first candidate with that code. */
  readonly codes: Record<string, string>;
  /** Candidates registered, whatever their status. */
  registered: number;
  /** Candidates registered since the last reset of the islands. */
  sinceReset: number;
  /** The best program ever placed, even if its island was reset since. */
  best: (ProgramEntry & { readonly island: number }) | null;
}

/** What `register` did with a candidate. */
export interface Placement {
  /** Whether the candidate took a slot on its island (or, for a seed, on any island). */
  readonly placed: boolean;
  /** The earlier program on the island that behaves the same, if that kept it out. */
  readonly duplicateOf: string | null;
}

/** One island emptied by `resetWeakIslands`, and the program it was seeded with. */
export interface IslandReset {
  readonly island: number;
  /** Null when no surviving island had a program to give. */
  readonly founder: string | null;
  readonly from: number | null;
}

export class ProgramDatabase {
  #state: DatabaseState;
  /** The last code canonicalised: the caller checks a code, then registers it. */
  #memo: { code: string; canonical: string } | null = null;

  /** Creates an empty database; throws RangeError on an invalid config. */
  constructor(config: DatabaseConfig = defaultDatabaseConfig) {
    this.#state = emptyDatabaseState(config);
  }

  /** Returns a database continuing exactly from `state` (a copy is taken). */
  static fromState(state: DatabaseState): ProgramDatabase {
    if (state?.version !== 1 || !Array.isArray(state.islands) || typeof state.config !== 'object') {
      throw new TypeError('fromState expects the state of a program database (version 1)');
    }
    const db = new ProgramDatabase(state.config);
    if (state.islands.length !== state.config.islands) {
      throw new TypeError(`fromState: ${state.islands.length} islands, config says ${state.config.islands}`);
    }
    db.#state = { ...copy(state), config: Object.freeze({ ...state.config }) };
    return db;
  }

  /** Returns a deep copy of the state as plain JSON data. */
  toJSON(): DatabaseState {
    return copy(this.#state);
  }

  get config(): DatabaseConfig {
    return this.#state.config;
  }

  /** Returns the number of programs on `island`, or on all islands together. */
  size(island?: number): number {
    if (island === undefined) return this.#state.islands.reduce((n, i) => n + islandSize(i), 0);
    return islandSize(this.#island(island));
  }

  /** Returns the scores of the programs on `island`, in the order they were placed within each cluster. */
  scores(island: number): number[] {
    return islandScores(this.#island(island));
  }

  /** Returns the id of the first registered candidate with the same canonical code, or null. */
  isTextualDuplicate(code: string): string | null {
    const id = this.#state.codes[codeFingerprint(this.#canonical(code))];
    return typeof id === 'string' ? id : null;
  }

  /**
   * Returns a new index of the codes of every candidate registered so far,
   * each under the first id that had it: what a reopened run needs to go on
   * finding textual duplicates without parsing its records again.
   */
  codeIndex(): CodeIndex {
    return new CodeIndex(this.#state.codes);
  }

  /**
   * Returns the id of a program on `island` with the same behaviour: the
   * same score on the run's samples (within 1e-12, relative above 1) and,
   * when both have one, the same per-sample hash. Null when there is none.
   */
  isBehaviouralDuplicate(island: number, score: number, behaviourHash?: string): string | null {
    return findBehaviour(this.#island(island), score, behaviourHash ?? null);
  }

  /**
   * Registers a candidate of any status: remembers its code for textual
   * duplicates and counts it towards the reset period. An 'ok' candidate
   * with a finite score is placed on its island unless a program there
   * behaves the same (see isBehaviouralDuplicate); the caller records such
   * a candidate as 'duplicate'. A candidate whose island was reset after its
   * prompt was made joins the island as it is now (as in FunSearch).
   */
  register(candidate: RegisteredCandidate, behaviourHash?: string): Placement {
    return this.#register(candidate, [this.#checkIsland(candidate.island)], behaviourHash);
  }

  /** Registers the problem's seed heuristic and places it on every island (as FunSearch does). */
  registerSeed(candidate: RegisteredCandidate, behaviourHash?: string): Placement {
    return this.#register(
      candidate,
      this.#state.islands.map((_, i) => i),
      behaviourHash,
    );
  }

  /** Returns the island to prompt from: uniform over the islands that hold programs (all when none do). */
  chooseIsland(rng: Rng): number {
    const islands = this.#state.islands;
    const filled = islands.map((_, i) => i).filter((i) => islandSize(islands[i]) > 0);
    const pool = filled.length > 0 ? filled : islands.map((_, i) => i);
    return pool[Math.min(pool.length - 1, Math.floor(rng() * pool.length))];
  }

  /**
   * Returns min(k, size) distinct programs of `island`, sorted by ascending
   * score: clusters by softmax over normalised score at the current
   * temperature (or by rank), shorter code preferred within a cluster.
   */
  chooseParents(island: number, k: number, rng: Rng): ProgramEntry[] {
    return chooseFromIsland(this.#island(island), k, this.#state.config, rng).map((p) => ({ ...p }));
  }

  /** Returns the current cluster-sampling temperature of `island`. */
  temperature(island: number): number {
    return clusterTemperature(this.#state.config, this.#island(island).placed);
  }

  /** Returns whether `resetPeriod` candidates have been registered since the last reset. */
  resetDue(): boolean {
    return this.#state.sinceReset >= this.#state.config.resetPeriod;
  }

  /**
   * When a reset is due, empties the weaker half of the islands (by best
   * score; empty islands are weakest; ties broken randomly) and seeds each
   * with the best program of a surviving island chosen uniformly among
   * those that hold one. Returns the islands reset, in ascending order;
   * returns [] and draws nothing when no reset is due.
   */
  resetWeakIslands(rng: Rng): IslandReset[] {
    if (!this.resetDue()) return [];
    const state = this.#state;
    state.sinceReset = 0;
    const ranked = state.islands.map((island, i) => ({ i, best: bestOfIsland(island), tie: rng() }));
    ranked.sort((a, b) => (a.best?.score ?? -Infinity) - (b.best?.score ?? -Infinity) || a.tie - b.tie);
    const weak = ranked.slice(0, Math.floor(ranked.length / 2)).sort((a, b) => a.i - b.i);
    const donors = ranked.slice(weak.length).filter((r) => r.best !== null);
    return weak.map(({ i }) => {
      state.islands[i] = emptyIsland();
      if (donors.length === 0) return { island: i, founder: null, from: null };
      const donor = donors[Math.min(donors.length - 1, Math.floor(rng() * donors.length))];
      const founder = donor.best as ProgramEntry;
      placeProgram(state.islands[i], { ...founder }, state.config.scoreTolerance);
      return { island: i, founder: founder.id, from: donor.i };
    });
  }

  /** Returns the best program on `island`, or the best ever placed when no island is given. */
  best(island?: number): (ProgramEntry & { readonly island: number }) | null {
    if (island === undefined) return this.#state.best ? { ...this.#state.best } : null;
    const best = bestOfIsland(this.#island(island));
    return best ? { ...best, island } : null;
  }

  #register(candidate: RegisteredCandidate, islands: number[], behaviourHash?: string): Placement {
    const state = this.#state;
    state.registered++;
    state.sinceReset++;
    const canonical = candidate.code === null ? null : this.#canonical(candidate.code);
    if (canonical !== null) {
      const key = codeFingerprint(canonical);
      if (!Object.hasOwn(state.codes, key)) state.codes[key] = candidate.id;
    }
    const score = candidate.score;
    if (candidate.status !== 'ok' || typeof score !== 'number' || !Number.isFinite(score)) {
      return { placed: false, duplicateOf: null };
    }
    const behaviour = behaviourHash ?? null;
    const entry: ProgramEntry = { id: candidate.id, score, length: canonical?.length ?? 0, behaviour };
    let placed = false;
    let duplicateOf: string | null = null;
    for (const i of islands) {
      const twin = findBehaviour(state.islands[i], score, behaviour);
      if (twin !== null) {
        duplicateOf ??= twin;
        continue;
      }
      placeProgram(state.islands[i], { ...entry }, state.config.scoreTolerance);
      placed = true;
      if (state.best === null || score > state.best.score) state.best = { ...entry, island: i };
    }
    return { placed, duplicateOf: placed ? null : duplicateOf };
  }

  #canonical(code: string): string {
    if (this.#memo?.code !== code) this.#memo = { code, canonical: normaliseCode(code) };
    return this.#memo.canonical;
  }

  #checkIsland(island: number): number {
    if (!Number.isInteger(island) || island < 0 || island >= this.#state.islands.length) {
      throw new RangeError(`island ${island} does not exist (0 … ${this.#state.islands.length - 1})`);
    }
    return island;
  }

  #island(island: number): IslandState {
    return this.#state.islands[this.#checkIsland(island)];
  }
}

/** Returns a deep copy of plain JSON data (scores are finite, so nothing is lost). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
