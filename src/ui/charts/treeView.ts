/**
 * Where the population tree sits on its canvas before any zoom: the layout's
 * generations and slots scaled, separately, to fill the canvas, with the
 * spacing capped so a young tree is not blown up.
 */
import type { PopulationLayout } from './treeLayout.ts';

export interface TreeFit {
  /** Pixels per generation. */
  readonly gx: number;
  /** Pixels per slot. */
  readonly gy: number;
  /** Canvas position of generation 0 and slot 0. */
  readonly ox: number;
  readonly oy: number;
}

/** Empty border around the tree, in pixels. */
export const treePadding = 16;
/** Largest spacing of generations and of slots, in pixels. */
export const maxGenerationGap = 90;
export const maxSlotGap = 18;

/** Returns the fit of `layout` into a `width` × `height` canvas, centred where it does not fill it. */
export function fitTree(layout: PopulationLayout, width: number, height: number): TreeFit {
  const innerWidth = Math.max(1, width - 2 * treePadding);
  const innerHeight = Math.max(1, height - 2 * treePadding);
  const generations = layout.maxX;
  const slots = layout.maxY - layout.minY;
  const gx = generations > 0 ? Math.min(maxGenerationGap, innerWidth / generations) : maxGenerationGap;
  const gy = slots > 0 ? Math.min(maxSlotGap, innerHeight / slots) : maxSlotGap;
  return {
    gx,
    gy,
    ox: treePadding + (generations > 0 ? Math.max(0, (innerWidth - generations * gx) / 2) : innerWidth / 2),
    oy: treePadding + (innerHeight - slots * gy) / 2 - layout.minY * gy,
  };
}

/** Node positions on the canvas before zoom, as two flat arrays (x and y of node i). */
export interface TreeScene {
  readonly layout: PopulationLayout;
  readonly fit: TreeFit;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Returns the canvas positions of every node of `layout` under `fit`. */
export function placeTree(layout: PopulationLayout, fit: TreeFit): TreeScene {
  const x = new Float64Array(layout.nodes.length);
  const y = new Float64Array(layout.nodes.length);
  layout.nodes.forEach((node, i) => {
    x[i] = fit.ox + node.x * fit.gx;
    y[i] = fit.oy + node.y * fit.gy;
  });
  return { layout, fit, x, y };
}

/** Returns the node radius in screen pixels at zoom scale `k`: a third of the tighter spacing, within [1.5, 7]. */
export function nodeRadius(fit: TreeFit, k: number): number {
  return Math.min(7, Math.max(1.5, 0.35 * Math.min(fit.gx, fit.gy) * k));
}
