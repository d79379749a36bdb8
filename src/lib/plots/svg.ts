/**
 * SVG-string building blocks shared by all renderers: escaping, rounding, the outer <svg> with its accessible name,
 * and axes. Strings, not DOM, so the same code runs at build time in Node and in the browser.
 */
import type { ScaleContinuousNumeric } from 'd3';
import { formatTick } from '../format.js';
import { logTicks } from '../scales.js';

export const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
/** Two decimals are sub-pixel at any size we draw: smaller files, identical pictures. */
export const r = (v: number) => Math.round(v * 100) / 100;

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface FrameOptions {
  width: number;
  height: number;
  idPrefix: string;
  title: string;
  description: string;
  className: string;
}

/** The opening <svg> tag with role img and a title/desc pair, the accessible name screen readers read. */
export function svgOpen({ width, height, idPrefix, title, description, className }: FrameOptions): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ` +
    `aria-labelledby="${idPrefix}-title ${idPrefix}-desc" class="${className}" font-family="system-ui, 'DejaVu Sans', sans-serif">` +
    `<title id="${idPrefix}-title">${escapeXml(title)}</title><desc id="${idPrefix}-desc">${escapeXml(description)}</desc>`
  );
}

type Scale = ScaleContinuousNumeric<number, number>;

export interface AxisOptions {
  label?: string;
  ticks?: number;
  format?: (v: number) => string;
  /** Length of the perpendicular plot side: gridlines span it when `grid` is set. */
  span?: number;
  grid?: boolean;
  /** Where the axis label sits, away from the axis line. */
  labelOffset?: number;
  /** Explicit tick positions (categorical axes: one per category index), instead of `ticks` chosen by the scale. */
  values?: number[];
}

/** Log scales (they have .base) get decade ticks; linear ones d3's nice ticks. */
export function tickValues(scale: Scale, count: number): number[] {
  if ('base' in scale) return logTicks(scale.domain() as [number, number], count);
  return scale.ticks(count);
}

/** An x axis at the bottom of a plot area of height `span`, translated by the caller. */
export function axisBottom(scale: Scale, { label = '', ticks = 5, format = formatTick, span = 0, grid = false, labelOffset = 34, values }: AxisOptions = {}): string {
  const [x0, x1] = scale.range();
  const parts = [`<g class="axis x" transform="translate(0,${r(span)})" font-size="11" fill="currentColor">`, `<line x1="${r(x0)}" x2="${r(x1)}" stroke="currentColor"/>`];
  for (const t of values ?? tickValues(scale, ticks)) {
    const x = r(scale(t));
    if (grid) parts.push(`<line class="grid" x1="${x}" x2="${x}" y2="${-r(span)}" stroke="currentColor" stroke-opacity="0.12"/>`);
    parts.push(`<g transform="translate(${x},0)"><line y2="5" stroke="currentColor"/><text y="17" text-anchor="middle">${escapeXml(format(t))}</text></g>`);
  }
  if (label) parts.push(`<text class="label" x="${r((x0 + x1) / 2)}" y="${labelOffset}" text-anchor="middle" font-style="italic">${escapeXml(label)}</text>`);
  parts.push('</g>');
  return parts.join('');
}

/** A y axis at the left of a plot area of width `span`. */
export function axisLeft(scale: Scale, { label = '', ticks = 5, format = formatTick, span = 0, grid = false, labelOffset = 40, values }: AxisOptions = {}): string {
  const [y0, y1] = scale.range();
  const parts = [`<g class="axis y" font-size="11" fill="currentColor">`, `<line y1="${r(y0)}" y2="${r(y1)}" stroke="currentColor"/>`];
  for (const t of values ?? tickValues(scale, ticks)) {
    const y = r(scale(t));
    if (grid) parts.push(`<line class="grid" x2="${r(span)}" y1="${y}" y2="${y}" stroke="currentColor" stroke-opacity="0.12"/>`);
    parts.push(`<g transform="translate(0,${y})"><line x2="-5" stroke="currentColor"/><text x="-8" dy="0.32em" text-anchor="end">${escapeXml(format(t))}</text></g>`);
  }
  if (label) parts.push(`<text class="label" transform="translate(${-labelOffset},${r((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle" font-style="italic">${escapeXml(label)}</text>`);
  parts.push('</g>');
  return parts.join('');
}
