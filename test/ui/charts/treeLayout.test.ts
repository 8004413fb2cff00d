import { describe, expect, it } from 'vitest';
import {
  failedLeafGap,
  layoutPopulation,
  primaryParent,
  stepInTree,
} from '../../../src/ui/charts/treeLayout.ts';
import { candidates } from '../candidates.ts';

// c0000 seed ─┬─ c0001 (island 0, 0.3) ── c0003 (0.5, from c0001 and c0002) ── c0005 (0.6, best)
//             ├─ c0002 (island 1, 0.4) ── c0004 (runtime-error)
//             └─ c0006 (island 1, repair of c0004 → hangs from c0004)
const run = candidates([
  { score: 0.2 },
  { parents: ['c0000'], score: 0.3 },
  { parents: ['c0000'], island: 1, score: 0.4 },
  { parents: ['c0002', 'c0001'], score: 0.5, operator: 'funsearch' },
  { parents: ['c0002'], island: 1, score: 'runtime-error' },
  { parents: ['c0003'], score: 0.6 },
  { parents: ['c0004'], island: 1, operator: 'repair', score: 0.35 },
]);

describe('primaryParent', () => {
  const indexOf = new Map(run.map((c, i) => [c.id, i]));
  const scores = run.map((c) => c.score);
  it('primaryParent picks the best-scoring parent', () => {
    expect(primaryParent(run[3], indexOf, scores)).toBe(2);
  });
  it('primaryParent of a repair is the failed candidate it repairs', () => {
    expect(primaryParent(run[6], indexOf, scores)).toBe(4);
  });
  it('primaryParent of a seed, or of a candidate whose parents are unknown, is −1', () => {
    expect(primaryParent(run[0], indexOf, scores)).toBe(-1);
    expect(primaryParent({ ...run[1], parentIds: ['c9999'] }, indexOf, scores)).toBe(-1);
  });
});

describe('layoutPopulation', () => {
  const layout = layoutPopulation(run);

  it('layoutPopulation gives every candidate one node, in the candidates’ order', () => {
    expect(layout.nodes.map((n) => n.id)).toEqual(run.map((c) => c.id));
    expect(layout.nodes.map((n) => n.parent)).toEqual([-1, 0, 0, 2, 2, 3, 4]);
  });

  it('layoutPopulation places each node one generation right of its primary parent', () => {
    expect(layout.nodes.map((n) => n.x)).toEqual([0, 1, 1, 2, 2, 3, 3]);
    expect(layout.generations.map((g) => g.length)).toEqual([1, 2, 2, 2]);
  });

  it('layoutPopulation links every parent: primary links form the tree, the others are secondary', () => {
    expect(layout.links.filter((l) => l.primary)).toHaveLength(6);
    expect(layout.links.filter((l) => !l.primary)).toEqual([{ source: 1, target: 3, primary: false }]);
  });

  it('layoutPopulation finds the best candidate and the lineage that leads to it', () => {
    expect(layout.best).toBe(5);
    expect(layout.bestPath.map((i) => run[i].id)).toEqual(['c0000', 'c0002', 'c0003', 'c0005']);
    expect(layout.scoreExtent).toEqual([0.2, 0.6]);
  });

  it('layoutPopulation keeps nodes of one generation apart and islands grouped', () => {
    for (const generation of layout.generations) {
      const ys = generation.map((i) => layout.nodes[i].y);
      for (let j = 1; j < ys.length; j++) expect(ys[j] - ys[j - 1]).toBeGreaterThanOrEqual(1);
    }
    // Island 0's child of the seed sits above island 1's.
    expect(layout.nodes[1].y).toBeLessThan(layout.nodes[2].y);
  });

  it('layoutPopulation packs failed siblings without children closer than the others', () => {
    const comb = layoutPopulation(
      candidates([
        { score: 0.2 },
        { parents: ['c0000'], score: 'timeout' },
        { parents: ['c0000'], score: 'parse-error' },
        { parents: ['c0000'], score: 0.3 },
        { parents: ['c0000'], score: 0.4 },
      ]),
    );
    const y = comb.nodes.map((n) => n.y);
    expect(y[2] - y[1]).toBeCloseTo(failedLeafGap);
    expect(y[3] - y[2]).toBeCloseTo(1);
    expect(y[4] - y[3]).toBeCloseTo(1);
  });

  it('layoutPopulation leaves failures without a score', () => {
    expect(layout.nodes[4]).toMatchObject({ status: 'runtime-error', score: null });
  });

  it('layoutPopulation gives the same layout for the same candidates', () => {
    expect(layoutPopulation(run)).toEqual(layout);
  });

  it('layoutPopulation of no candidates is empty, with no best', () => {
    const empty = layoutPopulation([]);
    expect(empty.nodes).toEqual([]);
    expect(empty.best).toBe(-1);
    expect(empty.bestPath).toEqual([]);
    expect(empty.scoreExtent).toBeNull();
  });

  it('layoutPopulation lays out a thousand candidates with every node placed', () => {
    const big = candidates(
      Array.from({ length: 1000 }, (_, i) => ({
        parents: i === 0 ? [] : [`c${String(Math.floor(i / 3)).padStart(4, '0')}`],
        island: i % 4,
        score: i % 7 === 0 ? ('timeout' as const) : i / 1000,
      })),
    );
    const layout = layoutPopulation(big);
    expect(layout.nodes.filter(Boolean)).toHaveLength(1000);
    expect(layout.links).toHaveLength(999);
    expect(layout.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y))).toBe(true);
    expect(big[layout.best].id).toBe('c0999');
  });
});

describe('stepInTree', () => {
  const layout = layoutPopulation(run);
  it('stepInTree walks to the parent, the first child and the neighbours in a generation', () => {
    expect(stepInTree(layout, 3, 'parent')).toBe(2);
    expect(stepInTree(layout, 0, 'child')).toBe(1);
    expect(stepInTree(layout, 1, 'down')).toBe(2);
    expect(stepInTree(layout, 2, 'up')).toBe(1);
  });
  it('stepInTree stays put where there is nowhere to go', () => {
    expect(stepInTree(layout, 0, 'parent')).toBe(0);
    expect(stepInTree(layout, 5, 'child')).toBe(5);
    expect(stepInTree(layout, 1, 'up')).toBe(1);
  });
  it('stepInTree jumps to the best and to the first candidate, and starts at the first from nowhere', () => {
    expect(stepInTree(layout, 1, 'best')).toBe(5);
    expect(stepInTree(layout, 5, 'first')).toBe(0);
    expect(stepInTree(layout, -1, 'child')).toBe(0);
    expect(stepInTree(layoutPopulation([]), -1, 'best')).toBe(-1);
  });
});
