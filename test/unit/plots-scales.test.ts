import { describe, expect, it } from 'vitest';
import { interpolateViridis } from 'd3';
import { colorScale, finiteExtent, logTicks, nearestIndex, sharedDomain } from '../../src/lib/scales';
import { formatComponent, formatMetric, formatParam, formatTick } from '../../src/lib/format';

describe('shared scales', () => {
  it('sharedDomain is the union of the panels\' finite extents', () => {
    expect(sharedDomain([[1, 2, null], [0.5, Infinity, 1.5]])).toEqual([0.5, 2]);
  });
  it('a log shared domain ignores zero and negative values', () => {
    expect(sharedDomain([[0, 2, 4], [-1, 1]], { scale: 'log' })).toEqual([1, 4]);
  });
  it('rejects an empty panel list', () => {
    expect(() => sharedDomain([])).toThrow(/no panels/);
  });
  it('finiteExtent widens a constant grid and has a default for an empty one', () => {
    expect(finiteExtent([2, 2])).toEqual([2, 3]);
    expect(finiteExtent([null])).toEqual([0, 1]);
  });
  it('the same value gets the same color in two panels that share a domain', () => {
    const c1 = colorScale([1, 100], { log: true });
    const c2 = colorScale([1, 100], { log: true });
    expect(c1(10)).toBe(c2(10));
    expect(c1(1)).not.toBe(c1(100));
    // Log: 10 is (up to rounding) half-way between 1 and 100, far from where a linear scale puts it.
    expect(c1(10)).toBe(colorScale([0, Math.log(100)])(Math.log(10)));
    expect(['#21908d', '#21918c']).toContain(c1(10));
    expect(colorScale([1, 100])(10)).toBe(interpolateViridis(9 / 99));
  });
  it('log ticks are decades over wide domains, 1-2-5 over narrow ones', () => {
    expect(logTicks([0.01, 10])).toEqual([0.01, 0.1, 1, 10]);
    expect(logTicks([0.2, 6])).toEqual([0.2, 0.5, 1, 2, 5]);
    expect(logTicks([0.3, 1.9])).toEqual([0.5, 1, 1.5]);
    expect(logTicks([0.556, 2.82])).toEqual([1, 1.5, 2, 2.5]);
    expect(logTicks([11.8, 46.6])).toEqual([20, 30, 40]);
  });
  it('nearestIndex picks the closest coordinate', () => {
    expect(nearestIndex([-1, -0.5, 0, 0.5, 1], 0.3)).toBe(3);
    expect(nearestIndex([-1, 0, 1], -7)).toBe(0);
  });
});

describe('formats', () => {
  it('labels PCA axes with explained variance', () => {
    expect(formatComponent(1, 0.8734)).toBe('PC1 (87.3%)');
  });
  it('formats ticks, parameters and metrics', () => {
    expect(formatTick(0.25)).toBe('0.25');
    expect(formatTick(20000)).toBe('2e4');
    expect(formatParam(0.1)).toBe('0.1');
    expect(formatParam(0.0001)).toBe('1e-4');
    expect(formatMetric('testError', 0.123)).toBe('12.3%');
    expect(formatMetric('trainLoss', 0.1234)).toBe('0.123');
  });
});
