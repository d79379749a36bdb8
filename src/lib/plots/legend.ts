/** A vertical color bar with ticks, for any sequential color scale (linear or log). */
import { escapeXml, r, tickValues } from './svg.js';
import { positionScale } from '../scales.js';
import { formatTick } from '../format.js';

export interface ColorLegendOptions {
  x: number;
  y: number;
  height: number;
  label: string;
  log?: boolean;
}

export function colorLegendSvg(domain: [number, number], colorOf: (v: number) => string, { x, y, height, label, log = false }: ColorLegendOptions): string {
  const steps = 48;
  const s = positionScale(domain, [height, 0], log);
  const parts = [`<g class="legend" transform="translate(${x},${y})" font-size="10" fill="currentColor">`];
  for (let k = 0; k < steps; k++) {
    const v = s.invert((height * (k + 0.5)) / steps);
    parts.push(`<rect y="${r((height * k) / steps)}" width="12" height="${r(height / steps + 0.5)}" fill="${colorOf(v)}"/>`);
  }
  for (const t of tickValues(s, 5)) parts.push(`<g transform="translate(12,${r(s(t))})"><line x2="4" stroke="currentColor"/><text x="6" dy="0.32em">${formatTick(t)}</text></g>`);
  parts.push(`<text transform="translate(-4,${r(height / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(label)}</text></g>`);
  return parts.join('');
}
