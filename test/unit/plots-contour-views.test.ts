import { describe, expect, it } from 'vitest';
import { contourPlotSvg } from '../../src/lib/plots/contour';
import { heatmapSvg } from '../../src/lib/plots/heatmap';
import { sharedDomain } from '../../src/lib/scales';

// A literal 3×3 bowl f = α² + β² + 0.5 on {-1, 0, 1}², and a 2×2 grid with one missing value.
const bowl = { x: [-1, 0, 1], y: [-1, 0, 1], values: [2.5, 1.5, 2.5, 1.5, 0.5, 1.5, 2.5, 1.5, 2.5] };

describe('surface views', () => {
  it('filled view: filled bands; lines view: unfilled strokes on a light ground', () => {
    const filled = contourPlotSvg(bowl, { levels: 4, scale: 'linear', view: 'filled' });
    const lines = contourPlotSvg(bowl, { levels: 4, scale: 'linear', view: 'lines' });
    expect(filled.match(/<path class="contour"/g)?.length).toBe(4);
    expect(lines).not.toContain('class="contour"');
    expect(lines.match(/<path class="contour-line"/g)?.length).toBeGreaterThan(0);
    expect(lines).toMatch(/<g class="bands" fill="none" stroke-width="1.2"><path class="contour-line"/);
    expect(lines).toContain('class="plot-ground"');
  });

  it('heatmap view: one cell per sample, the centre cell the lowest color, a missing value gray', () => {
    const svg = contourPlotSvg(bowl, { view: 'heatmap', scale: 'linear', width: 300, height: 300 });
    const cells = [...svg.matchAll(/<rect class="cell"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(cells.length).toBe(9);
    expect(cells[4]).toBe('#440154'); // viridis(0)
    expect(cells[0]).toBe(cells[8]);
    const holed = contourPlotSvg({ x: [0, 1], y: [0, 1], values: [1, null, 2, 3] }, { view: 'heatmap', scale: 'linear' });
    expect([...holed.matchAll(/class="cell"[^>]*fill="([^"]+)"/g)].map((m) => m[1])[1]).toBe('#888');
  });

  it('cells are centred on their coordinates and tile the plot area', () => {
    const svg = contourPlotSvg(bowl, { view: 'heatmap', scale: 'linear', width: 52 + 84 + 300, height: 12 + 44 + 300 });
    const xs = [...svg.matchAll(/class="cell" x="([-\d.]+)"[^>]*width="([\d.]+)"/g)].slice(0, 3).map((m) => [+m[1], +m[2]]);
    // 3 samples over α ∈ [-1, 1] → 300 px: cell centres at 0, 150, 300 and width 150.
    expect(xs.map(([x, w]) => Math.round(x + (w - 0.5) / 2))).toEqual([0, 150, 300]);
  });

  it('a shared domain gives equal colors to equal values across panels', () => {
    const other = { ...bowl, values: bowl.values.map((v) => v! * 2) };
    const domain = sharedDomain([bowl.values, other.values]);
    expect(domain).toEqual([0.5, 5]);
    const a = contourPlotSvg(bowl, { view: 'heatmap', scale: 'linear', domain });
    const b = contourPlotSvg(other, { view: 'heatmap', scale: 'linear', domain });
    const fills = (s: string) => [...s.matchAll(/class="cell"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    // bowl's corner (2.5) and other's edge midpoint (1.5·2 = 3) differ; bowl's edge (1.5) ≠ other's centre (1).
    expect(fills(a)[4]).toBe('#440154');
    expect(fills(b)[4]).not.toBe(fills(a)[4]);
  });

  it('log scale: legend ticks at decades; a non-positive domain falls back to linear', () => {
    const decades = { x: [0, 1], y: [0, 1], values: [0.01, 0.1, 1, 10] };
    const svg = contourPlotSvg(decades, { scale: 'log' });
    const legend = svg.slice(svg.indexOf('class="legend"'));
    expect([...legend.matchAll(/<text x="6" dy="0.32em">([^<]+)</g)].map((m) => m[1])).toEqual(['0.01', '0.1', '1', '10']);
    expect(() => contourPlotSvg({ x: [0, 1], y: [0, 1], values: [-1, 0, 1, 2] }, { scale: 'log' })).not.toThrow();
  });

  it('convexity heatmap: ratio label, custom axes, no minimizer unless asked', () => {
    const ratio = { x: [-1, 0, 1], y: [0, 1], values: [0, 0.1, 0.9, 0.2, 0, 1] };
    const svg = heatmapSvg(ratio, { domain: [0, 1], marker: false, xLabel: 'α', yLabel: 'β' });
    expect(svg).toContain('|λmin/λmax|');
    expect(svg).not.toContain('class="minimizer"');
    expect(svg.match(/class="cell"/g)?.length).toBe(6);
  });

  it('rejects a grid with fewer than 2 coordinates on an axis', () => {
    expect(() => contourPlotSvg({ x: [0], y: [0, 1], values: [1, 2] })).toThrow(/at least 2 coordinates/);
  });
});
