import { describe, expect, it } from 'vitest';
import { contourPlotSvg, contourThresholds, finiteExtent } from '../../src/lib/plots/contour';

// A literal 3×3 bowl: f = α² + β² on {-1, 0, 1}², plus 0.5.
const grid = { x: [-1, 0, 1], y: [-1, 0, 1], values: [2.5, 1.5, 2.5, 1.5, 0.5, 1.5, 2.5, 1.5, 2.5] };

describe('contour plot', () => {
  it('draws one filled band per threshold at or below the maximum, axes, a legend and the minimizer', () => {
    const svg = contourPlotSvg(grid, { levels: 4, scale: 'linear', domain: [0.5, 2.5] });
    const bands = svg.match(/<path class="contour"/g) ?? [];
    expect(bands.length).toBe(4);
    expect(svg).toContain('class="minimizer"');
    expect(svg).toContain('class="legend"');
    expect(svg).toContain('α (direction 1)');
  });

  it('bands are superlevel sets: the f ≥ 1 band is a ring whose hole is centred on (0, 0)', () => {
    const svg = contourPlotSvg(grid, { levels: 4, scale: 'linear', domain: [0.5, 2.5], width: 300, height: 300 });
    const band = svg.match(/data-value="1\.000"[^>]*d="([^"]+)"/)![1];
    const rings = band.split('M').filter(Boolean).map((ring) => {
      const nums = ring.match(/-?\d+(\.\d+)?/g)!.map(Number);
      return { xs: nums.filter((_, i) => i % 2 === 0), ys: nums.filter((_, i) => i % 2 === 1) };
    });
    expect(rings.length).toBe(2);
    const inner = { w: 300 - 52 - 84, h: 300 - 12 - 44 };
    // The hole: the ring lying wholly inside the plot area, centred on the pixel of (0, 0).
    const hole = rings.find((r) => Math.min(...r.xs) > 0 && Math.max(...r.xs) < inner.w)!;
    expect(hole).toBeDefined();
    expect(Math.abs((Math.min(...hole.xs) + Math.max(...hole.xs)) / 2 - inner.w / 2)).toBeLessThan(1);
    expect(Math.abs((Math.min(...hole.ys) + Math.max(...hole.ys)) / 2 - inner.h / 2)).toBeLessThan(1);
  });

  it('spaces log thresholds evenly in log(value)', () => {
    const t = contourThresholds([1, 1000], 3, 'log');
    expect(t.map((v) => Math.round(Math.log10(v) * 1000) / 1000)).toEqual([0, 1, 2]);
  });

  it('ignores non-finite and missing values in the extent and rejects a wrong-sized grid', () => {
    expect(finiteExtent([null, 3, 1, Infinity])).toEqual([1, 3]);
    expect(() => contourPlotSvg({ x: [0, 1], y: [0, 1], values: [1, 2, 3] })).toThrow(/3 values for a 2×2 grid/);
  });
});
