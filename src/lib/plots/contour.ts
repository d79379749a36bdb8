/**
 * A 2D surface as an SVG string, in one of three views: filled contour bands, contour lines, or a heatmap of the
 * samples. The same pure function renders the static figure at build time (Node, no DOM) and the interactive one in
 * the browser. Axes in α/β, a color bar, and the point (0, 0), the trained weights, marked. A grid with no finite
 * value gets no color bar and no invented range: its frame carries a label instead (empty.ts).
 */
import { contours } from 'd3-contour';
import { geoPath, geoTransform, interpolateViridis, range, scaleLinear, type ScaleLinear } from 'd3';
import { axisBottom, axisLeft, r, svgOpen } from './svg.js';
import { colorLegendSvg } from './legend.js';
import { heatmapCellsSvg } from './heatmap.js';
import { noDataSvg, NO_FINITE_VALUES } from './empty.js';
import { colorScale, finiteDomain, useLog } from '../scales.js';

export { finiteExtent } from '../scales.js';

export interface Grid {
  x: number[];
  y: number[];
  /** Row-major values, index j·nx + i; null = not finite / not computed. */
  values: Array<number | null>;
}

export type SurfaceView = 'filled' | 'lines' | 'heatmap';
export const SURFACE_VIEWS: readonly SurfaceView[] = ['filled', 'lines', 'heatmap'];

