/**
 * The frame shared by x–y charts (lines, scatter, histograms): margins, position scales, axes with gridlines, the
 * outer <svg>. A chart renders its marks between `open` and `close`, in plot-area pixels.
 */
import type { ScaleContinuousNumeric } from 'd3';
import { axisBottom, axisLeft, svgOpen, type Margin } from './svg.js';
import { positionScale } from '../scales.js';

export interface AxisSpec {
  domain: [number, number];
  log?: boolean;
  label?: string;
  format?: (v: number) => string;
  ticks?: number;
}

export interface XYFrameOptions {
  width: number;
  height: number;
  margin?: Partial<Margin>;
  x: AxisSpec;
  y: AxisSpec;
  title: string;
  description: string;
  idPrefix: string;
  className: string;
}

export interface XYFrame {
  open: string;
  close: string;
  sx: ScaleContinuousNumeric<number, number>;
  sy: ScaleContinuousNumeric<number, number>;
  inner: { width: number; height: number };
  margin: Margin;
}

export const XY_MARGIN: Margin = { top: 14, right: 16, bottom: 44, left: 58 };

export function xyFrame({ width, height, margin: m = {}, x, y, title, description, idPrefix, className }: XYFrameOptions): XYFrame {
  const margin = { ...XY_MARGIN, ...m };
  const inner = { width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
  if (x.log && x.domain[0] <= 0) throw new Error(`${className}: a log x axis needs a positive domain, got [${x.domain}]`);
  if (y.log && y.domain[0] <= 0) throw new Error(`${className}: a log y axis needs a positive domain, got [${y.domain}]`);
  const sx = positionScale(x.domain, [0, inner.width], x.log);
  const sy = positionScale(y.domain, [inner.height, 0], y.log);
  const clipId = `${idPrefix}-clip`;
  const open = [
    svgOpen({ width, height, idPrefix, title, description, className }),
    `<defs><clipPath id="${clipId}"><rect x="-4" y="-4" width="${inner.width + 8}" height="${inner.height + 8}"/></clipPath></defs>`,
    `<g class="plot-area" transform="translate(${margin.left},${margin.top})">`,
    axisBottom(sx, { label: x.label, format: x.format, ticks: x.ticks ?? 6, span: inner.height, grid: true }),
    axisLeft(sy, { label: y.label, format: y.format, ticks: y.ticks ?? 5, span: inner.width, grid: true, labelOffset: margin.left - 14 }),
    `<g class="marks" clip-path="url(#${clipId})">`,
  ].join('');
  return { open, close: '</g></g></svg>', sx, sy, inner, margin };
}

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
