/** Heatmap cells of a grid: one rect per sample, centred on (x[i], y[j]); a missing value is gray, never a color of the scale. */
import { r } from '../svg.js';
import type { Mark } from '../plot.js';
import type { Grid } from './grid.js';

export const MISSING_FILL = '#888';

/** [lower, upper] edge of cell k of a sorted axis: halfway to the neighbours, mirrored at the ends. */
export function cellEdges(axis: number[], k: number): [number, number] {
  return [
    k === 0 ? axis[0] - (axis[1] - axis[0]) / 2 : (axis[k - 1] + axis[k]) / 2,
    k === axis.length - 1 ? axis[k] + (axis[k] - axis[k - 1]) / 2 : (axis[k] + axis[k + 1]) / 2,
  ];
}

export function heatmapMark(grid: Grid, colorOf: (v: number) => string): Mark {
  return ({ sx, sy }) => {
    const nx = grid.x.length;
    const parts: string[] = [];
    for (let j = 0; j < grid.y.length; j++) {
      const [b0, b1] = cellEdges(grid.y, j);
      const y0 = sy(b1);
      const h = sy(b0) - y0;
      for (let i = 0; i < nx; i++) {
        const [a0, a1] = cellEdges(grid.x, i);
        const v = grid.values[j * nx + i];
        const fill = v === null || !Number.isFinite(v) ? MISSING_FILL : colorOf(v);
        // +0.5 px overlap hides antialiasing seams between neighbouring cells.
        parts.push(`<rect class="cell" x="${r(sx(a0))}" y="${r(y0)}" width="${r(sx(a1) - sx(a0) + 0.5)}" height="${r(h + 0.5)}" fill="${fill}"/>`);
      }
    }
    return parts.join('');
  };
}
