/**
 * The population tree's layout: every candidate hangs from its primary
 * parent (the one it was mostly written from), and the whole population is
 * laid out as a tidy tree (d3.tree, Reingold–Tilford), generations left to
 * right. Candidates with several parents keep their other parents as
 * secondary links. Pure: the same candidates give the same layout.
 */
import { hierarchy, tree } from 'd3';
import type { Candidate, CandidateStatus } from '../../core/evolution/record.ts';

export interface TreeNode {
  /** Position of the candidate in the run's list. */
  readonly index: number;
  readonly id: string;
  /** Generation axis, in generations from the node's root. */
  readonly x: number;
  /** Breadth axis, in node slots (d3.tree's node size is 1). */
  readonly y: number;
  readonly depth: number;
  /** Index of the primary parent; −1 for a root (a seed, or a candidate whose parents are unknown). */
  readonly parent: number;
  readonly island: number;
  readonly status: CandidateStatus;
  /** Null unless the candidate scored ('ok'). */
  readonly score: number | null;
}

export interface TreeLink {
  readonly source: number;
  readonly target: number;
  /** False for a second (third, …) parent of a candidate written from several. */
  readonly primary: boolean;
}

export interface PopulationLayout {
  /** In the candidates' order, so nodes[i] is candidates[i]. */
  readonly nodes: readonly TreeNode[];
  readonly links: readonly TreeLink[];
  /** Node indices of each generation, top to bottom. */
  readonly generations: readonly (readonly number[])[];
  /** Index of the best scored candidate (the earliest on ties); −1 when none scored. */
  readonly best: number;
  /** Node indices from the best candidate's root to the best candidate, along primary parents. */
  readonly bestPath: readonly number[];
  /** Lowest and highest score; null when none scored. */
  readonly scoreExtent: readonly [number, number] | null;
  /** Extent of the layout: x from 0 to maxX, y from minY to maxY. */
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

/** Returns the candidate's score if it counts ('ok' with a finite score), else null. */
function scoreOf(candidate: Candidate): number | null {
  return candidate.status === 'ok' && candidate.score !== null && Number.isFinite(candidate.score)
    ? candidate.score
    : null;
}

/**
 * Returns the index of the parent a candidate was mostly written from, or −1
 * when it has no known parent: the failed candidate for a repair, else the
 * best-scoring parent (the one EoH's M1/M2 modify and the last version
 * FunSearch shows), the first listed on ties or when none scored.
 */
export function primaryParent(
  candidate: Candidate,
  indexOf: ReadonlyMap<string, number>,
  scores: readonly (number | null)[],
): number {
  let chosen = -1;
  for (const id of candidate.parentIds) {
    const index = indexOf.get(id);
    if (index === undefined) continue;
    if (chosen === -1) {
      chosen = index;
      if (candidate.operator === 'repair') return chosen;
      continue;
    }
    const score = scores[index];
    const best = scores[chosen];
    if (score !== null && (best === null || score > best)) chosen = index;
  }
  return chosen;
}

/** Spacing of two failed siblings without children, in slots (others are 1 apart, or more). */
export const failedLeafGap = 0.4;

interface Slot {
  readonly index: number;
  readonly children: Slot[];
}

/** Returns the layout of `candidates` (a run's records, in order). */
export function layoutPopulation(candidates: readonly Candidate[]): PopulationLayout {
  const indexOf = new Map<string, number>();
  candidates.forEach((c, i) => indexOf.set(c.id, i));
  const scores = candidates.map(scoreOf);

  const parents = new Int32Array(candidates.length);
  const slots: Slot[] = candidates.map((_, index) => ({ index, children: [] }));
  const root: Slot = { index: -1, children: [] };
  const links: TreeLink[] = [];
  candidates.forEach((candidate, i) => {
    // A parent later in the list than its child cannot happen in a run; treat it as unknown so the tree stays a tree.
    const parent = primaryParent(candidate, indexOf, scores);
    const known = parent >= 0 && parent < i ? parent : -1;
    parents[i] = known;
    (known === -1 ? root : slots[known]).children.push(slots[i]);
    if (known !== -1) links.push({ source: known, target: i, primary: true });
    for (const id of candidate.parentIds) {
      const other = indexOf.get(id);
      if (other !== undefined && other !== known && other < i)
        links.push({ source: other, target: i, primary: false });
    }
  });
  // Siblings grouped by island, then in order of creation: a run's islands stay together under a shared seed.
  const byIsland = (a: Slot, b: Slot) =>
    candidates[a.index].island - candidates[b.index].island || a.index - b.index;
  for (const slot of slots) if (slot.children.length > 1) slot.children.sort(byIsland);
  root.children.sort(byIsland);

  const islandOf = (point: { data: Slot }) => candidates[point.data.index]?.island ?? -1;
  // Failures with no children are most of a run's candidates: they pack closely, like the teeth of a comb.
  const failedLeaf = (point: { data: Slot }) =>
    point.data.index >= 0 && point.data.children.length === 0 && scores[point.data.index] === null;
  const laidOut = tree<Slot>()
    .nodeSize([1, 1])
    // Wider gaps between cousins, and between siblings of different islands, so groups read as groups.
    .separation((a, b) =>
      a.parent !== b.parent
        ? 1.5
        : islandOf(a) !== islandOf(b)
          ? 2
          : failedLeaf(a) && failedLeaf(b)
            ? failedLeafGap
            : 1,
    )(hierarchy(root, (slot) => slot.children));

  const nodes: TreeNode[] = new Array(candidates.length);
  const generations: number[][] = [];
  let minY = 0;
  let maxY = 0;
  let maxX = 0;
  for (const point of laidOut.descendants()) {
    const index = point.data.index;
    if (index < 0) continue;
    const candidate = candidates[index];
    const depth = point.depth - 1;
    // d3.tree lays out top-down: its x is the breadth, its y the depth.
    const node: TreeNode = {
      index,
      id: candidate.id,
      x: depth,
      y: point.x,
      depth,
      parent: parents[index],
      island: candidate.island,
      status: candidate.status,
      score: scores[index],
    };
    nodes[index] = node;
    (generations[depth] ??= []).push(index);
    minY = Math.min(minY, node.y);
    maxY = Math.max(maxY, node.y);
    maxX = Math.max(maxX, node.x);
  }
  for (const generation of generations) generation.sort((a, b) => nodes[a].y - nodes[b].y);

  let best = -1;
  let low = Infinity;
  let high = -Infinity;
  scores.forEach((score, i) => {
    if (score === null) return;
    if (score > high) {
      high = score;
      best = i;
    }
    low = Math.min(low, score);
  });
  const bestPath: number[] = [];
  for (let at = best; at !== -1; at = parents[at]) bestPath.unshift(at);

  return {
    nodes,
    links,
    generations,
    best,
    bestPath,
    scoreExtent: best === -1 ? null : [low, high],
    maxX,
    minY,
    maxY,
  };
}

/** A keyboard step through the tree. */
export type TreeStep = 'parent' | 'child' | 'up' | 'down' | 'best' | 'first';

/**
 * Returns the node reached from `from` by `step`: the primary parent, the
 * first child (top-most), the neighbour above or below in the same
 * generation, the best candidate, or the first candidate. Returns `from`
 * when there is nowhere to go, and the first node (or −1 in an empty tree)
 * when `from` is −1.
 */
export function stepInTree(layout: PopulationLayout, from: number, step: TreeStep): number {
  const { nodes, generations } = layout;
  if (nodes.length === 0) return -1;
  if (step === 'first' || from < 0 || from >= nodes.length) return 0;
  if (step === 'best') return layout.best === -1 ? from : layout.best;
  const node = nodes[from];
  if (step === 'parent') return node.parent === -1 ? from : node.parent;
  const column = generations[node.depth];
  if (step === 'child') {
    const next = generations[node.depth + 1]?.find((i) => nodes[i].parent === from);
    return next ?? from;
  }
  const at = column.indexOf(from);
  const to = step === 'up' ? at - 1 : at + 1;
  return to >= 0 && to < column.length ? column[to] : from;
}
