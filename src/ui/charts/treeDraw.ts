/**
 * Draws the population tree on a 2D canvas: links coloured by island,
 * nodes coloured by score (failures hollow), the path to the best candidate
 * on top, and rings for the selected, hovered and keyboard nodes. Marks of
 * one colour go into one path, so a thousand nodes cost a few dozen fills.
 */
import type { ZoomTransform } from 'd3';
import { islandColour, scoreBucket, scoreBuckets, scoreColour } from './palette.ts';
import { nodeRadius, type TreeScene } from './treeView.ts';

/** The theme's colours, read from the page's CSS variables. */
export interface TreeColours {
  readonly accent: string;
  readonly text: string;
  readonly muted: string;
  readonly bad: string;
  readonly surface: string;
}

/** Nodes to ring; −1 for none. */
export interface TreeMarks {
  readonly selected: number;
  readonly hovered: number;
  /** The keyboard's position. */
  readonly cursor: number;
}

export interface CanvasSize {
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
}

/** Zoom scale from which candidate ids are written beside their nodes. */
const labelRadius = 5;
/** At most this many labels, so a zoomed-in frame stays cheap. */
const maxLabels = 400;

/** Draws `scene` under zoom `t` on `context`, whose canvas is `size` CSS pixels at `size.pixelRatio`. */
export function drawTree(
  context: CanvasRenderingContext2D,
  scene: TreeScene,
  t: ZoomTransform,
  size: CanvasSize,
  colours: TreeColours,
  marks: TreeMarks,
): void {
  const { layout } = scene;
  const { nodes } = layout;
  context.setTransform(size.pixelRatio, 0, 0, size.pixelRatio, 0, 0);
  context.clearRect(0, 0, size.width, size.height);
  const sx = new Float64Array(nodes.length);
  const sy = new Float64Array(nodes.length);
  const visible = new Uint8Array(nodes.length);
  const r = nodeRadius(scene.fit, t.k);
  const margin = 20;
  for (let i = 0; i < nodes.length; i++) {
    sx[i] = t.x + t.k * scene.x[i];
    sy[i] = t.y + t.k * scene.y[i];
    visible[i] =
      sx[i] > -margin && sx[i] < size.width + margin && sy[i] > -margin && sy[i] < size.height + margin
        ? 1
        : 0;
  }
  const link = (source: number, target: number) => {
    if (!visible[source] && !visible[target]) return;
    const mid = (sx[source] + sx[target]) / 2;
    context.moveTo(sx[source], sy[source]);
    context.bezierCurveTo(mid, sy[source], mid, sy[target], sx[target], sy[target]);
  };

  // Second parents: faint, so the tree's shape stays readable.
  context.globalAlpha = 0.15;
  context.lineWidth = 1;
  context.setLineDash([3, 3]);
  context.strokeStyle = colours.muted;
  context.beginPath();
  for (const l of layout.links) if (!l.primary) link(l.source, l.target);
  context.stroke();
  context.setLineDash([]);

  // Primary links, one path per island.
  context.globalAlpha = 0.55;
  const islands = new Map<number, number[]>();
  for (const l of layout.links) {
    if (!l.primary) continue;
    const island = nodes[l.target].island;
    let list = islands.get(island);
    if (!list) islands.set(island, (list = []));
    list.push(l.source, l.target);
  }
  for (const [island, ends] of islands) {
    context.strokeStyle = islandColour(island);
    context.beginPath();
    for (let j = 0; j < ends.length; j += 2) link(ends[j], ends[j + 1]);
    context.stroke();
  }
  context.globalAlpha = 1;

  // The lineage of the best candidate.
  const path = layout.bestPath;
  if (path.length > 1) {
    context.strokeStyle = colours.accent;
    context.lineWidth = 3;
    context.beginPath();
    for (let j = 1; j < path.length; j++) link(path[j - 1], path[j]);
    context.stroke();
  }

  // Scored nodes, batched by colour; failures hollow (red for errors, grey for duplicates).
  const colour = scoreColour(layout.scoreExtent);
  const buckets: number[][] = Array.from({ length: scoreBuckets }, () => []);
  const errors: number[] = [];
  const duplicates: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (!visible[i]) continue;
    const node = nodes[i];
    if (node.score !== null) buckets[scoreBucket(node.score, layout.scoreExtent)].push(i);
    else (node.status === 'duplicate' || node.status === 'screened-out' ? duplicates : errors).push(i);
  }
  const circles = (indices: readonly number[], radius: number) => {
    context.beginPath();
    for (const i of indices) {
      context.moveTo(sx[i] + radius, sy[i]);
      context.arc(sx[i], sy[i], radius, 0, 2 * Math.PI);
    }
  };
  const extent = layout.scoreExtent;
  context.lineWidth = 0.75;
  context.strokeStyle = 'rgb(0 0 0 / 0.35)';
  buckets.forEach((indices, b) => {
    if (indices.length === 0) return;
    // The bucket's middle score, so each bucket draws in one colour.
    context.fillStyle = extent
      ? colour(extent[0] + ((b + 0.5) / scoreBuckets) * (extent[1] - extent[0]))
      : colour(0);
    circles(indices, r);
    context.fill();
    if (r >= 3) context.stroke();
  });
  context.lineWidth = Math.min(2, Math.max(1, r / 3));
  context.fillStyle = colours.surface;
  for (const [indices, stroke] of [
    [errors, colours.bad],
    [duplicates, colours.muted],
  ] as const) {
    if (indices.length === 0) continue;
    context.strokeStyle = stroke;
    circles(indices, r);
    context.fill();
    context.stroke();
  }

  const ring = (i: number, radius: number, stroke: string, width: number, dash: number[] = []) => {
    if (i < 0 || i >= nodes.length) return;
    context.setLineDash(dash);
    context.strokeStyle = stroke;
    context.lineWidth = width;
    circles([i], radius);
    context.stroke();
    context.setLineDash([]);
  };
  ring(layout.best, r + 3, colours.accent, 2.5);
  ring(marks.hovered, r + 3, colours.accent, 1.5);
  ring(marks.cursor, r + 6, colours.text, 1.5, [3, 2]);
  ring(marks.selected, r + 4, colours.text, 2.5);

  if (r >= labelRadius) {
    context.fillStyle = colours.text;
    context.font = '11px system-ui, sans-serif';
    context.textBaseline = 'middle';
    let labels = 0;
    for (let i = 0; i < nodes.length && labels < maxLabels; i++) {
      if (!visible[i]) continue;
      context.fillText(nodes[i].id, sx[i] + r + 3, sy[i] - r - 2);
      labels++;
    }
  }
}
