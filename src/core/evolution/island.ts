/**
 * Islands and clusters of the program database (FunSearch's Island and
 * Cluster) as plain data, and the pure functions that place programs on an
 * island and draw parents from it. mechanism-notes §4.
 */
import type { Rng } from '../rng.ts';
import type { DatabaseConfig } from './config.ts';
import { clusterTemperature, normaliseScores, rankWeights, sampleIndex, softmax } from './selection.ts';

/** A program as the database keeps it: enough to choose it, not its code. */
export interface ProgramEntry {
  readonly id: string;
  readonly score: number;
  /** Length of the program's canonical code (normaliseCode), in characters. */
  readonly length: number;
  /** Hash of the per-sample outcomes, when the caller supplied one. */
  readonly behaviour: string | null;
}

/** Programs of one island whose scores lie within `scoreTolerance` of `score`. */
export interface ClusterState {
  /** The score of the cluster's first program; every member lies within the tolerance of it. */
  readonly score: number;
  readonly programs: ProgramEntry[];
}

export interface IslandState {
  readonly clusters: ClusterState[];
  /** Programs placed since the island was created or last reset (drives the cooling). */
  placed: number;
}

/** Returns an island with no programs. */
export function emptyIsland(): IslandState {
  return { clusters: [], placed: 0 };
}

/** Returns the number of programs on `island`. */
export function islandSize(island: IslandState): number {
  let size = 0;
  for (const cluster of island.clusters) size += cluster.programs.length;
  return size;
}

/** Returns the scores of the programs on `island`, cluster by cluster. */
export function islandScores(island: IslandState): number[] {
  const scores: number[] = [];
  for (const cluster of island.clusters) for (const p of cluster.programs) scores.push(p.score);
  return scores;
}

/**
 * Returns whether two programs behave the same: scores within 1e-12 (relative
 * to the larger once it exceeds 1), and equal per-sample hashes when both
 * have one.
 */
export function sameBehaviour(
  score: number,
  behaviour: string | null,
  other: number,
  otherBehaviour: string | null,
): boolean {
  if (!(Math.abs(score - other) <= 1e-12 * Math.max(1, Math.abs(score), Math.abs(other)))) return false;
  return behaviour === null || otherBehaviour === null || behaviour === otherBehaviour;
}

/** Returns the id of the first program on `island` that behaves like (score, behaviour), or null. */
export function findBehaviour(island: IslandState, score: number, behaviour: string | null): string | null {
  for (const cluster of island.clusters) {
    for (const p of cluster.programs) if (sameBehaviour(score, behaviour, p.score, p.behaviour)) return p.id;
  }
  return null;
}

/**
 * Places `entry` in the cluster whose score is nearest to its own within
 * `tolerance` (the first such on ties), or in a new cluster.
 */
export function placeProgram(island: IslandState, entry: ProgramEntry, tolerance: number): void {
  let nearest: ClusterState | null = null;
  let distance = Infinity;
  for (const cluster of island.clusters) {
    const d = Math.abs(cluster.score - entry.score);
    if (d <= tolerance && d < distance) {
      nearest = cluster;
      distance = d;
    }
  }
  if (nearest) nearest.programs.push(entry);
  else island.clusters.push({ score: entry.score, programs: [entry] });
  island.placed++;
}

/** Returns the best program on `island` (the first placed among equals), or null when it is empty. */
export function bestOfIsland(island: IslandState): ProgramEntry | null {
  let best: ProgramEntry | null = null;
  for (const cluster of island.clusters) {
    for (const p of cluster.programs) if (best === null || p.score > best.score) best = p;
  }
  return best;
}

/**
 * Returns up to `k` distinct programs of `island`, sorted by ascending
 * score. Each is drawn in turn without replacement: a cluster by softmax
 * over its normalised score at the island's current temperature (or by
 * rank weight), then a program of that cluster by softmax over its negative
 * normalised code length at temperature 1, so shorter code is more likely
 * (FunSearch's Cluster.sample_program).
 */
export function chooseFromIsland(
  island: IslandState,
  k: number,
  config: DatabaseConfig,
  rng: Rng,
): ProgramEntry[] {
  const clusters = island.clusters;
  const scores = clusters.map((c) => c.score);
  const logits = config.selection === 'rank' ? rankWeights(scores) : normaliseScores(scores);
  const temperature = clusterTemperature(config, island.placed);
  // Only the few clusters already drawn from get a list of what is left.
  const left = new Map<number, ProgramEntry[]>();
  const chosen: ProgramEntry[] = [];
  while (chosen.length < k) {
    const open: number[] = [];
    for (let c = 0; c < clusters.length; c++)
      if ((left.get(c) ?? clusters[c].programs).length > 0) open.push(c);
    if (open.length === 0) break;
    const subset = open.map((c) => logits[c]);
    const weights = config.selection === 'rank' ? subset : softmax(subset, temperature);
    const c = open[sampleIndex(weights, rng)];
    const members = left.get(c) ?? clusters[c].programs.slice();
    const pick = sampleIndex(shortnessWeights(members), rng);
    chosen.push(members[pick]);
    members.splice(pick, 1);
    left.set(c, members);
  }
  return chosen.sort((a, b) => a.score - b.score);
}

/** Returns FunSearch's within-cluster weights: softmax of −(length − min) / (max + 1e-6). */
function shortnessWeights(programs: readonly ProgramEntry[]): Float64Array {
  let low = Infinity;
  let high = -Infinity;
  for (const p of programs) {
    if (p.length < low) low = p.length;
    if (p.length > high) high = p.length;
  }
  return softmax(
    programs.map((p) => -(p.length - low) / (high + 1e-6)),
    1,
  );
}
