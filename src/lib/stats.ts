/**
 * The statistics behind the claims' verdicts: means over replicates with 95 % Student-t intervals, paired (same seeds)
 * and unpaired (Welch) differences, and one-sample comparisons with a threshold. Pure functions of plain numbers.
 */
import type { Interval } from './verdict.js';

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of no values');
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (n − 1 in the denominator); 0 for a single value. */
export function sd(values: readonly number[]): number {
  const m = mean(values);
  if (values.length < 2) return 0;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Student-t 0.975 quantiles for 1 … 30 degrees of freedom (to 9 decimals). */
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
  2.20098516, 2.17881283, 2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.10092204, 2.093024054, 2.085963447,
  2.079613845, 2.073873068, 2.06865761, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
];

/** The standard normal 0.975 quantile. */
export const Z975 = 1.959963984540054;

/**
 * The 0.975 quantile of Student's t with `df` ≥ 1 degrees of freedom (the half-width factor of a 95 % interval).
 * df ≤ 30: the table, at ⌊df⌋ for a fractional df (a Welch df): the quantile falls with df, so rounding down only widens
 * the interval. df > 30: the Cornish–Fisher expansion in 1/df (error below 1e-7 there). df = ∞: the normal quantile.
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`t quantile: degrees of freedom must be ≥ 1, got ${df}`);
  if (df === Infinity) return Z975;
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = Z975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

function checkFinite(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what}: no values`);
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new RangeError(`${what}: non-finite value ${bad}`);
}

/** Mean with its 95 % t-interval (mean ± t₀.₉₇₅(n − 1)·sd/√n); n = 1 gives lo = hi = mean (no interval). */
export function interval(values: readonly number[]): Interval {
  checkFinite(values, 'interval');
  const n = values.length;
  const m = mean(values);
  if (n === 1) return { mean: m, lo: m, hi: m, n };
  const half = (tQuantile975(n - 1) * sd(values)) / Math.sqrt(n);
  return { mean: m, lo: m - half, hi: m + half, n };
}

/** a − b paired by replicate (a[i] and b[i] share a seed): the t-interval of the per-seed differences. */
export function pairedDifference(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length) throw new RangeError(`paired difference: ${a.length} values against ${b.length}`);
  return interval(a.map((v, i) => v - b[i]));
}

/**
 * a − b for independent samples (seeds differ): Welch's interval, with the Welch–Satterthwaite degrees of freedom.
 * n is the smaller sample's size; with fewer than 2 values on either side there is no variance, so lo = hi = mean.
 */
export function welchDifference(a: readonly number[], b: readonly number[]): Interval {
  checkFinite(a, 'Welch difference (a)');
  checkFinite(b, 'Welch difference (b)');
  const d = mean(a) - mean(b);
  const n = Math.min(a.length, b.length);
  if (n < 2) return { mean: d, lo: d, hi: d, n };
  const va = sd(a) ** 2 / a.length;
  const vb = sd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { mean: d, lo: d, hi: d, n };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const half = tQuantile975(df) * se;
  return { mean: d, lo: d - half, hi: d + half, n };
}

/** values − threshold: the t-interval of the values, shifted. */
export function oneSample(values: readonly number[], threshold: number): Interval {
  return interval(values.map((v) => v - threshold));
}

/** Median (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const s = [...values].sort((x, y) => x - y);
  const k = Math.floor(s.length / 2);
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}
