/**
 * An optimizer's path on the PCA plane of its checkpoints, over contour lines of the loss evaluated on that plane
 * (when given). Axes read "PC1 (87.3%)": the share of the path's variance each direction explains, which tells the
 * reader how faithful the 2D picture is. Both axes are in the same parameter-space units, so they are drawn at one
 * scale (equal aspect): the plot's height follows the plane's shape, and a path is never bent by the picture.
 * `upTo` draws the path up to a checkpoint, for the TrajectoryPlayer. A surface with no finite value draws no contours
 * and no color bar, only a label saying so.
 */
import { plotLayout, plotSvg, type Frame, type Mark } from './plot.js';
import { checkGrid, gridExtent, type Grid } from './marks/grid.js';
import { contourMark, contourThresholds } from './marks/contour.js';
import { groundMark, noteMark } from './marks/basic.js';
import { colorLegendMark } from './legend.js';
import { r, type Margin } from './svg.js';
import { paddedExtent } from './frame.js';
import { NO_FINITE_VALUES } from './empty.js';
import { riseLabel, surfaceScale } from './contour.js';
import { formatComponent } from '../format.js';

export interface Path2D {
  x: number[];
  y: number[];
  step: number[];
}

export interface TrajectoryOptions {
  surface?: Grid;
  explainedVariance: [number, number];
  /** Index of the last checkpoint drawn (default: all). */
  upTo?: number;
  width?: number;
  /** Height cap: the height follows the plane's aspect between `minAspect` and `maxAspect` of the plot width. */
  height?: number;
  levels?: number;
  scale?: 'log' | 'linear';
  /** Levels of the value, or of its rise above the surface's own minimum (see contour.ts). */
  reference?: 'absolute' | 'minimum';
  /** Color domain of the surface (shared across runs); null or absent: the surface's own range. */
  domain?: [number, number] | null;
  label?: string;
  title?: string;
  description?: string;
  idPrefix?: string;
}

const MARGIN: Margin = { top: 12, right: 84, bottom: 44, left: 52 };
/** The plot area is never flatter than this fraction of its width, nor taller than its upper bound. */
const MIN_ASPECT = 0.4;
const MAX_ASPECT = 1.2;

export function checkPath(path: Path2D): void {
  if (path.x.length === 0) throw new Error('trajectorySvg: the path has no checkpoints');
  if (path.y.length !== path.x.length || path.step.length !== path.x.length)
    throw new Error(`trajectorySvg: x, y and step lengths differ (${path.x.length}, ${path.y.length}, ${path.step.length})`);
}

/** The plane's data extent: the surface's, or the path's padded. */
function planeExtent(path: Path2D, surface?: Grid): { x: [number, number]; y: [number, number] } {
  if (surface) return gridExtent(surface);
  return { x: paddedExtent([path.x], 0.08), y: paddedExtent([path.y], 0.08) };
}

/** The SVG size for a width: the height that gives the plane its own aspect (clamped), plus the margins. */
export function trajectorySize(path: Path2D, { surface, width = 560, height = 560 }: { surface?: Grid; width?: number; height?: number } = {}): { width: number; height: number } {
  const e = planeExtent(path, surface);
  const innerW = width - MARGIN.left - MARGIN.right;
  const aspect = Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, (e.y[1] - e.y[0]) / (e.x[1] - e.x[0])));
  return { width, height: Math.min(height, Math.round(innerW * aspect) + MARGIN.top + MARGIN.bottom) };
}

/** The frame at one scale on both axes, for the size trajectorySize gives. */
export function trajectoryLayout(path: Path2D, options: { surface?: Grid; width?: number; height?: number } = {}): Frame {
  const e = planeExtent(path, options.surface);
  return plotLayout({ ...trajectorySize(path, options), margin: MARGIN, x: { domain: e.x }, y: { domain: e.y }, aspect: 'equal' }, 'trajectorySvg');
}

/** SVG path data of the checkpoints 0..upTo in plot-area pixels. */
export function trajectoryPathD(path: Path2D, layout: Frame, upTo = path.x.length - 1): string {
  const n = Math.max(0, Math.min(upTo, path.x.length - 1));
  let d = '';
  for (let k = 0; k <= n; k++) d += `${k === 0 ? 'M' : 'L'}${r(layout.sx(path.x[k]))},${r(layout.sy(path.y[k]))}`;
  return d;
}

/** The path: all of it faint, the part played so far strong, checkpoints as dots, the current one ringed. */
export function pathMark(path: Path2D, upTo: number): Mark {
  return (f) => {
    const cur = Math.max(0, Math.min(upTo, path.x.length - 1));
    const parts = [
      `<path class="trajectory-full" fill="none" stroke="#d62728" stroke-opacity="0.25" stroke-width="1.5" d="${trajectoryPathD(path, f)}"/>`,
      `<path class="trajectory" fill="none" stroke="#d62728" stroke-width="2" d="${trajectoryPathD(path, f, upTo)}"/>`,
    ];
    path.x.forEach((x, k) => {
      parts.push(`<circle class="checkpoint" data-step="${path.step[k]}" cx="${r(f.sx(x))}" cy="${r(f.sy(path.y[k]))}" r="2.5" fill="#d62728"${k > upTo ? ' fill-opacity="0.25"' : ''}><title>step ${path.step[k]}</title></circle>`);
    });
    parts.push(`<circle class="current" cx="${r(f.sx(path.x[cur]))}" cy="${r(f.sy(path.y[cur]))}" r="6" fill="none" stroke="#111" stroke-width="2"/>`);
    return parts.join('');
  };
}

export function trajectorySvg(path: Path2D, options: TrajectoryOptions): string {
  const { surface, explainedVariance, upTo = path.x.length - 1, levels = 20, scale = 'log', reference = 'absolute', label = 'train loss', title = 'Optimizer trajectory', description = '', idPrefix = 'trajectory' } = options;
  checkPath(path);
  if (surface) checkGrid(surface, 'trajectorySvg');
  const e = planeExtent(path, surface);
  const marks: Mark[] = [groundMark()];
  const overlays: Mark[] = [];
  const s = surface ? surfaceScale(surface.values, { scale, reference, domain: options.domain ?? undefined }) : null;
  if (surface && s === null) overlays.push(noteMark(`${label}: ${NO_FINITE_VALUES}`, { fill: '#111' })); // on the white plot ground, whatever the theme
  else if (surface && s) {
    marks.push(contourMark({ ...surface, values: s.values }, { thresholds: contourThresholds(s.domain, levels, s.log ? 'log' : 'linear'), top: s.domain[1], colorOf: s.colorOf, view: 'lines' }));
    overlays.push(colorLegendMark(s.domain, s.colorOf, { label: reference === 'minimum' ? riseLabel(label) : label, log: s.log }));
  }
  marks.push(pathMark(path, upTo));
  return plotSvg({
    ...trajectorySize(path, options), margin: MARGIN, aspect: 'equal', idPrefix, title, description, className: 'trajectory-plot',
    x: { domain: e.x, label: formatComponent(1, explainedVariance[0]), ticks: 5 },
    y: { domain: e.y, label: formatComponent(2, explainedVariance[1]), ticks: 5, labelOffset: 38 },
    marks, overlays,
  });
}
