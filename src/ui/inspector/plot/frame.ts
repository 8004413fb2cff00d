/**
 * The frame every mechanism plot shares: a wrapped title and a legend at
 * the top, then the plotting area with room for axes and their labels. All
 * inside one SVG, so an exported image carries its own title and legend.
 */
import { schemeTableau10 } from 'd3';
import type { PlotArea } from '../../charts/curveArea.ts';

/** Pixels per title line and per legend row. */
export const titleLine = 17;
export const legendRow = 17;
/** Space around the plotting area (left: tick labels and the y label; bottom: the same for x). */
export const plotMargin = { top: 10, right: 22, bottom: 44, left: 62 } as const;
/** Average glyph width of the title font, for wrapping (12 px system sans-serif). */
const glyphWidth = 6.6;

/** Colours of series and categories: d3's Tableau 10, readable on light and dark backgrounds. */
export const plotColors: readonly string[] = schemeTableau10;
/** Dash patterns, so series differ without colour too. */
export const plotDashes: readonly string[] = ['', '7 4', '2 3', '10 3 2 3', '4 2'];

/** Returns `text` broken at spaces into lines of at most `width` pixels (a long word keeps its own line). */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(10, Math.floor(width / glyphWidth));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A legend entry: a line sample (with its dash) for series, a filled square for categories. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly dash?: string;
  readonly swatch?: boolean;
}

/** A slider that steps the readout through `count` positions along one axis. */
export interface PlotReader {
  readonly label: string;
  readonly count: number;
  /** The position shown now. */
  readonly index: number;
  set(index: number): void;
}

/** How a plot is read: its sliders, the readout they show, and what the pointer does over the plotting area. */
export interface PlotReading {
  readonly readers: readonly PlotReader[];
  readonly text: string;
  /** Moves the readout to the pointer, given in SVG coordinates. */
  point(px: number, py: number): void;
  clear(): void;
}

/** The whole drawing; its left, right, top and bottom are the plotting area's, in pixels. */
export interface PlotFrame extends PlotArea {
  readonly width: number;
  readonly height: number;
  readonly titleLines: readonly string[];
  /** Top of the legend's first row. */
  readonly legendTop: number;
}

/** Returns the frame of a plot `width` wide with a plotting area `plotHeight` high and `legendItems` legend rows. */
export function plotFrame(width: number, plotHeight: number, title: string, legendItems: number): PlotFrame {
  const titleLines = wrapText(title, width - 8);
  const legendTop = titleLines.length * titleLine + 6;
  const top = legendTop + legendItems * legendRow + plotMargin.top;
  const bottom = top + plotHeight;
  return {
    width,
    height: bottom + plotMargin.bottom,
    titleLines,
    legendTop,
    left: plotMargin.left,
    right: width - plotMargin.right,
    top,
    bottom,
  };
}

/** Returns the index of the point in `xs` (sorted ascending) nearest to `x`. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(xs[lo - 1] - x) <= Math.abs(xs[lo] - x) ? lo - 1 : lo;
}

/** Returns a number for a readout: 4 significant digits, no trailing zeros. */
export function readout(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : '—';
}
