import { describe, expect, it } from 'vitest';
import {
  baselineMarks,
  circlesPath,
  crossesPath,
  scoreDomain,
  spreadLabels,
} from '../../../src/ui/charts/curveMarks.ts';
import type { BaselineResult } from '../../../src/core/types.ts';

const baseline = (id: string, score: number): BaselineResult => ({ id, name: id, score, standardError: 0 });

describe('circlesPath', () => {
  it('circlesPath draws each point as two arcs starting left of it', () => {
    expect(circlesPath([[10, 20]], 3)).toBe('M7.0,20.0a3,3 0 1,0 6,0a3,3 0 1,0 -6,0');
    expect(
      circlesPath(
        [
          [1, 1],
          [5, 5],
        ],
        1,
      ).match(/M/g),
    ).toHaveLength(2);
    expect(circlesPath([], 3)).toBe('');
  });
});

describe('crossesPath', () => {
  it('crossesPath draws each point as two diagonal strokes through it', () => {
    expect(crossesPath([[10, 20]], 3)).toBe('M7.0,17.0l6,6M7.0,23.0l6,-6');
    expect(
      crossesPath(
        [
          [1, 1],
          [5, 5],
        ],
        2,
      ).match(/M/g),
    ).toHaveLength(4);
    expect(crossesPath([], 3)).toBe('');
  });
});

describe('spreadLabels', () => {
  it('spreadLabels leaves labels that are far enough apart where they are', () => {
    expect(spreadLabels([100, 10, 50], 12)).toEqual([100, 10, 50]);
  });
  it('spreadLabels centres labels that coincide on their common position, gap apart, in their order', () => {
    expect(spreadLabels([50, 50], 12)).toEqual([44, 56]);
    expect(spreadLabels([50, 50, 50], 10)).toEqual([40, 50, 60]);
  });
  it('spreadLabels pushes a chain of near labels apart and keeps every gap', () => {
    const placed = spreadLabels([10, 14, 18, 100], 12);
    expect(placed[3]).toBe(100);
    expect(placed[1] - placed[0]).toBeCloseTo(12);
    expect(placed[2] - placed[1]).toBeCloseTo(12);
    // Centred: the mean stays where the labels wanted it (14).
    expect((placed[0] + placed[1] + placed[2]) / 3).toBeCloseTo(14);
  });
  it('spreadLabels merges a pushed group into the next one when they then overlap', () => {
    const placed = spreadLabels([0, 0, 0, 20], 10);
    const sorted = [...placed].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(10 - 1e-9);
    expect(placed[3]).toBe(Math.max(...placed));
  });
});

describe('scoreDomain', () => {
  it('scoreDomain spans the scores and the near baselines, padded by 8%', () => {
    const { domain, offScale } = scoreDomain([0.3, 0.4], [baseline('myerson', 0.4167)]);
    expect(offScale).toEqual([]);
    expect(domain[0]).toBeCloseTo(0.3 - 0.1167 * 0.08);
    expect(domain[1]).toBeCloseTo(0.4167 + 0.1167 * 0.08);
  });
  it('scoreDomain leaves a far baseline off the scale', () => {
    const vcg = baseline('vcg', 0);
    const { domain, offScale } = scoreDomain([0.86, 0.9], [vcg, baseline('bc', 0.9)]);
    expect(offScale).toEqual([vcg]);
    expect(domain[0]).toBeGreaterThan(0.8);
  });
  it('scoreDomain of the seed alone keeps the target in view', () => {
    const { domain, offScale } = scoreDomain([0.333], [baseline('myerson', 0.4167)]);
    expect(offScale).toEqual([]);
    expect(domain[1]).toBeGreaterThan(0.4167);
  });
  it('scoreDomain with no scores spans the baselines, and with nothing is [0, 1]', () => {
    const { domain } = scoreDomain([], [baseline('a', 0.2), baseline('b', 0.4)]);
    expect(domain[0]).toBeCloseTo(0.184);
    expect(domain[1]).toBeCloseTo(0.416);
    expect(scoreDomain([], []).domain).toEqual([0, 1]);
  });
  it('scoreDomain ignores scores that are not finite, and pads one score by ±max(5% of it, 0.05)', () => {
    expect(scoreDomain([Number.NaN, 0.5, Infinity], []).domain).toEqual([0.45, 0.55]);
  });
});

describe('baselineMarks', () => {
  const y = (score: number) => 100 - 100 * score;
  it('baselineMarks puts each line at y(score) and its label above it, spread apart when scores coincide', () => {
    const a = baseline('second price', 0.4162);
    const b = baseline('myerson', 0.4162);
    const marks = baselineMarks([a, b], [], y, { left: 0, right: 500 });
    expect(marks.map((m) => m.lineY)).toEqual([y(0.4162), y(0.4162)]);
    expect(marks[1].labelY - marks[0].labelY).toBeCloseTo(12);
    expect(marks.map((m) => m.label)).toEqual(['second price 0.4162', 'myerson 0.4162']);
  });
  it('baselineMarks leaves out baselines off the scale and shortens long names', () => {
    const off = baseline('vcg', 0);
    const long = {
      ...baseline('x', 0.9),
      name: 'Upper bound, not a mechanism: E[max(0, maxᵢ φᵢ(vᵢ | v₋ᵢ))]',
    };
    const marks = baselineMarks([off, long], [off], y, { left: 0, right: 500 });
    expect(marks).toHaveLength(1);
    expect(marks[0].label).toBe('Upper bound, not a mechanism: E[max(0, … 0.9000');
  });
  it('baselineMarks puts a label at the end of the line where it hides fewer points, the right on ties', () => {
    const target = baseline('myerson', 0.5);
    // Label 'myerson 0.5000' is about 94 px wide, just above y = 50.
    const underRight: [number, number][] = [
      [480, 45],
      [470, 42],
    ];
    expect(baselineMarks([target], [], y, { left: 0, right: 500, points: underRight })[0].side).toBe('start');
    const underLeft: [number, number][] = [[10, 45]];
    expect(baselineMarks([target], [], y, { left: 0, right: 500, points: underLeft })[0].side).toBe('end');
    expect(baselineMarks([target], [], y, { left: 0, right: 500 })[0].side).toBe('end');
  });
});
