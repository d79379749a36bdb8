/**
 * A standalone heatmap plot: the "heatmap" view of a surface with defaults for the paper's convexity maps
 * |λmin/λmax|, where contouring a ratio that jumps between 0 and 1 would draw misleading bands. The cells are a mark
 * (marks/heatmap.ts) that the surface plot composes too.
 */
import { interpolateYlOrRd } from 'd3';
import { contourPlotSvg, type ContourPlotOptions, type Grid } from './contour.js';

export interface HeatmapOptions extends Omit<ContourPlotOptions, 'view'> {}

/** Defaults suit a convexity ratio in [0, 1]. */
export function heatmapSvg(grid: Grid, options: HeatmapOptions = {}): string {
  const { scale = 'linear', label = '|λmin/λmax|', scheme = interpolateYlOrRd, title = 'Heatmap', ...rest } = options;
  return contourPlotSvg(grid, { ...rest, scale, label, scheme, title, view: 'heatmap' });
}
