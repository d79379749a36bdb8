/**
 * Scales shared by every plot, so panels that are compared side by side use the same numbers for the same colors
 * and positions. Pure functions, no DOM.
 */
import { interpolateViridis, scaleLinear, scaleLog, scaleSequential, type ScaleContinuousNumeric } from 'd3';

export type Values = ArrayLike<number | null>;

/**
 * [min, max] of the finite values, widened by 1 (or ×2 when positive) when all are equal; null when there are none:
 * a grid with no finite values (a diverged run) has no value range, and a plot must say so, not invent one.
 */
export function finiteDomain(values: Values, { positive = false } = {}): [number, number] | null {
  const r = finiteRange(values, { positive });
  if (r === null) return null;
  const [lo, hi] = r;
  return lo === hi ? [lo, lo + (positive ? lo : 1)] : [lo, hi];
}

/** [min, max] of the finite (optionally positive) values as they are, possibly equal; null when there are none. */
export function finiteRange(values: Values, { positive = false } = {}): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === null || !Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > hi ? null : [lo, hi];
}

/**
 * finiteDomain with [0, 1] when there are no finite values: only for position axes that need some range to draw a
 * frame. A color scale must use finiteDomain (or sharedDomain) and draw no color bar when it is null.
 */
export function finiteExtent(values: Values, { positive = false } = {}): [number, number] {
  return finiteDomain(values, { positive }) ?? [0, 1];
}

/** Whether any value is finite: a grid without one is drawn as a labelled empty frame (see plots/contour.ts). */
export function hasFinite(values: Values): boolean {
  return finiteDomain(values) !== null;
}

/**
 * One value domain for several panels that are compared (train vs test, small vs large batch): the union of their
 * finite extents. With `scale: 'log'` only positive values count, so a log color scale stays defined. Panels with no
 * (positive) finite values, such as a diverged run's, are skipped: they would otherwise stretch every other panel's
 * colors to an invented range. null when no panel has any.
 */
export function sharedDomain(panels: Values[], { scale = 'linear' as 'linear' | 'log' } = {}): [number, number] | null {
  if (panels.length === 0) throw new Error('sharedDomain: no panels given');
  const positive = scale === 'log';
  const extents = panels.map((p) => finiteDomain(p, { positive })).filter((e): e is [number, number] => e !== null);
  if (extents.length === 0) return null;
  return [Math.min(...extents.map((e) => e[0])), Math.max(...extents.map((e) => e[1]))];
}

/** A log scale is only honest on a positive domain; fall back to linear otherwise. */
export const useLog = (scale: 'log' | 'linear' | undefined, domain: [number, number]) => scale === 'log' && domain[0] > 0;

/** Position scale, linear or log. */
export function positionScale(domain: [number, number], range: [number, number], log = false): ScaleContinuousNumeric<number, number> {
  return (log ? scaleLog() : scaleLinear()).domain(domain).range(range);
}

/** Sequential color for a value: viridis by default, evenly spaced in log(value) on a log scale. */
export function colorScale(domain: [number, number], { log = false, scheme = interpolateViridis }: { log?: boolean; scheme?: (t: number) => string } = {}): (v: number) => string {
  const c = scaleSequential(scheme).domain(log ? [Math.log(domain[0]), Math.log(domain[1])] : domain).clamp(true);
  return (v: number) => c(log ? Math.log(Math.max(v, domain[0])) : v);
}

/** Index of the axis coordinate nearest v (axes are sorted ascending). */
export function nearestIndex(axis: ArrayLike<number>, v: number): number {
  let best = 0;
  for (let k = 1; k < axis.length; k++) if (Math.abs(axis[k] - v) < Math.abs(axis[best] - v)) best = k;
  return best;
}

/**
 * Categorical colors for series (train/test, runs): chosen to stay distinguishable on the light and the dark page
 * background; series also differ by dash, so color is never the only cue.
 */
export const SERIES_COLORS = ['#3b7dd8', '#e8782a', '#2fa15a', '#d64550', '#9467bd', '#8c6d31'];

/**
 * Readable ticks on a log scale (d3's log ticks list every integer multiple, too many to label): the decades when the
 * domain spans two or more; the 1-2-5 values when it spans a factor of 10 or more; else, on a narrow domain where a
 * log axis looks almost linear, d3's linear nice ticks (1, 1.5, 2, 2.5). Thinned to about `count`.
 */
export function logTicks(domain: [number, number], count = 5): number[] {
  const [lo, hi] = domain;
  const all = scaleLog().domain(domain).ticks();
  const mantissa = (t: number) => Math.round(t / Math.pow(10, Math.floor(Math.log10(t) + 1e-9)));
  const thin = (ts: number[]) => (ts.length <= count + 1 ? ts : ts.filter((_, i) => i % Math.ceil(ts.length / count) === 0));
  const decades = all.filter((t) => mantissa(t) === 1);
  if (decades.length >= 2) return thin(decades);
  const oneTwoFive = all.filter((t) => [1, 2, 5].includes(mantissa(t)));
  if (hi / lo >= 10 && oneTwoFive.length >= 3) return thin(oneTwoFive);
  const linear = scaleLinear().domain(domain).ticks(Math.max(2, count - 1)).filter((t) => t >= lo && t <= hi && t > 0);
  return linear.length >= 2 ? linear : thin(all);
}

/**
 * Values as their rise above the grid's own minimum (v − min), with the minimum: how the paper draws compared
 * surfaces, contours at fixed intervals above each minimum, so a panel with a higher floor (a large-batch run) is not
 * drawn with a smaller dark basin just because its floor is higher. null entries stay null; min is null without a
 * finite value.
 */
export function aboveMinimum(values: Values): { values: Array<number | null>; min: number | null } {
  const d = finiteDomain(values);
  if (d === null) return { values: Array.from(values, () => null), min: null };
  const min = d[0];
  return { values: Array.from(values, (v) => (v === null || !Number.isFinite(v) ? null : v - min)), min };
}

/**
 * The lowest level of a log scale of rises above a minimum, whose own lowest value is 0 and has no logarithm: the
 * power of ten at or below 1 % of the largest rise (0.01 for a rise of 2.5). Rises below it share the darkest color.
 */
export function riseFloor(maxRise: number): number {
  return Math.pow(10, Math.floor(Math.log10(maxRise / 100)));
}

/**
 * One domain of rises above each panel's own minimum for compared panels: [floor, the largest rise of any panel], the
 * floor set by the flattest panel (riseFloor of its largest rise), so every panel's basin has levels of its own
 * however steep another panel is. Panels with no finite value (diverged) or no rise are skipped; null when none is left.
 */
export function sharedRiseDomain(panels: Values[]): [number, number] | null {
  const tops = panels.map((p) => finiteRange(p)).filter((r): r is [number, number] => r !== null && r[1] > r[0]).map(([lo, hi]) => hi - lo);
  return tops.length ? [riseFloor(Math.min(...tops)), Math.max(...tops)] : null;
}
