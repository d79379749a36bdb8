/**
 * A contour plot of a 2D surface as an SVG string: the same pure function renders the static figure at build time
 * (Node, no DOM) and the interactive one in the browser. Filled bands from d3-contour, a color legend, axes in α/β,
 * and the point (0, 0), the trained weights, marked.
 */
import { contours } from 'd3-contour';
import { geoPath, geoTransform, interpolateViridis, range, scaleLinear, scaleLog, scaleSequential, type ScaleLinear } from 'd3';

export interface Grid {
  x: number[];
  y: number[];
  /** Row-major values, index j·nx + i; null = not finite / not computed. */
  values: Array<number | null>;
}

export interface ContourPlotOptions {
  width?: number;
  height?: number;
  /** Number of contour levels. */
  levels?: number;
  /** Levels evenly spaced in log(value) (losses span decades) or linearly. */
  scale?: 'log' | 'linear';
  /** Value range for colors and levels; share it between panels that are compared. Defaults to the grid's range. */
  domain?: [number, number];
  label?: string;
  /** Accessible title and description. */
  title?: string;
  description?: string;
  idPrefix?: string;
}

const MARGIN = { top: 12, right: 84, bottom: 44, left: 52 };

export function finiteExtent(values: Array<number | null>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  return lo === hi ? [lo, lo + 1] : [lo, hi];
}

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

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
const r = (v: number) => Math.round(v * 100) / 100;

export interface ContourLayout {
  width: number;
  height: number;
  inner: { width: number; height: number };
  margin: typeof MARGIN;
  /** Data → pixel within the plot area. */
  sx: ScaleLinear<number, number>;
  sy: ScaleLinear<number, number>;
}

