/**
 * An optimizer's path on the PCA plane of its checkpoints, over contour lines of the loss evaluated on that plane
 * (when given). Axes read "PC1 (87.3%)": the share of the path's variance each direction explains, which tells the
 * reader how faithful the 2D picture is. `upTo` draws the path up to a checkpoint, for the TrajectoryPlayer. A surface
 * with no finite value draws no contours and no color bar, only a label saying so.
 */
import { interpolateViridis } from 'd3';
import { contourLayout, contourPathsSvg, checkGrid, type ContourLayout, type Grid } from './contour.js';
import { colorLegendSvg } from './legend.js';
import { axisBottom, axisLeft, r, svgOpen } from './svg.js';
import { paddedExtent } from './frame.js';
import { frameLabelSvg, NO_FINITE_VALUES } from './empty.js';
import { colorScale, finiteDomain, useLog } from '../scales.js';
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
  height?: number;
  levels?: number;
  scale?: 'log' | 'linear';
  /** Color domain of the surface (shared across runs); null or absent: the surface's own range. */
  domain?: [number, number] | null;
  label?: string;
  title?: string;
  description?: string;
  idPrefix?: string;
}

export function checkPath(path: Path2D): void {
  if (path.x.length === 0) throw new Error('trajectorySvg: the path has no checkpoints');
  if (path.y.length !== path.x.length || path.step.length !== path.x.length)
    throw new Error(`trajectorySvg: x, y and step lengths differ (${path.x.length}, ${path.y.length}, ${path.step.length})`);
}

/** The plane shown: the surface's extent, or the path's extent padded, squared-off so no axis is squashed. */
export function trajectoryLayout(path: Path2D, { surface, width = 560, height = 480 }: { surface?: Grid; width?: number; height?: number } = {}): ContourLayout {
  if (surface) return contourLayout(surface, { width, height });
  return contourLayout({ x: paddedExtent([path.x], 0.08), y: paddedExtent([path.y], 0.08) }, { width, height });
}

/** SVG path data of the checkpoints 0..upTo in plot-area pixels. */
export function trajectoryPathD(path: Path2D, layout: ContourLayout, upTo = path.x.length - 1): string {
  const n = Math.max(0, Math.min(upTo, path.x.length - 1));
  let d = '';
  for (let k = 0; k <= n; k++) d += `${k === 0 ? 'M' : 'L'}${r(layout.sx(path.x[k]))},${r(layout.sy(path.y[k]))}`;
  return d;
}

export function trajectorySvg(path: Path2D, options: TrajectoryOptions): string {
  const {
    surface, explainedVariance, upTo = path.x.length - 1, levels = 20, scale = 'log', label = 'train loss',
    title = 'Optimizer trajectory', description = '', idPrefix = 'trajectory',
  } = options;
  checkPath(path);
  if (surface) checkGrid(surface, 'trajectorySvg');
  const layout = trajectoryLayout(path, options);
  const { width, height, inner, margin, sx, sy } = layout;
  const clipId = `${idPrefix}-clip`;
  const parts = [
    svgOpen({ width, height, idPrefix, title, description, className: 'trajectory-plot' }),
    `<defs><clipPath id="${clipId}"><rect width="${inner.width}" height="${inner.height}"/></clipPath></defs>`,
    `<g class="plot-area" transform="translate(${margin.left},${margin.top})">`,
    `<g clip-path="url(#${clipId})">`,
    `<rect class="plot-ground" width="${inner.width}" height="${inner.height}" fill="#fff"/>`,
  ];
  let legend = '';
  let note = '';
  const own = surface ? (finiteDomain(surface.values, { positive: scale === 'log' }) ?? finiteDomain(surface.values)) : null;
  if (surface && own === null) {
    note = frameLabelSvg(`${label}: ${NO_FINITE_VALUES}`, { cx: inner.width / 2, top: 14, maxWidth: inner.width - 16, fontSize: 12, fill: '#111' }); // on the white plot ground, whatever the theme
  } else if (surface) {
    const domain = options.domain ?? own!;
    const log = useLog(scale, domain);
    const colorOf = colorScale(domain, { log, scheme: interpolateViridis });
    parts.push(contourPathsSvg(surface, layout, { domain, levels, log, colorOf, view: 'lines' }));
    legend = colorLegendSvg(domain, colorOf, { x: width - margin.right + 16, y: margin.top, height: inner.height, label, log });
  }
  // The whole path faint, the part played so far strong: the reader sees where it is going.
  parts.push(`<path class="trajectory-full" fill="none" stroke="#d62728" stroke-opacity="0.25" stroke-width="1.5" d="${trajectoryPathD(path, layout)}"/>`);
  parts.push(`<path class="trajectory" fill="none" stroke="#d62728" stroke-width="2" d="${trajectoryPathD(path, layout, upTo)}"/>`);
  path.x.forEach((x, k) => {
    parts.push(`<circle class="checkpoint" data-step="${path.step[k]}" cx="${r(sx(x))}" cy="${r(sy(path.y[k]))}" r="2.5" fill="#d62728"${k > upTo ? ' fill-opacity="0.25"' : ''}><title>step ${path.step[k]}</title></circle>`);
  });
  const cur = Math.max(0, Math.min(upTo, path.x.length - 1));
  parts.push(`<circle class="current" cx="${r(sx(path.x[cur]))}" cy="${r(sy(path.y[cur]))}" r="6" fill="none" stroke="#111" stroke-width="2"/>`);
  parts.push('</g>', note);
  parts.push(axisBottom(sx, { label: formatComponent(1, explainedVariance[0]), span: inner.height }), axisLeft(sy, { label: formatComponent(2, explainedVariance[1]), labelOffset: 38 }));
  parts.push('</g>', legend, '</svg>');
  return parts.join('');
}
