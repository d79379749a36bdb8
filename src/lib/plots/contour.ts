/**
 * A 2D surface as an SVG string, in one of three views: filled contour bands, contour lines, or a heatmap of the
 * samples; composed of marks in the one frame of plot.ts. The same pure function renders the static figure at build
 * time (Node, no DOM) and the interactive one in the browser. Axes in α/β, a color bar, and the point (0, 0), the
 * trained weights, marked. A grid with no finite value gets no color bar and no invented range: its frame carries a
 * label instead (empty.ts).
 *
 * Levels are absolute (the value) or, with `reference: 'minimum'`, the rise above the grid's own minimum: how compared
 * panels are drawn (see scales.ts aboveMinimum), with a shared domain of rises.
 */
import { interpolateViridis } from 'd3';
import { plotLayout, plotSvg, type Frame, type Mark } from './plot.js';
import { checkGrid, gridExtent, type Grid } from './marks/grid.js';
import { contourMark, contourThresholds } from './marks/contour.js';
import { heatmapMark } from './marks/heatmap.js';
import { groundMark, minimizerMark } from './marks/basic.js';
import { colorLegendMark } from './legend.js';
import { noDataSvg, NO_FINITE_VALUES } from './empty.js';
import { aboveMinimum, colorScale, finiteDomain, finiteRange, riseFloor, useLog } from '../scales.js';
import type { Margin } from './svg.js';

export { finiteExtent } from '../scales.js';
export { checkGrid, type Grid } from './marks/grid.js';
export { contourThresholds } from './marks/contour.js';

export type SurfaceView = 'filled' | 'lines' | 'heatmap';

/** A color bar's label for rises above the minimum: short, so it fits along a short plot ("train loss − min"). */
export const riseLabel = (label: string) => `${label} − min`;
export const SURFACE_VIEWS: readonly SurfaceView[] = ['filled', 'lines', 'heatmap'];

export interface ContourPlotOptions {
  width?: number;
  height?: number;
  view?: SurfaceView;
  /** Number of contour levels. */
  levels?: number;
  /** Levels and colors evenly spaced in log(value) (losses span decades) or linearly. */
  scale?: 'log' | 'linear';
  /** 'absolute': levels of the value; 'minimum': levels of the rise above this grid's own minimum. */
  reference?: 'absolute' | 'minimum';
  /**
   * Value range for colors and levels (of the rise, with reference 'minimum'); share it between compared panels (see
   * sharedDomain, sharedRiseDomain). Defaults to the grid's range; null (no finite value in any panel) = absent.
   */
  domain?: [number, number] | null;
  /** Draw the color bar (false when compared panels share one bar drawn apart: legend.ts colorBarSvg). */
  legend?: boolean;
  /** What the frame says when the grid has no finite value (default "no finite values"; e.g. "diverged: <reason>"). */
  emptyLabel?: string;
  /** Color bar label. */
  label?: string;
  xLabel?: string;
  yLabel?: string;
  /** Mark (0, 0), the trained weights. */
  marker?: boolean;
  scheme?: (t: number) => string;
  /** Accessible title and description. */
  title?: string;
  description?: string;
  /** Prefix of the ids inside the SVG: unique per page. */
  idPrefix?: string;
}

const MARGIN: Margin = { top: 12, right: 84, bottom: 44, left: 52 };
const MARGIN_NO_LEGEND: Margin = { ...MARGIN, right: 16 };

/** The frame of a surface plot (scales and plot area), for mapping a pointer to a grid sample. */
export type ContourLayout = Frame;

export function contourLayout(grid: Pick<Grid, 'x' | 'y'>, { width = 560, height = 480, legend = true }: { width?: number; height?: number; legend?: boolean } = {}): ContourLayout {
  const e = gridExtent(grid);
  return plotLayout({ width, height, margin: legend ? MARGIN : MARGIN_NO_LEGEND, x: { domain: e.x }, y: { domain: e.y } }, 'contourPlotSvg');
}

/** The colors and levels a surface is drawn with, decided once for the plot and its caller's readout. */
export interface SurfaceScale {
  values: Array<number | null>;
  domain: [number, number];
  log: boolean;
  colorOf: (v: number) => string;
  /** The grid's own minimum with reference 'minimum' (subtracted from every value), else null. */
  min: number | null;
}

/** Null when the grid has no finite value: nothing to color. */
export function surfaceScale(values: Array<number | null>, { scale = 'log', reference = 'absolute', domain, scheme = interpolateViridis }: Pick<ContourPlotOptions, 'scale' | 'reference' | 'domain' | 'scheme'> = {}): SurfaceScale | null {
  const rel = reference === 'minimum' ? aboveMinimum(values) : { values, min: null };
  if (reference === 'minimum' && rel.min === null) return null;
  let own: [number, number] | null;
  if (reference === 'minimum') {
    const top = finiteRange(rel.values)![1];
    own = top > 0 ? (scale === 'log' ? [riseFloor(top), top] : [0, top]) : [0, 1];
  } else own = finiteDomain(values, { positive: scale === 'log' }) ?? finiteDomain(values);
  if (own === null) return null;
  const d = domain ?? own;
  const log = useLog(scale, d);
  return { values: rel.values, domain: d, log, colorOf: colorScale(d, { log, scheme }), min: rel.min };
}

export function contourPlotSvg(grid: Grid, options: ContourPlotOptions = {}): string {
  const {
    view = 'filled', levels = 24, reference = 'absolute', label = 'loss', xLabel = 'α (direction 1)', yLabel = 'β (direction 2)', marker = true,
    legend = true, title = 'Contour plot', description = '', idPrefix = 'contour', width = 560, height = 480,
  } = options;
  checkGrid(grid, 'contourPlotSvg');
  const e = gridExtent(grid);
  const frame = { width, height, margin: legend ? MARGIN : MARGIN_NO_LEGEND, x: { domain: e.x, label: xLabel, ticks: 5 }, y: { domain: e.y, label: yLabel, ticks: 5, labelOffset: 38 } };
  // Decided on the grid's own values, whatever domain the caller shares: a grid with nothing finite has no colors.
  const s = surfaceScale(grid.values, { ...options, domain: options.domain ?? undefined });
  if (s === null) {
    const text = options.emptyLabel ?? NO_FINITE_VALUES;
    return plotSvg({
      ...frame, idPrefix, title, description: description ? `${description} (${text})` : text, className: `contour-plot view-${view} no-finite`,
      marks: [], overlays: [({ inner }) => noDataSvg(text, inner)],
    });
  }
  const shown = { ...grid, values: s.values };
  const marks: Mark[] = [];
  // Lines need a light ground whatever the page theme: viridis' dark end vanishes on a dark page.
  if (view === 'lines') marks.push(groundMark());
  marks.push(view === 'heatmap' ? heatmapMark(shown, s.colorOf) : contourMark(shown, { thresholds: contourThresholds(s.domain, levels, s.log ? 'log' : 'linear'), top: s.domain[1], colorOf: s.colorOf, view }));
  const overlays: Mark[] = [];
  if (marker && e.x[0] <= 0 && e.x[1] >= 0 && e.y[0] <= 0 && e.y[1] >= 0) overlays.push(minimizerMark());
  if (legend) overlays.push(colorLegendMark(s.domain, s.colorOf, { label: reference === 'minimum' ? riseLabel(label) : label, log: s.log }));
  return plotSvg({ ...frame, idPrefix, title, description, className: `contour-plot view-${view}`, marks, overlays });
}
