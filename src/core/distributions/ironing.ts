/**
 * Ironing: the ironed virtual value φ̄ from the concave hull of the revenue
 * curve R(q) = q · F⁻¹(1 − q) in quantile space (mechanism-notes §1). Where
 * the hull touches R, φ̄ = R′ = φ; on an interval where R lies below its
 * hull, φ̄ is the constant slope of the hull (the mean of φ over it).
 */
import type { Distribution } from './distribution.ts';
import { virtualValue } from './virtualValue.ts';

/** Returns `value` limited to [lo, hi]. */
function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/**
 * Returns φ̄ at each of the ascending values `xs`, computed from the upper
 * concave hull of the points (q_k, R_k) = (1 − F(x_k), q_k·x_k). At a hull
 * vertex φ̄ is φ(x_k) limited to the slopes of its two hull segments (so it
 * equals φ wherever the hull follows a concave R); strictly under a hull
 * segment φ̄ is that segment's slope. Points with the same quantile (below
 * or above the support, zero-density gaps) share their group's slopes. The
 * result is non-decreasing; the closing running maximum only absorbs
 * rounding where the density nearly vanishes. The table is as fine as `xs`.
 */
export function ironedVirtualValues(dist: Distribution, xs: ArrayLike<number>): Float64Array {
  const count = xs.length;
  const q = new Float64Array(count);
  const revenue = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    q[k] = clamp(1 - dist.cdf(xs[k]), 0, 1);
    revenue[k] = q[k] * xs[k];
  }
  // Representatives: per run of equal q, the point of largest revenue.
  // Walking k downwards visits q in ascending order.
  const representative = new Int32Array(count);
  const points: number[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const last = points.length - 1;
    if (last >= 0 && q[points[last]] === q[k]) {
      if (revenue[k] > revenue[points[last]]) points[last] = k;
    } else {
      points.push(k);
    }
    representative[k] = points.length - 1;
  }
  // Upper concave hull of the representatives (monotone chain).
  const hull: number[] = [];
  for (const c of points) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2];
      const b = hull[hull.length - 1];
      const cross = (q[b] - q[a]) * (revenue[c] - revenue[a]) - (revenue[b] - revenue[a]) * (q[c] - q[a]);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(c);
  }
  const slope = (j: number) => (revenue[hull[j + 1]] - revenue[hull[j]]) / (q[hull[j + 1]] - q[hull[j]]);
  // For each representative: the hull vertex at or before it (in q order).
  const ironed = new Float64Array(count);
  const segmentOf = new Int32Array(points.length);
  const onHull = new Uint8Array(points.length);
  for (let p = 0, j = 0; p < points.length; p++) {
    while (j + 1 < hull.length && q[hull[j + 1]] <= q[points[p]]) j++;
    segmentOf[p] = j;
    onHull[p] = hull[j] === points[p] ? 1 : 0;
  }
  for (let k = 0; k < count; k++) {
    const p = representative[k];
    const j = segmentOf[p];
    if (onHull[p]) {
      const left = j > 0 ? slope(j - 1) : Number.POSITIVE_INFINITY;
      const right = j + 1 < hull.length ? slope(j) : Number.NEGATIVE_INFINITY;
      ironed[k] = clamp(virtualValue(dist, xs[k]), right, left);
    } else {
      ironed[k] = slope(j);
    }
  }
  for (let k = 1; k < count; k++) if (ironed[k] < ironed[k - 1]) ironed[k] = ironed[k - 1];
  return ironed;
}
