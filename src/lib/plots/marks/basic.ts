/**
 * Small marks shared by several figures: a filled ground, the trained-weights marker, vertical rules with a label, and
 * a text label hung in the plot area (a note, or "nothing to draw here").
 */
import { escapeXml, r } from '../svg.js';
import type { Mark } from '../plot.js';
import { frameLabelSvg } from '../empty.js';

/** A rect under everything: contour lines need a light ground whatever the page theme (viridis' dark end vanishes). */
export const groundMark = (fill = '#fff'): Mark => ({ inner }) => `<rect class="plot-ground" width="${inner.width}" height="${inner.height}" fill="${fill}"/>`;

/** The × at (x, y) in data units: the trained weights θ*. */
export const minimizerMark = (x = 0, y = 0): Mark => ({ sx, sy }) =>
  `<g class="minimizer" transform="translate(${r(sx(x))},${r(sy(y))})"><path d="M-6,-6L6,6M-6,6L6,-6" stroke="white" stroke-width="4"/><path d="M-6,-6L6,6M-6,6L6,-6" stroke="#d62728" stroke-width="2"/><title>trained weights θ* (α = 0, β = 0)</title></g>`;

/** Dashed vertical rules at named x positions (α = 0 and α = 1: the two interpolated solutions). */
export const ruleXMark = (rules: Array<{ x: number; label: string }>): Mark => ({ sx, inner }) =>
  rules
    .map((m) => {
      const x = r(sx(m.x));
      return `<g class="mark"><line x1="${x}" x2="${x}" y2="${inner.height}" stroke="currentColor" stroke-opacity="0.5" stroke-dasharray="2 3"/><text x="${x}" y="10" dx="4" font-size="11" fill="currentColor">${escapeXml(m.label)}</text></g>`;
    })
    .join('');

/** A wrapped label across the top of the plot area (a note over other marks), e.g. "train loss: no finite values". */
export const noteMark = (text: string, { fill = 'currentColor' } = {}): Mark => ({ inner }) => frameLabelSvg(text, { cx: inner.width / 2, top: 14, maxWidth: inner.width - 16, fontSize: 12, fill });
