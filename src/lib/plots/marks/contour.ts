/**
 * Contour marks of a grid: filled bands (superlevel sets) or their boundary lines, at given thresholds, colored by
 * threshold. d3-contour computes the geometry; this module only projects it to the frame.
 */
import { contours } from 'd3-contour';
import { geoPath, geoTransform, range } from 'd3';
import type { Mark } from '../plot.js';
import type { Grid } from './grid.js';

/** Contour thresholds over a domain: `levels` values, log- or linearly spaced, from the domain's start. */
export function contourThresholds(domain: [number, number], levels: number, scale: 'log' | 'linear'): number[] {
  const [lo, hi] = domain;
  if (scale === 'log' && lo > 0) {
    const a = Math.log(lo);
    const b = Math.log(hi);
    return range(levels).map((k) => Math.exp(a + ((b - a) * k) / levels));
  }
  return range(levels).map((k) => lo + ((hi - lo) * k) / levels);
}

export interface ContourMarkOptions {
  thresholds: number[];
  /** Values above it (and missing values) are drawn as it: a diverged loss is "very high", never a hole that looks low. */
  top: number;
  colorOf: (v: number) => string;
  view: 'filled' | 'lines';
}

export function contourMark(grid: Grid, { thresholds, top, colorOf, view }: ContourMarkOptions): Mark {
  return ({ sx, sy }) => {
    const nx = grid.x.length;
    const ny = grid.y.length;
    // Values under the lowest level (rises below a log scale's floor) join the lowest band: no hole at the minimum.
    const floor = thresholds[0];
    const filled = grid.values.map((v) => (v === null || !Number.isFinite(v) ? top : Math.max(floor, Math.min(v, top))));
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
      ? `<g class="bands" stroke="rgba(0,0,0,0.25)" stroke-width="0.5">${parts.join('')}</g>`
      : `<g class="bands" fill="none" stroke-width="1.2">${parts.join('')}</g>`;
  };
}
