/** How claims print numbers: values in their unit, intervals, one effect per line (the findings CLI and the site). */
import type { Effect, Interval, Unit } from './verdict.js';

const PERCENT_UNITS: Unit[] = ['percent', 'fraction'];

export function significant(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return String(+v.toPrecision(3));
}

/**
 * One number in its unit. Errors and fractions print in percent ("12.3%"); a difference of them in percentage points
 * ("+1.2 pp"); other units with 3 significant digits. `signed` marks a difference (explicit + sign).
 */
export function formatValue(v: number, unit: Unit, signed = false): string {
  const sign = signed && v > 0 ? '+' : '';
  if (PERCENT_UNITS.includes(unit)) return `${sign}${(100 * v).toFixed(1)}${signed ? ' pp' : '%'}`;
  return `${sign}${significant(v)}`;
}

/** "mean [lo, hi]" in the unit (the bounds without the unit's suffix); just the mean when n = 1 (no interval). */
export function formatInterval(iv: Interval, unit: Unit, signed = false): string {
  const m = formatValue(iv.mean, unit, signed);
  if (iv.n < 2) return m;
  const bound = (v: number) => formatValue(v, unit, signed).replace(/ pp$|%$/, '');
  return `${m} [${bound(iv.lo)}, ${bound(iv.hi)}]`;
}

/**
 * One effect as the findings table prints it: "label: mean [lo, hi] (n=…) status"; "no data" when missing. A
 * difference prints signed (percentage points for errors and fractions); an effect with `a` and no `b` is a single
 * measured value (difference = a) and prints as a value.
 */
export function formatEffect(e: Effect): string {
  if (e.difference === null) return `${e.label}: no data (n=0) ${e.status}`;
  const signed = !(e.a && !e.b);
  return `${e.label}: ${formatInterval(e.difference, e.unit, signed)} (n=${e.difference.n}) ${e.status}`;
}
