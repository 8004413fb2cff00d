/** The plot area of a chart, in pixels: the rectangle the data and the grid fill. */
export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The room the score charts leave around their plot area for tick labels and axis titles. */
export const curveMargin = { top: 12, right: 16, bottom: 34, left: 56 } as const;

/** Returns the plot area of a score chart `width` wide whose plot ends `bottomGap` pixels above the margin. */
export function curveArea(width: number, height: number, bottomGap = 0): PlotArea {
  return {
    left: curveMargin.left,
    right: width - curveMargin.right,
    top: curveMargin.top,
    bottom: height - curveMargin.bottom - bottomGap,
  };
}
