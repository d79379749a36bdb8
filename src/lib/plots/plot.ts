/**
 * The one frame every SVG figure is drawn in: margins, position scales, axes, an optional clip, and marks. A mark is a
 * pure function from the frame's scales to an SVG fragment in plot-area pixels (contour bands, heatmap cells, lines,
 * points, a path, a label); a figure is a list of marks, so a new kind of picture is a new mark, never a new frame.
 * Options are normalized here once (plotLayout) and errors name the option. Strings, not DOM: the same code renders
 * the static figure at build time and the interactive one in the browser.
 */
import type { ScaleContinuousNumeric } from 'd3';
import { axisBottom, axisLeft, svgOpen, type Margin } from './svg.js';
import { positionScale } from '../scales.js';

export type Scale = ScaleContinuousNumeric<number, number>;

export interface AxisSpec {
  domain: [number, number];
  log?: boolean;
  label?: string;
  format?: (v: number) => string;
  ticks?: number;
  /** Gridlines across the plot area at the ticks. */
  grid?: boolean;
  /** Distance of the axis label from the axis line (px). */
  labelOffset?: number;
  /** Explicit tick positions (a categorical axis: the category indices). */
  values?: number[];
}

/** What a mark draws with: position scales and the plot area, all in plot-area pixels (origin top left). */
export interface Frame {
  width: number;
  height: number;
  margin: Margin;
  inner: { width: number; height: number };
  sx: Scale;
  sy: Scale;
}

/** A layer of the figure: SVG drawn in plot-area coordinates. */
export type Mark = (frame: Frame) => string;

export interface LayoutOptions {
  width: number;
  height: number;
  margin: Margin;
  x: AxisSpec;
  y: AxisSpec;
  /**
   * 'equal': one data unit has the same length in pixels on both axes (a path in parameter space is not bent by the
   * picture). The shorter data range is widened around its centre; no data is cut.
   */
  aspect?: 'free' | 'equal';
}

export interface PlotOptions extends LayoutOptions {
  title: string;
  description: string;
  /** Prefix of the ids inside the SVG: unique per page. */
  idPrefix: string;
  className: string;
  /** Marks clipped to the plot area, drawn in order (first at the bottom). */
  marks: Mark[];
  /** Marks drawn over the axes, not clipped (markers at the edge, labels, legends in the margins). */
  overlays?: Mark[];
  /** Pixels the clip extends beyond the plot area (points on the frame stay whole). */
  clipPad?: number;
}

function checkAxis(name: 'x' | 'y', a: AxisSpec, who: string): void {
  const [lo, hi] = a.domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) throw new Error(`${who}: ${name}.domain must be two finite increasing numbers, got [${a.domain}]`);
  if (a.log && lo <= 0) throw new Error(`${who}: a log ${name} axis needs a positive domain, got [${a.domain}]`);
}

/** Widen the shorter of two linear ranges about its centre so both map to pixels at one scale. */
export function equalAspectDomains(x: [number, number], y: [number, number], inner: { width: number; height: number }): { x: [number, number]; y: [number, number] } {
  const unit = Math.max((x[1] - x[0]) / inner.width, (y[1] - y[0]) / inner.height);
  const widen = ([lo, hi]: [number, number], px: number): [number, number] => {
    const c = (lo + hi) / 2;
    return [c - (unit * px) / 2, c + (unit * px) / 2];
  };
  return { x: widen(x, inner.width), y: widen(y, inner.height) };
}

/** The frame for given options: the plot area and its scales. Pure: also used to map pointer positions to data. */
export function plotLayout({ width, height, margin, x, y, aspect = 'free' }: LayoutOptions, who = 'plot'): Frame {
  checkAxis('x', x, who);
  checkAxis('y', y, who);
  const inner = { width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
  if (inner.width <= 0 || inner.height <= 0) throw new Error(`${who}: width ${width} × height ${height} leaves no plot area inside the margins`);
  let xd = x.domain;
  let yd = y.domain;
  if (aspect === 'equal') {
    if (x.log || y.log) throw new Error(`${who}: aspect 'equal' needs linear axes`);
    ({ x: xd, y: yd } = equalAspectDomains(xd, yd, inner));
  }
  return { width, height, margin, inner, sx: positionScale(xd, [0, inner.width], x.log), sy: positionScale(yd, [inner.height, 0], y.log) };
}

/** A figure: the outer <svg> with its accessible name, axes, the clipped marks and the overlays. */
export function plotSvg(o: PlotOptions): string {
  const f = plotLayout(o, o.className);
  const clipId = `${o.idPrefix}-clip`;
  const pad = o.clipPad ?? 0;
  const axes =
    axisBottom(f.sx, { label: o.x.label, format: o.x.format, ticks: o.x.ticks ?? 6, span: f.inner.height, grid: o.x.grid, labelOffset: o.x.labelOffset, values: o.x.values }) +
    axisLeft(f.sy, { label: o.y.label, format: o.y.format, ticks: o.y.ticks ?? 5, span: f.inner.width, grid: o.y.grid, labelOffset: o.y.labelOffset ?? f.margin.left - 14, values: o.y.values });
  // Gridlines go under the marks (a chart's lines stay on top); without them the axes go over the marks, so a
  // surface that fills the whole area does not hide the axis line.
  const gridded = Boolean(o.x.grid || o.y.grid);
  return [
    svgOpen({ width: o.width, height: o.height, idPrefix: o.idPrefix, title: o.title, description: o.description, className: o.className }),
    `<defs><clipPath id="${clipId}"><rect x="${-pad}" y="${-pad}" width="${f.inner.width + 2 * pad}" height="${f.inner.height + 2 * pad}"/></clipPath></defs>`,
    `<g class="plot-area" transform="translate(${f.margin.left},${f.margin.top})">`,
    gridded ? axes : '',
    `<g class="marks" clip-path="url(#${clipId})">`,
    ...o.marks.map((m) => m(f)),
    '</g>',
    gridded ? '' : axes,
    ...(o.overlays ?? []).map((m) => m(f)),
    '</g></svg>',
  ].join('');
}
