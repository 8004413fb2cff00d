/**
 * Geometry for the score charts: many circles as one SVG path, baseline
 * labels pushed apart so they never overlap, and the score axis's range
 * chosen so a far-off baseline does not flatten the candidates.
 */
import type { BaselineResult } from '../../core/types.ts';

/**
 * Returns an SVG path of circles of radius `r` at `points` (screen
 * coordinates), two arcs each: one path element draws a thousand points as
 * fast as one.
 */
export function circlesPath(points: Iterable<readonly [number, number]>, r: number): string {
  const parts: string[] = [];
  for (const [x, y] of points) {
    parts.push(
      `M${(x - r).toFixed(1)},${y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`,
    );
  }
  return parts.join('');
}

/**
 * Returns an SVG path of crosses (×) of half-width `r` at `points`, two
 * strokes each: the mark of a screened-out candidate, drawn at its
 * first-stage score, so it reads apart from scored candidates (filled
 * circles) and failures (hollow circles on the strip below the plot).
 */
export function crossesPath(points: Iterable<readonly [number, number]>, r: number): string {
  const parts: string[] = [];
  for (const [x, y] of points) {
    const [left, top] = [(x - r).toFixed(1), (y - r).toFixed(1)];
    parts.push(`M${left},${top}l${2 * r},${2 * r}M${left},${(y + r).toFixed(1)}l${2 * r},${-2 * r}`);
  }
  return parts.join('');
}

/**
 * Returns label positions near `wanted` (any order) that are at least `gap`
 * apart and keep their order, each group of touching labels centred where
 * its labels want to be on average (least squares). Packs left to right
 * over the sorted positions, merging a group into the one before while they
 * overlap.
 */
export function spreadLabels(wanted: readonly number[], gap: number): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a] - wanted[b] || a - b);
  // Each group: its first label in `order`, its size, and Σ (wanted − gap × place in group); top = sum / count.
  const groups: { start: number; count: number; sum: number }[] = [];
  const top = (g: { count: number; sum: number }) => g.sum / g.count;
  order.forEach((index, k) => {
    groups.push({ start: k, count: 1, sum: wanted[index] });
    while (groups.length > 1) {
      const last = groups[groups.length - 1];
      const before = groups[groups.length - 2];
      if (top(last) - (top(before) + (before.count - 1) * gap) >= gap) break;
      groups.splice(groups.length - 2, 2, {
        start: before.start,
        count: before.count + last.count,
        sum: before.sum + last.sum - gap * before.count * last.count,
      });
    }
  });
  const placed = new Array<number>(wanted.length);
  for (const group of groups) {
    for (let j = 0; j < group.count; j++) placed[order[group.start + j]] = top(group) + j * gap;
  }
  return placed;
}

export interface ScoreDomain {
  /** Lowest and highest score the axis shows, padded. */
  readonly domain: readonly [number, number];
  /** Baselines left off the axis because they are far from every candidate. */
  readonly offScale: readonly BaselineResult[];
}

/**
 * Returns the score axis's range: the candidates' scores, and every baseline
 * within three times max(their spread, a tenth of their level) of them, so
 * the target a search aims for is in view but a baseline far below (e.g.
 * "no redistribution" at 0 beside candidates near 0.9) does not flatten the
 * curve. With no scores yet, the baselines alone. Padded by 8% of the span
 * (a single value by ±max(5% of it, 0.05)).
 */
export function scoreDomain(scores: readonly number[], baselines: readonly BaselineResult[]): ScoreDomain {
  let low = Infinity;
  let high = -Infinity;
  for (const s of scores) {
    if (!Number.isFinite(s)) continue;
    low = Math.min(low, s);
    high = Math.max(high, s);
  }
  const offScale: BaselineResult[] = [];
  if (low <= high) {
    const reach = 3 * Math.max(high - low, 0.1 * Math.abs((low + high) / 2), 1e-3);
    const [coreLow, coreHigh] = [low, high];
    for (const b of baselines) {
      if (!Number.isFinite(b.score)) continue;
      if (b.score < coreLow - reach || b.score > coreHigh + reach) offScale.push(b);
      else {
        low = Math.min(low, b.score);
        high = Math.max(high, b.score);
      }
    }
  } else {
    for (const b of baselines) {
      if (!Number.isFinite(b.score)) continue;
      low = Math.min(low, b.score);
      high = Math.max(high, b.score);
    }
  }
  if (!(low <= high)) return { domain: [0, 1], offScale };
  const pad = high > low ? (high - low) * 0.08 : Math.max(Math.abs(high) * 0.05, 0.05);
  return { domain: [low - pad, high + pad], offScale };
}

/** A baseline as a chart draws it: its line's height and its label's, in pixels. */
export interface BaselineMark {
  readonly baseline: BaselineResult;
  readonly lineY: number;
  readonly labelY: number;
  /** The label's text, the name shortened to `maxLabelCharacters`. */
  readonly label: string;
  /** Which end of the line the label sits at. */
  readonly side: 'start' | 'end';
}

/** Size of a baseline label's font, and its average glyph width (in ems): enough to size it without measuring. */
export const labelFontSize = 11;
const glyphWidth = 0.56;

/** Returns the width in pixels of a label of `text`, its backdrop's padding included. */
export function labelWidth(text: string): number {
  return text.length * glyphWidth * labelFontSize + 8;
}

/** Longest baseline name a label shows whole; longer ones are cut with an ellipsis (the full name is its tooltip). */
export const maxLabelCharacters = 40;

/**
 * Returns the marks of the baselines not in `offScale`, each line at
 * y(score) and its label just above it, labels spread `gap` pixels apart,
 * each label at the end of the plot (`left` … `right`) where it hides fewer
 * of `points` — the right end on ties.
 */
export function baselineMarks(
  baselines: readonly BaselineResult[],
  offScale: readonly BaselineResult[],
  y: (score: number) => number,
  plot: {
    readonly left: number;
    readonly right: number;
    readonly points?: readonly (readonly [number, number])[];
  },
  gap = 12,
): BaselineMark[] {
  const shown = baselines.filter((b) => !offScale.includes(b) && Number.isFinite(b.score));
  const labelY = spreadLabels(
    shown.map((b) => y(b.score) - 4),
    gap,
  );
  return shown.map((baseline, i) => {
    const name =
      baseline.name.length > maxLabelCharacters
        ? `${baseline.name.slice(0, maxLabelCharacters - 1)}…`
        : baseline.name;
    const label = `${name} ${baseline.score.toFixed(4)}`;
    const width = labelWidth(label);
    const top = labelY[i] - labelFontSize;
    const bottom = labelY[i] + 4;
    const hidden = (x0: number, x1: number) => {
      let count = 0;
      for (const [x, py] of plot.points ?? []) if (x >= x0 && x <= x1 && py >= top && py <= bottom) count++;
      return count;
    };
    const side =
      hidden(plot.left, plot.left + width) < hidden(plot.right - width, plot.right) ? 'start' : 'end';
    return { baseline, lineY: y(baseline.score), labelY: labelY[i], label, side };
  });
}