export interface ContourPlotOptions {
  width?: number;
  height?: number;
  view?: SurfaceView;
  /** Number of contour levels. */
  levels?: number;
  /** Levels and colors evenly spaced in log(value) (losses span decades) or linearly. */
  scale?: 'log' | 'linear';
  /**
   * Value range for colors and levels; share it between compared panels (see sharedDomain). Defaults to the grid's
   * range; null (sharedDomain found no finite value in any panel) is treated as absent.
   */
  domain?: [number, number] | null;
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

const MARGIN = { top: 12, right: 84, bottom: 44, left: 52 };

/** Contour thresholds over a domain: `levels` values, log- or linearly spaced, strictly inside the domain's end. */
export function contourThresholds(domain: [number, number], levels: number, scale: 'log' | 'linear'): number[] {
  const [lo, hi] = domain;
  if (scale === 'log' && lo > 0) {
    const a = Math.log(lo);
    const b = Math.log(hi);
    return range(levels).map((k) => Math.exp(a + ((b - a) * k) / levels));
  }
  return range(levels).map((k) => lo + ((hi - lo) * k) / levels);
}

export interface ContourLayout {
  width: number;
  height: number;
  inner: { width: number; height: number };
  margin: typeof MARGIN;
  /** Data → pixel within the plot area. */
  sx: ScaleLinear<number, number>;
  sy: ScaleLinear<number, number>;
}

export function contourLayout(grid: Pick<Grid, 'x' | 'y'>, { width = 560, height = 480 }: { width?: number; height?: number } = {}): ContourLayout {
  const inner = { width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
  const sx = scaleLinear().domain([grid.x[0], grid.x[grid.x.length - 1]]).range([0, inner.width]);
  const sy = scaleLinear().domain([grid.y[0], grid.y[grid.y.length - 1]]).range([inner.height, 0]);
  return { width, height, inner, margin: MARGIN, sx, sy };
}

export function checkGrid(grid: Grid, who: string): void {
  const n = grid.x.length * grid.y.length;
  if (grid.values.length !== n) throw new Error(`${who}: ${grid.values.length} values for a ${grid.x.length}×${grid.y.length} grid`);
  if (grid.x.length < 2 || grid.y.length < 2) throw new Error(`${who}: a grid needs at least 2 coordinates on each axis`);
}

/** The contour bands (filled) or their boundaries (lines) of a grid, as <path> elements in plot-area pixels. */
export function contourPathsSvg(grid: Grid, layout: ContourLayout, { domain, levels, log, colorOf, view }: { domain: [number, number]; levels: number; log: boolean; colorOf: (v: number) => string; view: 'filled' | 'lines' }): string {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const { sx, sy } = layout;
  // Missing values are drawn as the top of the scale: a diverged loss is "very high", never a hole that looks low.
  const filled = grid.values.map((v) => (v === null || !Number.isFinite(v) ? domain[1] : Math.min(v, domain[1])));
  const thresholds = contourThresholds(domain, levels, log ? 'log' : 'linear');
  // d3-contour puts sample (i, j) at the pixel centre (i + 0.5, j + 0.5); map that back to (α, β).
  const dx = (grid.x[nx - 1] - grid.x[0]) / (nx - 1);
  const dy = (grid.y[ny - 1] - grid.y[0]) / (ny - 1);
  // A tenth of a pixel is invisible at any size we draw and keeps the static SVG (most of the page's bytes) small.
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const project = geoTransform({
    point(u: number, v: number) {
      this.stream.point(r1(sx(grid.x[0] + (u - 0.5) * dx)), r1(sy(grid.y[0] + (v - 0.5) * dy)));
    },
  });
  const path = geoPath(project);
  const parts: string[] = [];
  for (const band of contours().size([nx, ny]).thresholds(thresholds)(filled)) {
    const d = path(band as any);
    if (!d) continue;
    const value = band.value.toPrecision(4);
    parts.push(
      view === 'filled'
        ? `<path class="contour" data-value="${value}" fill="${colorOf(band.value)}" d="${d}"/>`
        : `<path class="contour-line" data-value="${value}" stroke="${colorOf(band.value)}" d="${d}"/>`,
    );
  }
  // Shared stroke attributes once, on the group, not on every path.
  return view === 'filled'
    ? `<g stroke="rgba(0,0,0,0.25)" stroke-width="0.5">${parts.join('')}</g>`
    : `<g fill="none" stroke-width="1.2">${parts.join('')}</g>`;
}

export function minimizerSvg(x: number, y: number): string {
  return `<g class="minimizer" transform="translate(${r(x)},${r(y)})"><path d="M-6,-6L6,6M-6,6L6,-6" stroke="white" stroke-width="4"/><path d="M-6,-6L6,6M-6,6L6,-6" stroke="#d62728" stroke-width="2"/><title>trained weights θ* (α = 0, β = 0)</title></g>`;
}

export function contourPlotSvg(grid: Grid, options: ContourPlotOptions = {}): string {
  const {
    view = 'filled', levels = 24, scale = 'log', label = 'loss', xLabel = 'α (direction 1)', yLabel = 'β (direction 2)', marker = true,
    scheme = interpolateViridis, title = 'Contour plot', description = '', idPrefix = 'contour',
  } = options;
  checkGrid(grid, 'contourPlotSvg');
  const layout = contourLayout(grid, options);
  const { width, height, inner, sx, sy } = layout;
  // Decided on the grid's own values, whatever domain the caller shares: a grid with nothing finite has no colors.
  const own = finiteDomain(grid.values, { positive: scale === 'log' }) ?? finiteDomain(grid.values);
  if (own === null) return emptyContourSvg(layout, { title, description, idPrefix, view, xLabel, yLabel, label: options.emptyLabel ?? NO_FINITE_VALUES });
  const domain = options.domain ?? own;
  const log = useLog(scale, domain);
  const colorOf = colorScale(domain, { log, scheme });
  const clipId = `${idPrefix}-clip`;
  const parts = [
    svgOpen({ width, height, idPrefix, title, description, className: `contour-plot view-${view}` }),
    `<defs><clipPath id="${clipId}"><rect width="${inner.width}" height="${inner.height}"/></clipPath></defs>`,
    `<g class="plot-area" transform="translate(${MARGIN.left},${MARGIN.top})">`,
    `<g clip-path="url(#${clipId})" class="bands">`,
  ];
  // Lines need a light ground whatever the page theme: viridis' dark end vanishes on a dark page.
  if (view === 'lines') parts.push(`<rect class="plot-ground" width="${inner.width}" height="${inner.height}" fill="#fff"/>`);
  parts.push(view === 'heatmap' ? heatmapCellsSvg(grid, colorOf, sx, sy) : contourPathsSvg(grid, layout, { domain, levels, log, colorOf, view }));
  parts.push('</g>');
  parts.push(axisBottom(sx, { label: xLabel, span: inner.height }), axisLeft(sy, { label: yLabel, labelOffset: 38 }));
  const nx = grid.x.length;
  const ny = grid.y.length;
  if (marker && grid.x[0] <= 0 && grid.x[nx - 1] >= 0 && grid.y[0] <= 0 && grid.y[ny - 1] >= 0) parts.push(minimizerSvg(sx(0), sy(0)));
  parts.push('</g>');
  parts.push(colorLegendSvg(domain, colorOf, { x: width - MARGIN.right + 16, y: MARGIN.top, height: inner.height, label, log }));
  parts.push('</svg>');
  return parts.join('');
}

/** The frame of a contour plot (real α/β axes) with a label inside and no bands, marker or color bar. */
function emptyContourSvg(layout: ContourLayout, o: { title: string; description: string; idPrefix: string; view: SurfaceView; xLabel: string; yLabel: string; label: string }): string {
  const { width, height, inner, sx, sy } = layout;
  return [
    svgOpen({ width, height, idPrefix: o.idPrefix, title: o.title, description: o.description ? `${o.description} (${o.label})` : o.label, className: `contour-plot view-${o.view} no-finite` }),
    `<g class="plot-area" transform="translate(${MARGIN.left},${MARGIN.top})">`,
    noDataSvg(o.label, inner),
    axisBottom(sx, { label: o.xLabel, span: inner.height }),
    axisLeft(sy, { label: o.yLabel, labelOffset: 38 }),
    '</g></svg>',
  ].join('');
}
