import { describe, expect, it } from 'vitest';
import { bandAreaD, curveBand } from '../../src/lib/plots/band';
import { lineChartSvg } from '../../src/lib/plots/line';

// Three literal curves on α ∈ {-1, 0, 1}; the third is missing (diverged) at α = 1.
const curves = [
  { x: [-1, 0, 1], y: [3, 1, 2] },
  { x: [-1, 0, 1], y: [5, 1, 4] },
  { x: [-1, 0, 1], y: [4, 1, null] },
];

describe('curve band', () => {
  it('min–max: mean and range per x, a missing value left out (not counted as zero)', () => {
    const b = curveBand(curves, 'range');
    expect(b.x).toEqual([-1, 0, 1]);
    expect(b.mean).toEqual([4, 1, 3]);
    expect(b.lo).toEqual([3, 1, 2]);
    expect(b.hi).toEqual([5, 1, 4]);
    expect(b.count).toEqual([3, 3, 2]);
  });

  it('±1 sd: the sample standard deviation around the mean; one curve gives a band of zero width', () => {
    const b = curveBand(curves, 'sd');
    expect(b.lo[0]).toBeCloseTo(3, 12); // values 3, 5, 4: mean 4, sd 1
    expect(b.hi[0]).toBeCloseTo(5, 12);
    expect(b.lo[1]).toBe(1);
    expect(b.hi[2]! - b.lo[2]!).toBeCloseTo(2 * Math.SQRT2, 12); // 2, 4: sd √2
    const one = curveBand([curves[0]], 'sd');
    expect(one.lo).toEqual(one.hi);
  });

  it('a point where every curve is missing is a gap in the band', () => {
    const b = curveBand([{ x: [0, 1], y: [1, null] }]);
    expect(b.mean).toEqual([1, null]);
    expect(b.lo).toEqual([1, null]);
  });

  it('refuses curves on different grids, naming the curve', () => {
    expect(() => curveBand([{ x: [0, 1], y: [1, 2] }, { x: [0, 2], y: [1, 2] }])).toThrow(/curve 2 is sampled on a different x grid/);
    expect(() => curveBand([])).toThrow(/no curves/);
  });

  it('area path: the upper edge left to right, then the lower edge back, in pixels of the scales', () => {
    const d = bandAreaD({ x: [0, 1, 2], lo: [1, 2, 3], hi: [2, 4, 6] }, (v) => 10 * v, (v) => 100 - 10 * v);
    expect(d).toBe('M0,80L10,60L20,40L20,70L10,80L0,90Z');
  });

  it('area path: broken where a bound is missing, and on a log axis where a bound is not positive', () => {
    const id = (v: number) => v;
    const gap = bandAreaD({ x: [0, 1, 2, 3], lo: [1, null, 1, 1], hi: [2, 2, 2, 2] }, id, id);
    expect(gap.match(/M/g)!.length).toBe(2);
    const log = bandAreaD({ x: [0, 1, 2], lo: [0, 1, 1], hi: [2, 2, 2] }, id, id, { log: true });
    expect(log.startsWith('M1,')).toBe(true);
  });

  it('a line chart draws each band under its line, in the series color, and its default y range holds the band', () => {
    const b = curveBand(curves);
    const svg = lineChartSvg([{ name: 'batch 64', x: b.x, y: b.mean, band: { lo: b.lo, hi: b.hi }, color: '#123456' }], { height: 300 });
    expect(svg.indexOf('class="band"')).toBeLessThan(svg.indexOf('class="series"'));
    expect(svg).toMatch(/<path class="band" data-name="batch 64" fill="#123456"/);
    // Inside the frame: no band vertex above the plot area's top (y < 0), as there would be with the mean's range only.
    const d = svg.match(/class="band"[^>]*d="([^"]+)"/)![1];
    const ys = [...d.matchAll(/-?[\d.]+,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    expect(() => lineChartSvg([{ name: 'bad', x: [0, 1], y: [1, 2], band: { lo: [1], hi: [2, 3] } }])).toThrow(/"bad" has 2 x but a band of 1 lower/);
  });
});
