/**
 * What a plot draws when it has no values to draw: a grid with no finite value, or a run that diverged before any
 * surface was computed. A frame and a text label that says why ("no finite values", "diverged: <reason>"), never an
 * invented value range or a color bar: a flat field with a 0–1 legend would read as a measured landscape.
 */
import { escapeXml, r, svgOpen } from './svg.js';

export const NO_FINITE_VALUES = 'no finite values';

/** Why a run has nothing to plot, as the compute step records it (schema RunStatus and the training's divergence). */
export interface DivergenceNote {
  reason: string;
  /** Epoch at which the training was declared diverged, when recorded. */
  epoch: number | null;
}

/** The label drawn in place of a diverged run's plot: "diverged at epoch 3: train loss NaN". Shared by build and browser. */
export function divergedLabel(d: DivergenceNote): string {
  // The reason may already name its epoch ("train loss NaN at epoch 3"): say it once.
  const at = d.epoch !== null && !/\bepoch\b/i.test(d.reason) ? ` at epoch ${d.epoch}` : '';
  return `diverged${at}: ${d.reason}`;
}

/** Split text into lines of at most about `maxChars` characters, at spaces (a longer word gets a line of its own). */
export function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A text label centred on (cx, cy) (or with its first line at `top`), wrapped to fit `maxWidth` px. SVG text does not wrap by itself; the width per
 * character is an estimate (0.56 em, a little wider than DejaVu Sans' average) so lines stay inside the frame.
 */
export function frameLabelSvg(text: string, { cx, cy, top, maxWidth, fontSize = 13, fill = 'currentColor' }: { cx: number; cy?: number; top?: number; maxWidth: number; fontSize?: number; fill?: string }): string {
  const lines = wrapWords(text, Math.max(8, Math.floor(maxWidth / (0.56 * fontSize))));
  const lineHeight = fontSize * 1.3;
  // Centred on cy, or (`top`) hanging from it: a note over a plot that has other marks in its middle.
  const y0 = top ?? (cy ?? 0) - ((lines.length - 1) * lineHeight) / 2;
  const tspans = lines.map((l, k) => `<tspan x="${r(cx)}" y="${r(y0 + k * lineHeight)}">${escapeXml(l)}</tspan>`).join('');
  return `<text class="no-data-label" text-anchor="middle" dominant-baseline="middle" font-size="${fontSize}" fill="${fill}">${tspans}</text>`;
}

/** A dashed frame over an area with the label in its middle: the "nothing to draw here" mark. */
export function noDataSvg(text: string, area: { width: number; height: number }): string {
  return (
    `<g class="no-data"><rect class="no-data-frame" width="${r(area.width)}" height="${r(area.height)}" fill="none" stroke="currentColor" stroke-opacity="0.45" stroke-dasharray="4 4"/>` +
    frameLabelSvg(text, { cx: area.width / 2, cy: area.height / 2, maxWidth: area.width - 24 }) +
    '</g>'
  );
}

export interface EmptyPlotOptions {
  width?: number;
  height?: number;
  /** What the frame says: "diverged: <reason>", "no finite values" … */
  label: string;
  title: string;
  description?: string;
  idPrefix: string;
  /** Extra class on the <svg> (the kind of plot it stands in for). */
  className?: string;
}

/** A whole plot with nothing but the labelled frame: for a run that has no data for this plot at all. */
export function emptyPlotSvg({ width = 560, height = 480, label, title, description = label, idPrefix, className = '' }: EmptyPlotOptions): string {
  const m = 12;
  return (
    svgOpen({ width, height, idPrefix, title, description, className: `empty-plot${className ? ` ${className}` : ''}` }) +
    `<g transform="translate(${m},${m})">${noDataSvg(label, { width: width - 2 * m, height: height - 2 * m })}</g></svg>`
  );
}
