/**
 * Line charts of 1D curves as SVG strings: loss or accuracy along α, one line per series (train solid, test dashed),
 * missing values break the line, vertical marks at named positions (α = 0 and α = 1: the two interpolated solutions),
 * and optionally a translucent band per series (the spread of several curves around their mean: src/lib/plots/band.ts).
 */
import { line as d3line } from 'd3';
import { xyFrame, paddedExtent } from './frame.js';
import { bandAreaD } from './band.js';
import { escapeXml, r, seriesLegend } from './svg.js';
import { SERIES_COLORS } from '../scales.js';
import { formatPercent } from '../format.js';
import type { MetricName } from '../schema.js';

export interface Series {
  name: string;
  x: number[];
  y: Array<number | null>;
  color?: string;
  dash?: string;
  /** Lower and upper bound at each x, drawn as a translucent area under the line (same length as x). */
  band?: { lo: Array<number | null>; hi: Array<number | null> };
}

export interface LineChartOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  yScale?: 'linear' | 'log';
  /** Share between compared panels. Defaults to the padded range of all series. */
  yDomain?: [number, number];
  xDomain?: [number, number];
  yFormat?: (v: number) => string;
  /** Vertical rules with a label, e.g. [{x: 0, label: 'θ₁'}, {x: 1, label: 'θ₂'}]. */
  marks?: Array<{ x: number; label: string }>;
  title?: string;
  description?: string;
  idPrefix?: string;
}

export function lineChartSvg(series: Series[], options: LineChartOptions = {}): string {
  const {
    width = 560, height = 320, xLabel = 'α', yLabel = '', yScale = 'linear', yFormat, marks = [],
    title = 'Line chart', description = '', idPrefix = 'line',
  } = options;
  if (series.length === 0) throw new Error('lineChartSvg: no series given');
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new Error(`lineChartSvg: series "${s.name}" has ${s.x.length} x and ${s.y.length} y values`);
    if (s.band && (s.band.lo.length !== s.x.length || s.band.hi.length !== s.x.length)) throw new Error(`lineChartSvg: series "${s.name}" has ${s.x.length} x but a band of ${s.band.lo.length} lower and ${s.band.hi.length} upper bounds`);
  }
  const log = yScale === 'log';
  const xDomain = options.xDomain ?? paddedExtent(series.map((s) => s.x), 0);
  // The default y range holds the bands too, so no band is cut by the frame.
  const yDomain = options.yDomain ?? paddedExtent(series.flatMap((s) => (s.band ? [s.y, s.band.lo, s.band.hi] : [s.y])), 0.05, { positive: log });
  const legendRows = Math.ceil(series.length / 4);
  const f = xyFrame({
    width, height, margin: { top: 14 + 16 * legendRows }, idPrefix, title, description, className: 'line-chart',
    x: { domain: xDomain, label: xLabel }, y: { domain: yDomain, label: yLabel, log, format: yFormat },
  });
  const parts = [f.open];
  for (const m of marks) {
    const x = r(f.sx(m.x));
    parts.push(`<g class="mark"><line x1="${x}" x2="${x}" y2="${f.inner.height}" stroke="currentColor" stroke-opacity="0.5" stroke-dasharray="2 3"/><text x="${x}" y="10" dx="4" font-size="11" fill="currentColor">${escapeXml(m.label)}</text></g>`);
  }
  // Bands first, under every line: a line is never hidden by another series' band.
  series.forEach((s, k) => {
    if (!s.band) return;
    const d = bandAreaD({ x: s.x, ...s.band }, f.sx, f.sy, { log });
    if (d) parts.push(`<path class="band" data-name="${escapeXml(s.name)}" fill="${s.color ?? SERIES_COLORS[k % SERIES_COLORS.length]}" fill-opacity="0.2" stroke="none" d="${d}"/>`);
  });
  series.forEach((s, k) => {
    const color = s.color ?? SERIES_COLORS[k % SERIES_COLORS.length];
    const gen = d3line<number>()
      .defined((i) => s.y[i] !== null && Number.isFinite(s.y[i]!) && (!log || s.y[i]! > 0))
      .x((i) => r(f.sx(s.x[i])))
      .y((i) => r(f.sy(s.y[i]!)));
    const d = gen(s.x.map((_, i) => i));
    if (d) parts.push(`<path class="series" data-name="${escapeXml(s.name)}" fill="none" stroke="${color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} d="${d}"/>`);
  });
  parts.push('</g>');
  // The legend sits above the plot area (outside the clip).
  parts.push(seriesLegend(series.map((s, k) => ({ name: s.name, color: s.color ?? SERIES_COLORS[k % SERIES_COLORS.length], dash: s.dash })), { x: 0, y: -8 - 16 * (legendRows - 1) - 4 }));
  parts.push('</g></svg>');
  return parts.join('');
}

/** Train (solid) and test (dashed) series of one quantity of a 1D curve. */
export function curveSeries(curve: { x: number[]; metrics: Record<MetricName, Array<number | null>> }, quantity: 'loss' | 'accuracy'): Series[] {
  const [train, test] = quantity === 'loss' ? (['trainLoss', 'testLoss'] as const) : (['trainAccuracy', 'testAccuracy'] as const);
  return [
    { name: `train ${quantity}`, x: curve.x, y: curve.metrics[train], color: SERIES_COLORS[0] },
    { name: `test ${quantity}`, x: curve.x, y: curve.metrics[test], color: SERIES_COLORS[1], dash: '6 4' },
  ];
}

/** The two panels of a 1D curve figure: loss (log by default) and accuracy, same x axis, interpolation marks. */
export function curvePanelsSvg(
  curve: { x: number[]; axis: 'interpolation' | 'direction'; metrics: Record<MetricName, Array<number | null>> },
  { idPrefix = 'curve', title = '1D curve', lossScale = 'log' as 'log' | 'linear', width = 330, height = 270, lossDomain, accuracyDomain, endpoints = ['θ₁', 'θ₂'] }: { idPrefix?: string; title?: string; lossScale?: 'log' | 'linear'; width?: number; height?: number; lossDomain?: [number, number]; accuracyDomain?: [number, number]; endpoints?: [string, string] } = {},
): [string, string] {
  const interp = curve.axis === 'interpolation';
  const marks = interp ? [{ x: 0, label: endpoints[0] }, { x: 1, label: endpoints[1] }] : [{ x: 0, label: 'θ*' }];
  const xLabel = interp ? 'α in (1−α)θ₁ + αθ₂' : 'α (filter-normalized direction)';
  const common = { width, height, xLabel, marks };
  return [
    lineChartSvg(curveSeries(curve, 'loss'), { ...common, yLabel: 'loss', yScale: lossScale, yDomain: lossDomain, idPrefix: `${idPrefix}-loss`, title: `${title}: loss`, description: `Train and test loss along ${xLabel}.` }),
    lineChartSvg(curveSeries(curve, 'accuracy'), { ...common, yLabel: 'accuracy', yFormat: (v) => formatPercent(v).replace('.0%', '%'), yDomain: accuracyDomain, idPrefix: `${idPrefix}-acc`, title: `${title}: accuracy`, description: `Train and test accuracy along ${xLabel}.` }),
  ];
}
