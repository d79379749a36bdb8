/**
 * The one color scale of compared surface panels (small vs large batch, skip vs no skip, widths). Two honest choices,
 * named by `reference`:
 * - 'minimum' (default for losses, as the paper draws them): each panel's levels are its rise above its OWN minimum,
 *   on one shared scale of rises. A panel whose floor is higher (a large batch, 0.361 against 0.285) is not drawn
 *   with a smaller dark basin for that reason alone; the basin's width at a given rise is what compares sharpness.
 * - 'absolute': the values themselves on one shared scale (equal color = equal loss in every panel).
 * Diverged panels (no finite value) never set the scale. One color bar for all panels, drawn apart (colorBarSvg).
 */
import { interpolateViridis } from 'd3';
import { contourPlotSvg, type ContourPlotOptions, type Grid } from './contour.js';
import { colorBarSvg } from './legend.js';
import { aboveMinimum, colorScale, sharedDomain, sharedRiseDomain, useLog, type Values } from '../scales.js';
import { formatLoss, formatTick } from '../format.js';

export type Reference = 'absolute' | 'minimum';

export interface CompareScale {
  reference: Reference;
  /** Shared domain of values (absolute) or of rises (minimum); null when no panel has a finite value. */
  domain: [number, number] | null;
  log: boolean;
  /** Each panel's own minimum (null for a panel without finite values). */
  mins: Array<number | null>;
  /** What the colors show, e.g. "train loss above each panel's minimum". */
  label: string;
}

/** Rises above a minimum only make sense for a quantity to minimize: accuracies are always compared absolutely. */
export function compareScale(panels: Values[], { label, isLoss, reference = 'minimum', scale = 'log' }: { label: string; isLoss: boolean; reference?: Reference; scale?: 'log' | 'linear' }): CompareScale {
  const ref: Reference = isLoss ? reference : 'absolute';
  const mins = panels.map((p) => aboveMinimum(p).min);
  if (ref === 'minimum') {
    const d = sharedRiseDomain(panels);
    const domain = d && scale === 'linear' ? ([0, d[1]] as [number, number]) : d;
    return { reference: ref, domain, log: domain !== null && useLog(scale, domain), mins, label: `${label} above each panel's minimum` };
  }
  const domain = sharedDomain(panels, { scale });
  return { reference: ref, domain, log: domain !== null && useLog(scale, domain), mins, label };
}

/**
 * Levels of a compared panel: 16, not a single figure's 24. A panel is drawn at 330 px, where 16 levels are as many as
 * the eye separates, and a figure of four to six panels is most of the article's bytes (24 levels: 126 kB for the
 * four batch panels; 16: about a third less).
 */
export const COMPARE_LEVELS = 16;

/** One panel on the shared scale, without its own color bar. */
export function comparePanelSvg(grid: Grid, cs: CompareScale, options: Omit<ContourPlotOptions, 'reference' | 'domain' | 'legend' | 'scale'>): string {
  return contourPlotSvg(grid, { levels: COMPARE_LEVELS, ...options, reference: cs.reference, domain: cs.domain, scale: cs.log ? 'log' : 'linear', legend: false });
}

/** The panels' one color bar ('' when nothing is colored). */
export function compareColorBarSvg(cs: CompareScale, { width = 330, idPrefix }: { width?: number; idPrefix: string }): string {
  if (!cs.domain) return '';
  return colorBarSvg(cs.domain, colorScale(cs.domain, { log: cs.log, scheme: interpolateViridis }), { width, label: cs.label, log: cs.log, idPrefix });
}

/** The caption's sentence stating the scale, with the numbers. */
export function compareScaleSentence(cs: CompareScale, panelLabels: string[], quantity: string): string {
  if (!cs.domain) return `No panel has a finite ${quantity}.`;
  const range = `${formatTick(cs.domain[0])} to ${formatTick(cs.domain[1])}${cs.log ? ', log' : ''}`;
  if (cs.reference === 'minimum') {
    const mins = panelLabels.map((l, k) => (cs.mins[k] === null ? null : `${l} ${formatLoss(cs.mins[k])}`)).filter(Boolean).join(', ');
    return `Contours are drawn at the same rises above each panel's own minimum (as in the paper), one scale of rises from ${range}, so basins compare by width whatever their floor; the minima are ${mins}. Rises below ${formatTick(cs.domain[0])} share the darkest color.`;
  }
  return `All panels share one color scale of the ${quantity} itself, from ${range}: equal colors are equal values.`;
}
