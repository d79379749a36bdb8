/**
 * Marks of x–y data: a line (broken where a value is missing), a translucent area between two bounds, points, and a
 * step outline (histogram). Each takes data and style and returns a Mark; the frame supplies the scales.
 */
import { area as d3area, line as d3line } from 'd3';
import { escapeXml, r } from '../svg.js';
import type { Mark } from '../plot.js';

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

export interface LineStyle {
  name: string;
  color: string;
  dash?: string;
  /** On a log y axis non-positive values are missing too. */
  log?: boolean;
}

export function lineMark(x: number[], y: Array<number | null>, { name, color, dash, log = false }: LineStyle): Mark {
  return ({ sx, sy }) => {
    const gen = d3line<number>()
      .defined((i) => finite(y[i]) && (!log || y[i]! > 0))
      .x((i) => r(sx(x[i])))
      .y((i) => r(sy(y[i]!)));
    const d = gen(x.map((_, i) => i));
    return d ? `<path class="series" data-name="${escapeXml(name)}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} d="${d}"/>` : '';
  };
}

/**
 * The area between lo and hi as an SVG path (upper edge left to right, lower edge back), broken where a bound is
 * missing; on a log axis non-positive bounds are missing too. Empty string when nothing is drawable.
 */
export function bandAreaD(band: { x: number[]; lo: Array<number | null>; hi: Array<number | null> }, sx: (v: number) => number, sy: (v: number) => number, { log = false } = {}): string {
  const ok = (v: number | null): v is number => finite(v) && (!log || v > 0);
  const gen = d3area<number>()
    .defined((i) => ok(band.lo[i]) && ok(band.hi[i]))
    .x((i) => r(sx(band.x[i])))
    .y0((i) => r(sy(band.lo[i]!)))
    .y1((i) => r(sy(band.hi[i]!)));
  return gen(band.x.map((_, i) => i)) ?? '';
}

export function areaMark(band: { x: number[]; lo: Array<number | null>; hi: Array<number | null> }, { name, color, log = false }: LineStyle): Mark {
  return ({ sx, sy }) => {
    const d = bandAreaD(band, sx, sy, { log });
    return d ? `<path class="band" data-name="${escapeXml(name)}" fill="${color}" fill-opacity="0.2" stroke="none" d="${d}"/>` : '';
  };
}

export interface Dot {
  x: number;
  y: number;
  color: string;
  label?: string;
}

/** Points with a <title> (hover) and, optionally, the label in text beside each. */
export function dotMark(points: Dot[], { showLabels = false } = {}): Mark {
  return ({ sx, sy }) =>
    points
      .map((p) => {
        const cx = r(sx(p.x));
        const cy = r(sy(p.y));
        const dot = `<circle class="point" cx="${cx}" cy="${cy}" r="5" fill="${p.color}" stroke="white" stroke-width="1">${p.label ? `<title>${escapeXml(p.label)}</title>` : ''}</circle>`;
        return showLabels && p.label ? `${dot}<text x="${cx + 7}" y="${cy}" dy="0.32em" font-size="11" fill="currentColor">${escapeXml(p.label)}</text>` : dot;
      })
      .join('');
}

/** A histogram's outline over its bin edges, filled translucently so overlaid distributions stay readable. */
export function stepMark(edges: number[], heights: number[], { name, color }: { name: string; color: string }): Mark {
  return ({ sx, sy }) => {
    const y0 = r(sy(0));
    let d = `M${r(sx(edges[0]))},${y0}`;
    heights.forEach((h, b) => {
      d += `V${r(sy(h))}H${r(sx(edges[b + 1]))}`;
    });
    d += `V${y0}Z`;
    return `<path class="histogram" data-name="${escapeXml(name)}" fill="${color}" fill-opacity="0.25" stroke="${color}" stroke-width="1.5" d="${d}"/>`;
  };
}
