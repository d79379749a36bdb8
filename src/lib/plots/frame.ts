/** Defaults and helpers of x–y charts (lines, scatter, histograms) drawn in the one frame of plot.ts. */
import type { Margin } from './svg.js';

export const XY_MARGIN: Margin = { top: 14, right: 16, bottom: 44, left: 58 };

/** Extent of several arrays' finite values, padded by a fraction of its span (so marks do not sit on the frame). */
export function paddedExtent(arrays: Array<ArrayLike<number | null>>, pad = 0.04, { positive = false } = {}): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays)
    for (let k = 0; k < a.length; k++) {
      const v = a[k];
      if (v === null || !Number.isFinite(v) || (positive && v <= 0)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (lo > hi) return [0, 1];
  if (lo === hi) return positive ? [lo / 2, hi * 2] : [lo - 1, hi + 1];
  if (positive) {
    const f = Math.pow(hi / lo, pad);
    return [lo / f, hi * f];
  }
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}
