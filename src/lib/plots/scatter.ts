/**
 * A scatter plot: one point per run (sharpness vs test error, the paper's Table/Figure on batch size), colored and
 * shaped by group, labelled on hover (<title>) and, optionally, in text.
 */
import { xyFrame, paddedExtent } from './frame.js';
import { escapeXml, r, seriesLegend } from './svg.js';
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
  const legendRows = groups.length > 1 ? Math.ceil(groups.length / 4) : 0;
  const f = xyFrame({
    width, height, margin: { top: 14 + 16 * legendRows }, idPrefix, title, description, className: 'scatter-plot',
    x: { domain: options.xDomain ?? paddedExtent([shown.map((p) => p.x)], 0.08, { positive: xScale === 'log' }), log: xScale === 'log', label: xLabel, format: xFormat },
    y: { domain: options.yDomain ?? paddedExtent([shown.map((p) => p.y)], 0.08, { positive: yScale === 'log' }), log: yScale === 'log', label: yLabel, format: yFormat },
  });
  const parts = [f.open];
  for (const p of shown) {
    const cx = r(f.sx(p.x));
    const cy = r(f.sy(p.y));
    parts.push(`<circle class="point" cx="${cx}" cy="${cy}" r="5" fill="${colorOf(p.group)}" stroke="white" stroke-width="1">${p.label ? `<title>${escapeXml(p.label)}</title>` : ''}</circle>`);
    if (showLabels && p.label) parts.push(`<text x="${cx + 7}" y="${cy}" dy="0.32em" font-size="10" fill="currentColor">${escapeXml(p.label)}</text>`);
  }
  parts.push('</g>');
  if (legendRows) parts.push(seriesLegend(groups.map((g) => ({ name: g, color: colorOf(g), marker: true })), { y: -12 - 16 * (legendRows - 1) }));
  parts.push('</g></svg>');
  return parts.join('');
}
