/**
 * A scatter plot: one point per run (sharpness vs test error, the paper's Table/Figure on batch size), colored and
 * shaped by group, labelled on hover (<title>) and, optionally, in text.
 */
import { XY_MARGIN, paddedExtent } from './frame.js';
import { plotSvg } from './plot.js';
import { dotMark } from './marks/series.js';
import { legendRows, seriesLegendMark } from './legend.js';
import { SERIES_COLORS } from '../scales.js';

export interface ScatterPoint {
  x: number;
  y: number;
  label?: string;
  group?: string;
}

export interface ScatterOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  xDomain?: [number, number];
  yDomain?: [number, number];
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  /** Print each point's label next to it (few points only). */
  showLabels?: boolean;
  title?: string;
  description?: string;
  idPrefix?: string;
}

export function scatterSvg(points: ScatterPoint[], options: ScatterOptions = {}): string {
  const {
    width = 560, height = 380, xLabel = '', yLabel = '', xScale = 'linear', yScale = 'linear', xFormat, yFormat,
    showLabels = false, title = 'Scatter plot', description = '', idPrefix = 'scatter',
  } = options;
  const shown = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (xScale !== 'log' || p.x > 0) && (yScale !== 'log' || p.y > 0));
  if (shown.length === 0) throw new Error('scatterSvg: no point with finite coordinates to draw');
  // Groups in natural order ("batch size 64" before "batch size 2048"), whatever the order of the runs.
  const groups = [...new Set(shown.map((p) => p.group ?? ''))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const colorOf = (g: string | undefined) => SERIES_COLORS[groups.indexOf(g ?? '') % SERIES_COLORS.length];
  return plotSvg({
    width, height, margin: { ...XY_MARGIN, top: 14 + (groups.length > 1 ? 16 * legendRows(groups.length) : 0) }, idPrefix, title, description, className: 'scatter-plot', clipPad: 6,
    x: { domain: options.xDomain ?? paddedExtent([shown.map((p) => p.x)], 0.08, { positive: xScale === 'log' }), log: xScale === 'log', label: xLabel, format: xFormat, grid: true },
    y: { domain: options.yDomain ?? paddedExtent([shown.map((p) => p.y)], 0.08, { positive: yScale === 'log' }), log: yScale === 'log', label: yLabel, format: yFormat, grid: true },
    marks: [dotMark(shown.map((p) => ({ x: p.x, y: p.y, color: colorOf(p.group), label: p.label })), { showLabels })],
    overlays: groups.length > 1 ? [seriesLegendMark(groups.map((g) => ({ name: g, color: colorOf(g), marker: true })))] : [],
  });
}
