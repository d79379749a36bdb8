/**
 * Legends: a color bar for any sequential scale (vertical in a plot's right margin, or a standalone horizontal bar
 * shared by several panels), and a legend of named series. Tick values come from legendTicks, which on a log scale
 * puts ticks inside the low end too: that is where a loss basin is, and a bar labelled only 0.5, 1, 1.5 leaves the
 * whole basin unread.
 */
import { scaleLinear } from 'd3';
import { escapeXml, r, svgOpen } from './svg.js';
import type { Mark } from './plot.js';
import { logTicks, positionScale } from '../scales.js';
import { formatTick } from '../format.js';

/** Round to `digits` significant digits. */
const sig = (v: number, digits: number) => Number(v.toPrecision(digits));

/**
 * Ticks for a color bar: linear nice ticks; on a log scale spanning under two decades, `count` values evenly spaced in
 * log(value), rounded to one or two significant digits, so the low end (the basin) has ticks as dense as the high end.
 */
export function legendTicks(domain: [number, number], log: boolean, count = 5): number[] {
  const [lo, hi] = domain;
  if (!log) return scaleLinear().domain(domain).ticks(count);
  if (hi / lo >= 100) return logTicks(domain, count);
  const a = Math.log(lo);
  const b = Math.log(hi);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const raw = Math.exp(a + ((b - a) * (k + 0.5)) / count);
    // One significant digit where that stays within 15 % of the even spot, else two: 0.3, 0.5, 0.9, 1.5, 2.5.
    const one = sig(raw, 1);
    const t = Math.abs(Math.log(one / raw)) < 0.15 ? one : sig(raw, 2);
    if (t > lo && t < hi && !out.includes(t)) out.push(t);
  }
  return out;
}

export interface ColorLegendOptions {
  label: string;
  log?: boolean;
  /** Tick text (default: formatTick). */
  format?: (v: number) => string;
}

/** Vertical bar samples and ticks, with the bar's top left at (0, 0). */
function verticalBar(domain: [number, number], colorOf: (v: number) => string, height: number, { label, log = false, format = formatTick }: ColorLegendOptions): string {
  const steps = 48;
  const s = positionScale(domain, [height, 0], log);
  const parts: string[] = [];
  for (let k = 0; k < steps; k++) {
    const v = s.invert((height * (k + 0.5)) / steps);
    parts.push(`<rect y="${r((height * k) / steps)}" width="12" height="${r(height / steps + 0.5)}" fill="${colorOf(v)}"/>`);
  }
  for (const t of legendTicks(domain, log)) parts.push(`<g transform="translate(12,${r(s(t))})"><line x2="4" stroke="currentColor"/><text x="6" dy="0.32em">${escapeXml(format(t))}</text></g>`);
  parts.push(`<text transform="translate(-4,${r(height / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(label)}</text>`);
  return parts.join('');
}

/** A color bar in the right margin of a plot, as tall as the plot area. */
export function colorLegendMark(domain: [number, number], colorOf: (v: number) => string, options: ColorLegendOptions): Mark {
  return ({ inner }) => `<g class="legend" transform="translate(${inner.width + 16},0)" font-size="11" fill="currentColor">${verticalBar(domain, colorOf, inner.height, options)}</g>`;
}

/**
 * One horizontal color bar as its own <svg>: the legend of several panels drawn on one scale (a comparison figure has
 * one bar, not one per panel).
 */
export function colorBarSvg(domain: [number, number], colorOf: (v: number) => string, { width = 330, label, log = false, format = formatTick, idPrefix = 'colorbar' }: ColorLegendOptions & { width?: number; idPrefix?: string }): string {
  const m = { left: 16, right: 24 };
  const inner = width - m.left - m.right;
  const steps = 64;
  const s = positionScale(domain, [0, inner], log);
  const parts = [svgOpen({ width, height: 52, idPrefix, title: `Color scale: ${label}`, description: `${label} from ${formatTick(domain[0])} to ${formatTick(domain[1])}${log ? ', log scale' : ''}`, className: 'color-bar' })];
  parts.push(`<g class="legend" transform="translate(${m.left},18)" font-size="11" fill="currentColor">`);
  parts.push(`<text x="0" y="-6">${escapeXml(label)}</text>`);
  for (let k = 0; k < steps; k++) parts.push(`<rect x="${r((inner * k) / steps)}" width="${r(inner / steps + 0.5)}" height="12" fill="${colorOf(s.invert((inner * (k + 0.5)) / steps))}"/>`);
  for (const t of legendTicks(domain, log, 6)) parts.push(`<g transform="translate(${r(s(t))},12)"><line y2="4" stroke="currentColor"/><text y="16" text-anchor="middle">${escapeXml(format(t))}</text></g>`);
  parts.push('</g></svg>');
  return parts.join('');
}

export interface LegendItem {
  name: string;
  color: string;
  dash?: string;
  marker?: boolean;
}

/** Rows of a series legend for `count` items (4 per row). */
export const legendRows = (count: number) => Math.ceil(count / 4);

/** A legend of named series above the plot area: a short line sample (color and dash) or a dot, and the name. */
export function seriesLegendMark(items: LegendItem[], { columnWidth = 110, columns = 4 } = {}): Mark {
  return () => {
    const rows = Math.ceil(items.length / columns);
    const parts = [`<g class="series-legend" transform="translate(0,${-12 - 16 * (rows - 1)})" font-size="11" fill="currentColor">`];
    items.forEach((it, k) => {
      const cx = (k % columns) * columnWidth;
      const cy = Math.floor(k / columns) * 16;
      const sample = it.marker
        ? `<circle cx="${cx + 9}" cy="${cy}" r="3.5" fill="${it.color}"/>`
        : `<line x1="${cx}" x2="${cx + 18}" y1="${cy}" y2="${cy}" stroke="${it.color}" stroke-width="2"${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}/>`;
      parts.push(`${sample}<text x="${cx + 23}" y="${cy}" dy="0.32em">${escapeXml(it.name)}</text>`);
    });
    parts.push('</g>');
    return parts.join('');
  };
}
