/**
 * The run explorer's overview: the learning-rate × batch-size grid as a table of colored cells, one per run, each a
 * button that selects the run (so the overview is itself the selector, and keyboard and screen readers get it for
 * free). The color is one quantity over all runs (test error, sharpness …) on one scale; a diverged run is a hatched
 * cell that says "diverged", never a color of the scale; a missing run is an empty cell. HTML, not SVG: cells are
 * controls. Pure string function, shared by the build and the browser.
 */
import { color as d3color, interpolateViridis } from 'd3';
import { escapeXml } from './svg.js';
import { colorScale, finiteDomain } from '../scales.js';
import { formatParam } from '../format.js';

export interface OverviewCell {
  id: string;
  lr: number;
  bs: number;
  /** The quantity shown; null when the run has none (diverged, or not measured). */
  value: number | null;
  diverged?: boolean;
}

export interface OverviewOptions {
  /** What the color shows, e.g. "test error". */
  label: string;
  format: (v: number) => string;
  selected?: { lr: number; bs: number } | null;
  /** Low values dark (default) or, with 'high', high values dark. */
  darkFor?: 'low' | 'high';
  /** Static HTML: buttons disabled until the page's script enables them (without JS they would do nothing). */
  disabled?: boolean;
  idPrefix?: string;
}

/** Black or white text, whichever reads on the fill (relative luminance of the sRGB color). */
export function textOn(fill: string): string {
  const c = d3color(fill)?.rgb();
  if (!c) return '#000';
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  return L > 0.18 ? '#000' : '#fff';
}

export function overviewHtml(cells: OverviewCell[], { label, format, selected = null, darkFor = 'low', disabled = false, idPrefix = 'overview' }: OverviewOptions): string {
  const lrs = [...new Set(cells.map((c) => c.lr))].sort((a, b) => a - b);
  const bss = [...new Set(cells.map((c) => c.bs))].sort((a, b) => a - b);
  const domain = finiteDomain(cells.filter((c) => !c.diverged).map((c) => c.value));
  const scheme = darkFor === 'low' ? interpolateViridis : (t: number) => interpolateViridis(1 - t);
  // A log scale when values span more than 3× (test errors of 15 % and 83 %): one bad run does not flatten the rest.
  const log = domain !== null && domain[0] > 0 && domain[1] / domain[0] > 3;
  const colorOf = domain ? colorScale(domain, { scheme, log }) : null;
  const rows = bss.map((bs) => {
    const tds = lrs.map((lr) => {
      const c = cells.find((q) => q.lr === lr && q.bs === bs);
      if (!c) return '<td class="no-run">no run</td>';
      const on = selected !== null && selected.lr === lr && selected.bs === bs;
      const what = c.diverged ? 'diverged' : c.value === null ? 'not measured' : format(c.value);
      const style = c.diverged || c.value === null || !colorOf ? '' : ` style="background:${colorOf(c.value)};color:${textOn(colorOf(c.value))}"`;
      const aria = `learning rate ${formatParam(lr)}, batch size ${bs}: ${c.diverged ? 'diverged' : `${label} ${what}`}`;
      return `<td><button type="button" class="cell${c.diverged ? ' diverged' : ''}" data-run="${escapeXml(c.id)}" data-lr="${lr}" data-bs="${bs}" aria-pressed="${on}" aria-label="${escapeXml(aria)}"${style}${disabled ? ' disabled' : ''}>${escapeXml(what)}</button></td>`;
    });
    return `<tr><th scope="row">${bs}</th>${tds.join('')}</tr>`;
  });
  return (
    `<table class="overview" id="${idPrefix}-overview"><caption>${escapeXml(label)} of every run${domain ? ` (from ${format(domain[0])} to ${format(domain[1])}${log ? ', log color scale' : ''}; ${darkFor === 'low' ? 'darker is lower' : 'darker is higher'})` : ''}</caption>` +
    `<thead><tr><th scope="col"><span class="corner">batch ↓ lr →</span></th>${lrs.map((lr) => `<th scope="col">${formatParam(lr)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
