/**
 * Heatmaps of a grid: one rect per sample, centred on (x[i], y[j]), colored by value. Used as the "heatmap" view of a
 * surface and for the paper's convexity maps |λmin/λmax| (heatmapSvg), where contouring a ratio that jumps between
 * 0 and 1 would draw misleading bands.
 */
import { interpolateYlOrRd } from 'd3';
import type { ScaleLinear } from 'd3';
import { r } from './svg.js';
import { contourPlotSvg, type ContourPlotOptions, type Grid } from './contour.js';

/** Cells of a grid as rects (missing values drawn hatched-gray: "no data" is never a color of the scale). */
export function heatmapCellsSvg(grid: Grid, colorOf: (v: number) => string, sx: ScaleLinear<number, number>, sy: ScaleLinear<number, number>): string {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const edges = (axis: number[], k: number): [number, number] => [
    k === 0 ? axis[0] - (axis[1] - axis[0]) / 2 : (axis[k - 1] + axis[k]) / 2,
    k === axis.length - 1 ? axis[k] + (axis[k] - axis[k - 1]) / 2 : (axis[k] + axis[k + 1]) / 2,
  ];
  const parts: string[] = [];
  for (let j = 0; j < ny; j++) {
    const [b0, b1] = edges(grid.y, j);
    const y0 = sy(b1);
    const h = sy(b0) - y0;
    for (let i = 0; i < nx; i++) {
      const [a0, a1] = edges(grid.x, i);
      const v = grid.values[j * nx + i];
      const fill = v === null || !Number.isFinite(v) ? '#888' : colorOf(v);
      // +0.5 px overlap hides antialiasing seams between neighbouring cells.
      parts.push(`<rect class="cell" x="${r(sx(a0))}" y="${r(y0)}" width="${r(sx(a1) - sx(a0) + 0.5)}" height="${r(h + 0.5)}" fill="${fill}"/>`);
    }
  }
  return parts.join('');
}

export interface HeatmapOptions extends Omit<ContourPlotOptions, 'view'> {}

/** A standalone heatmap plot (axes, color bar). Defaults suit a convexity ratio in [0, 1]. */
export function heatmapSvg(grid: Grid, options: HeatmapOptions = {}): string {
  const { scale = 'linear', label = '|λmin/λmax|', scheme = interpolateYlOrRd, title = 'Heatmap', ...rest } = options;
  return contourPlotSvg(grid, { ...rest, scale, label, scheme, title, view: 'heatmap' });
}
