import { describe, expect, it } from 'vitest';
import { layoutPopulation } from '../../../src/ui/charts/treeLayout.ts';
import {
  fitTree,
  maxGenerationGap,
  maxSlotGap,
  nodeRadius,
  placeTree,
  treePadding,
} from '../../../src/ui/charts/treeView.ts';
import { candidates } from '../candidates.ts';

const chain = (length: number, width: number) =>
  candidates(
    Array.from({ length }, (_, i) => ({
      parents: i === 0 ? [] : [`c${String(i <= width ? 0 : i - width).padStart(4, '0')}`],
      score: i / length,
    })),
  );

describe('fitTree and placeTree', () => {
  it('fitTree fills the canvas with a large tree, to the padding on every side', () => {
    const layout = layoutPopulation(chain(400, 40));
    const scene = placeTree(layout, fitTree(layout, 800, 300));
    const xs = [...scene.x];
    const ys = [...scene.y];
    expect(Math.min(...xs)).toBeCloseTo(treePadding);
    expect(Math.max(...xs)).toBeCloseTo(800 - treePadding);
    expect(Math.min(...ys)).toBeCloseTo(treePadding);
    expect(Math.max(...ys)).toBeCloseTo(300 - treePadding);
  });
  it('fitTree caps the spacing of a small tree and centres it', () => {
    const layout = layoutPopulation(chain(3, 1));
    const fit = fitTree(layout, 1000, 400);
    expect(fit.gx).toBe(maxGenerationGap);
    expect(fit.gy).toBe(maxSlotGap);
    const scene = placeTree(layout, fit);
    expect((scene.x[0] + scene.x[2]) / 2).toBeCloseTo(500);
    expect(scene.y[0]).toBeCloseTo(200);
  });
  it('fitTree centres a lone seed', () => {
    const layout = layoutPopulation(chain(1, 1));
    const scene = placeTree(layout, fitTree(layout, 600, 200));
    expect([scene.x[0], scene.y[0]]).toEqual([300, 100]);
  });
  it('nodeRadius grows with the zoom between 1.5 and 7 pixels', () => {
    const fit = { gx: 10, gy: 4, ox: 0, oy: 0 };
    expect(nodeRadius(fit, 1)).toBe(1.5);
    expect(nodeRadius(fit, 4)).toBeCloseTo(5.6);
    expect(nodeRadius(fit, 40)).toBe(7);
  });
});