export function contourLayout(grid: Grid, { width = 560, height = 480 }: ContourPlotOptions = {}): ContourLayout {
  const inner = { width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
  const sx = scaleLinear().domain([grid.x[0], grid.x[grid.x.length - 1]]).range([0, inner.width]);
  const sy = scaleLinear().domain([grid.y[0], grid.y[grid.y.length - 1]]).range([inner.height, 0]);
  return { width, height, inner, margin: MARGIN, sx, sy };
}

export function contourPlotSvg(grid: Grid, options: ContourPlotOptions = {}): string {
  const { levels = 24, scale = 'log', label = 'loss', title = 'Contour plot', description = '', idPrefix = 'contour' } = options;
  const nx = grid.x.length;
  const ny = grid.y.length;
  if (grid.values.length !== nx * ny) throw new Error(`contourPlotSvg: ${grid.values.length} values for a ${nx}×${ny} grid`);
  const domain = options.domain ?? finiteExtent(grid.values);
  const useLog = scale === 'log' && domain[0] > 0;
  const layout = contourLayout(grid, options);
  const { width, height, inner, sx, sy } = layout;
  // Missing values are drawn as the top of the scale: a diverged loss is "very high", never a hole that looks low.
  const filled = grid.values.map((v) => (v === null || !Number.isFinite(v) ? domain[1] : Math.min(v, domain[1])));
  const thresholds = contourThresholds(domain, levels, useLog ? 'log' : 'linear');
  const color = scaleSequential(interpolateViridis).domain(useLog ? [Math.log(domain[0]), Math.log(domain[1])] : domain);
  const colorOf = (v: number) => color(useLog ? Math.log(v) : v);
  // d3-contour puts sample (i, j) at the pixel centre (i + 0.5, j + 0.5); map that back to (α, β).
  const dx = (grid.x[nx - 1] - grid.x[0]) / (nx - 1);
  const dy = (grid.y[ny - 1] - grid.y[0]) / (ny - 1);
  const project = geoTransform({
    point(u: number, v: number) {
      this.stream.point(sx(grid.x[0] + (u - 0.5) * dx), sy(grid.y[0] + (v - 0.5) * dy));
    },
  });
  const path = geoPath(project);
  const bands = contours().size([nx, ny]).thresholds(thresholds)(filled);
  const clipId = `${idPrefix}-clip`;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" class="contour-plot">`,
    `<title id="${idPrefix}-title">${escapeXml(title)}</title><desc id="${idPrefix}-desc">${escapeXml(description)}</desc>`,
    `<defs><clipPath id="${clipId}"><rect width="${inner.width}" height="${inner.height}"/></clipPath></defs>`,
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
    `<g clip-path="url(#${clipId})" class="bands">`,
  );
  for (const band of bands) {
    const d = path(band as any);
    if (d) parts.push(`<path class="contour" data-value="${band.value.toPrecision(4)}" fill="${colorOf(band.value)}" stroke="rgba(0,0,0,0.25)" stroke-width="0.5" d="${d}"/>`);
  }
  parts.push('</g>');
  // Axes.
  const xTicks = scaleLinear().domain([grid.x[0], grid.x[nx - 1]]).ticks(5);
  const yTicks = scaleLinear().domain([grid.y[0], grid.y[ny - 1]]).ticks(5);
  parts.push(`<g class="axis x" transform="translate(0,${inner.height})" font-size="11" fill="currentColor">`);
  parts.push(`<line x2="${inner.width}" stroke="currentColor"/>`);
  for (const t of xTicks) parts.push(`<g transform="translate(${r(sx(t))},0)"><line y2="5" stroke="currentColor"/><text y="17" text-anchor="middle">${t}</text></g>`);
  parts.push(`<text x="${inner.width / 2}" y="36" text-anchor="middle" font-style="italic">α (direction 1)</text></g>`);
  parts.push(`<g class="axis y" font-size="11" fill="currentColor"><line y2="${inner.height}" stroke="currentColor"/>`);
  for (const t of yTicks) parts.push(`<g transform="translate(0,${r(sy(t))})"><line x2="-5" stroke="currentColor"/><text x="-8" dy="0.32em" text-anchor="end">${t}</text></g>`);
  parts.push(`<text transform="translate(-38,${inner.height / 2}) rotate(-90)" text-anchor="middle" font-style="italic">β (direction 2)</text></g>`);
  // The trained weights θ* sit at (0, 0).
  if (grid.x[0] <= 0 && grid.x[nx - 1] >= 0 && grid.y[0] <= 0 && grid.y[ny - 1] >= 0) {
    parts.push(
      `<g class="minimizer" transform="translate(${r(sx(0))},${r(sy(0))})"><path d="M-6,-6L6,6M-6,6L6,-6" stroke="white" stroke-width="4"/><path d="M-6,-6L6,6M-6,6L6,-6" stroke="#d62728" stroke-width="2"/><title>trained weights θ* (α = 0, β = 0)</title></g>`,
    );
  }
  parts.push('</g>');
  parts.push(legendSvg(domain, useLog, colorOf, label, { x: width - MARGIN.right + 16, y: MARGIN.top, height: inner.height }));
  parts.push('</svg>');
  return parts.join('');
}

function legendSvg(
  domain: [number, number],
  log: boolean,
  colorOf: (v: number) => string,
  label: string,
  at: { x: number; y: number; height: number },
): string {
  const steps = 48;
  const s = (log ? scaleLog() : scaleLinear()).domain(domain).range([at.height, 0]);
  const parts = [`<g class="legend" transform="translate(${at.x},${at.y})" font-size="10" fill="currentColor">`];
  for (let k = 0; k < steps; k++) {
    const v0 = s.invert((at.height * (k + 1)) / steps);
    const y = (at.height * k) / steps;
    parts.push(`<rect y="${r(y)}" width="12" height="${r(at.height / steps + 0.5)}" fill="${colorOf(v0)}"/>`);
  }
  const ticks = log ? (s as ReturnType<typeof scaleLog>).ticks(4) : s.ticks(5);
  const shown = ticks.length > 6 ? ticks.filter((_, i) => i % Math.ceil(ticks.length / 6) === 0) : ticks;
  for (const t of shown) parts.push(`<g transform="translate(12,${r(s(t))})"><line x2="4" stroke="currentColor"/><text x="6" dy="0.32em">${+t.toPrecision(3)}</text></g>`);
  parts.push(`<text transform="translate(-4,${at.height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(label)}</text></g>`);
  return parts.join('');
}
