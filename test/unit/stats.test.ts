import { describe, expect, it } from 'vitest';
import { interval, mean, median, oneSample, pairedDifference, sd, tQuantile975, welchDifference, Z975 } from '../../src/lib/stats';

// t₀.₉₇₅(2)/√3: the half-width factor of a 3-replicate interval, per unit sd.
const K3 = 4.30265273 / Math.sqrt(3); // 2.48413771…

describe('mean and sample sd', () => {
  it('are the textbook values', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(sd([1, 2, 3])).toBe(1);
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sd([5])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('refuse no values', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('tQuantile975', () => {
  it('matches the published t table', () => {
    const known: Array<[number, number]> = [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [9, 2.262],
      [29, 2.045],
      [30, 2.042],
      [40, 2.021],
      [60, 2.0],
      [120, 1.98],
    ];
    for (const [df, q] of known) expect(Math.abs(tQuantile975(df) - q)).toBeLessThan(1e-3);
  });
  it('is the normal quantile for infinite df, and approaches it for large df', () => {
    expect(tQuantile975(Infinity)).toBe(Z975);
    expect(Math.abs(tQuantile975(1e6) - 1.96)).toBeLessThan(1e-3);
  });
  it('rounds a fractional df below 30 down (a wider interval), and is continuous at 30', () => {
    expect(tQuantile975(2.94)).toBe(tQuantile975(2));
    expect(Math.abs(tQuantile975(30.000001) - tQuantile975(30))).toBeLessThan(1e-6);
    // Above 30 it falls monotonically.
    expect(tQuantile975(31)).toBeLessThan(tQuantile975(30));
    expect(tQuantile975(31)).toBeCloseTo(2.039513, 5);
  });
  it('refuses df < 1', () => {
    expect(() => tQuantile975(0.5)).toThrow(RangeError);
    expect(() => tQuantile975(NaN)).toThrow(RangeError);
  });
});

describe('interval', () => {
  it('is mean ± t·sd/√n', () => {
    const iv = interval([1, 2, 3]);
    expect(iv.mean).toBe(2);
    expect(iv.n).toBe(3);
    expect(iv.lo).toBeCloseTo(2 - K3, 9);
    expect(iv.hi).toBeCloseTo(2 + K3, 9);
    expect(iv.lo).toBeCloseTo(-0.484138, 6);
  });
  it('two values: t(1) = 12.706', () => {
    // mean 1, sd √2, half-width 12.706·√2/√2
    const iv = interval([0, 2]);
    expect(iv.lo).toBeCloseTo(1 - 12.706204736, 9);
    expect(iv.hi).toBeCloseTo(1 + 12.706204736, 9);
  });
  it('one value has no interval', () => {
    expect(interval([5])).toEqual({ mean: 5, lo: 5, hi: 5, n: 1 });
  });
  it('identical values give a zero-width interval', () => {
    expect(interval([0.3, 0.3, 0.3])).toEqual({ mean: 0.3, lo: 0.3, hi: 0.3, n: 3 });
  });
  it('refuses no values and non-finite ones', () => {
    expect(() => interval([])).toThrow(RangeError);
    expect(() => interval([1, NaN])).toThrow(RangeError);
  });
});

describe('differences', () => {
  it('paired: the interval of per-seed differences', () => {
    const iv = pairedDifference([3, 5, 7], [1, 2, 3]); // differences 2, 3, 4
    expect(iv.mean).toBe(3);
    expect(iv.lo).toBeCloseTo(3 - K3, 9);
    expect(iv.hi).toBeCloseTo(3 + K3, 9);
    expect(iv.n).toBe(3);
    // A consistent shift is decisive when paired, even though the two samples overlap widely.
    const shifted = pairedDifference([10, 20, 30], [9, 19, 29]);
    expect(shifted).toEqual({ mean: 1, lo: 1, hi: 1, n: 3 });
  });
  it('paired: refuses unequal lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(RangeError);
  });
  it('Welch: Satterthwaite df, rounded down below 30', () => {
    // means 2 and 6; variances 1 and 4; se = √(1/3 + 4/3); df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 50/17 ≈ 2.94 → t(2)
    const iv = welchDifference([1, 2, 3], [4, 6, 8]);
    expect(iv.mean).toBe(-4);
    expect(iv.n).toBe(3);
    expect(iv.lo).toBeCloseTo(-4 - 4.30265273 * Math.sqrt(5 / 3), 9);
    expect(iv.hi).toBeCloseTo(-4 + 5.554700789, 8);
  });
  it('Welch: unequal sizes; n is the smaller', () => {
    // a = [1, 3] (var 2), b = [0, 0, 0] (var 0): se = 1, df = 1 → t(1)
    const iv = welchDifference([1, 3], [0, 0, 0]);
    expect(iv).toEqual({ mean: 2, lo: 2 - 12.706204736, hi: 2 + 12.706204736, n: 2 });
  });
  it('Welch: one value on a side gives no interval; zero variance gives a point', () => {
    expect(welchDifference([1], [0, 2])).toEqual({ mean: 0, lo: 0, hi: 0, n: 1 });
    expect(welchDifference([2, 2], [1, 1, 1])).toEqual({ mean: 1, lo: 1, hi: 1, n: 2 });
  });
  it('one-sample: values minus a threshold', () => {
    const iv = oneSample([0.5, 0.6, 0.7], 0.4); // 0.1, 0.2, 0.3
    expect(iv.mean).toBeCloseTo(0.2, 12);
    expect(iv.lo).toBeCloseTo(0.2 - 0.1 * K3, 9);
    expect(iv.hi).toBeCloseTo(0.448414, 6);
  });
});
