/**
 * Line charts of 1D curves as SVG strings: loss or accuracy along α, one line per series (train solid, test dashed),
 * missing values break the line, vertical marks at named positions (α = 0 and α = 1: the two interpolated solutions),
 * and optionally a translucent band per series (the spread of several curves around their mean: src/lib/plots/band.ts).
 */
import { XY_MARGIN, paddedExtent } from './frame.js';
import { plotSvg } from './plot.js';
import { areaMark, lineMark } from './marks/series.js';
import { ruleXMark } from './marks/basic.js';
import { legendRows, seriesLegendMark } from './legend.js';
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
  const styled = series.map((s, k) => ({ ...s, color: s.color ?? SERIES_COLORS[k % SERIES_COLORS.length] }));
  // The default y range holds the bands too, so no band is cut by the frame.
  const yDomain = options.yDomain ?? paddedExtent(series.flatMap((s) => (s.band ? [s.y, s.band.lo, s.band.hi] : [s.y])), 0.05, { positive: log });
  return plotSvg({
    width, height, margin: { ...XY_MARGIN, top: 14 + 16 * legendRows(series.length) }, idPrefix, title, description, className: 'line-chart', clipPad: 4,
    x: { domain: options.xDomain ?? paddedExtent(series.map((s) => s.x), 0), label: xLabel, grid: true },
    y: { domain: yDomain, label: yLabel, log, format: yFormat, grid: true },
    marks: [
      ruleXMark(marks),
      // Bands first, under every line: a line is never hidden by another series' band.
      ...styled.filter((s) => s.band).map((s) => areaMark({ x: s.x, ...s.band! }, { name: s.name, color: s.color, log })),
      ...styled.map((s) => lineMark(s.x, s.y, { name: s.name, color: s.color, dash: s.dash, log })),
    ],
    overlays: [seriesLegendMark(styled.map((s) => ({ name: s.name, color: s.color, dash: s.dash })))],
  });
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
