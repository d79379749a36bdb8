/**
 * Histograms as SVG strings (weight values, filter norms): one or more series drawn as outlined steps over shared
 * bins, filled translucently, so overlaid distributions (small vs large batch) stay readable.
 */
import { XY_MARGIN, paddedExtent } from './frame.js';
import { plotSvg } from './plot.js';
import { stepMark } from './marks/series.js';
import { legendRows, seriesLegendMark } from './legend.js';
import { SERIES_COLORS } from '../scales.js';

export interface HistogramSeries {
  name: string;
  /** counts.length + 1 increasing bin edges. */
  edges: number[];
  counts: number[];
}

export interface HistogramOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Divide counts by total × bin width, so series of different sizes compare. */
  density?: boolean;
  title?: string;
  description?: string;
  idPrefix?: string;
}

export function checkHistogram(h: HistogramSeries): void {
  if (h.edges.length !== h.counts.length + 1) throw new Error(`histogramSvg: "${h.name}" has ${h.counts.length} counts but ${h.edges.length} edges (need counts + 1)`);
  for (let k = 1; k < h.edges.length; k++) if (!(h.edges[k] > h.edges[k - 1])) throw new Error(`histogramSvg: "${h.name}" edges must increase (edge ${k})`);
}

/** Bar heights: counts, or densities that integrate to 1. */
export function histogramHeights(h: HistogramSeries, density: boolean): number[] {
  if (!density) return h.counts;
  const total = h.counts.reduce((a, b) => a + b, 0) || 1;
  return h.counts.map((c, k) => c / (total * (h.edges[k + 1] - h.edges[k])));
}

export function histogramSvg(series: HistogramSeries[], options: HistogramOptions = {}): string {
  const { width = 560, height = 320, xLabel = 'value', density = false, title = 'Histogram', description = '', idPrefix = 'histogram' } = options;
  const { yLabel = density ? 'density' : 'count' } = options;
  if (series.length === 0) throw new Error('histogramSvg: no series given');
  series.forEach(checkHistogram);
  const heights = series.map((s) => histogramHeights(s, density));
  const many = series.length > 1;
  return plotSvg({
    width, height, margin: { ...XY_MARGIN, top: 14 + (many ? 16 * legendRows(series.length) : 0) }, idPrefix, title, description, className: 'histogram-plot', clipPad: 4,
    x: { domain: paddedExtent(series.map((s) => s.edges), 0), label: xLabel, grid: true },
    y: { domain: [0, paddedExtent(heights, 0.05)[1]], label: yLabel, grid: true },
    marks: series.map((s, k) => stepMark(s.edges, heights[k], { name: s.name, color: SERIES_COLORS[k % SERIES_COLORS.length] })),
    overlays: many ? [seriesLegendMark(series.map((s, k) => ({ name: s.name, color: SERIES_COLORS[k % SERIES_COLORS.length] })))] : [],
  });
}
