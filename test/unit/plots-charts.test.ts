import { describe, expect, it } from 'vitest';
import { curvePanelsSvg, lineChartSvg } from '../../src/lib/plots/line';
import { trajectoryLayout, trajectoryPathD, trajectorySvg } from '../../src/lib/plots/trajectory';
import { scatterSvg } from '../../src/lib/plots/scatter';
import { histogramHeights, histogramSvg } from '../../src/lib/plots/histogram';

const pathD = (svg: string, cls: string) => svg.match(new RegExp(`class="${cls}"[^>]*d="([^"]+)"`))?.[1] ?? '';

describe('line chart', () => {
  // Literal interpolation curve: 5 points, α ∈ [-0.5, 1.5], a barrier at α = 0.5, one diverged test value.
  const curve = {
    axis: 'interpolation' as const,
    x: [-0.5, 0, 0.5, 1, 1.5],
    metrics: {
      trainLoss: [1, 0.1, 2, 0.1, 1],
      testLoss: [1.2, 0.3, null, 0.3, 1.2],
      trainAccuracy: [0.6, 0.99, 0.3, 0.99, 0.6],
      testAccuracy: [0.55, 0.9, 0.25, 0.9, 0.55],
    },
  };

  it('draws train solid and test dashed, breaking the line at a missing value', () => {
    const [loss] = curvePanelsSvg(curve, { width: 400, height: 300 });
    const train = loss.match(/data-name="train loss"[^>]*d="([^"]+)"/)![1];
    const test = loss.match(/data-name="test loss"[^>]*stroke-dasharray="6 4" d="([^"]+)"/)![1];
    expect(train.match(/M/g)!.length).toBe(1);
    expect(test.match(/M/g)!.length).toBe(2); // broken at α = 0.5
  });

  it('marks α = 0 and α = 1 as θ₁ and θ₂ for an interpolation', () => {
    const [loss, acc] = curvePanelsSvg(curve);
    for (const s of [loss, acc]) {
      expect(s).toContain('θ₁');
      expect(s).toContain('θ₂');
    }
    expect(acc).toMatch(/>\d+%</);
    const [named] = curvePanelsSvg(curve, { endpoints: ['batch 64', 'batch 2048'] });
    expect(named).toContain('>batch 2048</text>');
  });

  it('a shared y domain puts equal values at equal heights in two panels', () => {
    const a = lineChartSvg([{ name: 'a', x: [0, 1], y: [1, 2] }], { yDomain: [0, 4], height: 300 });
    const b = lineChartSvg([{ name: 'b', x: [0, 1], y: [1, 4] }], { yDomain: [0, 4], height: 300 });
    const firstY = (s: string) => +s.match(/class="series"[^>]*d="M[\d.]+,([\d.]+)/)![1];
    expect(firstY(a)).toBe(firstY(b));
  });

  it('explains a length mismatch', () => {
    expect(() => lineChartSvg([{ name: 'bad', x: [0, 1], y: [1] }])).toThrow(/"bad" has 2 x and 1 y/);
  });
});

describe('trajectory', () => {
  const path = { x: [-2, -1, 0], y: [1, 0.5, 0], step: [0, 10, 20] };
  const surface = { x: [-3, 0, 3], y: [-2, 0, 2], values: [5, 3, 5, 2, 0.5, 2, 5, 3, 5] };

  it('labels the axes with explained variance and draws the path over contour lines', () => {
    const svg = trajectorySvg(path, { surface, explainedVariance: [0.873, 0.081] });
    expect(svg).toContain('PC1 (87.3%)');
    expect(svg).toContain('PC2 (8.1%)');
    expect(svg).toContain('class="contour-line"');
    expect(svg.match(/class="checkpoint"/g)!.length).toBe(3);
  });

  it('upTo draws the path up to a checkpoint; the path ends where the layout puts the last point', () => {
    const layout = trajectoryLayout(path, { surface });
    expect(trajectoryPathD(path, layout, 1).match(/L/g)!.length).toBe(1);
    const svg = trajectorySvg(path, { surface, explainedVariance: [0.9, 0.1], upTo: 1 });
    expect(pathD(svg, 'trajectory')).toBe(trajectoryPathD(path, layout, 1));
    const end = trajectoryPathD(path, layout).split('L').at(-1)!.split(',').map(Number);
    expect(end).toEqual([layout.sx(0), layout.sy(0)].map((v) => Math.round(v * 100) / 100));
  });

  it('without a surface, frames the path', () => {
    const svg = trajectorySvg(path, { explainedVariance: [0.5, 0.2] });
    expect(svg).not.toContain('contour-line');
    const layout = trajectoryLayout(path);
    expect(layout.sx.domain()[0]).toBeLessThan(-2);
    expect(layout.sx.domain()[1]).toBeGreaterThan(0);
  });

  it('explains mismatched arrays', () => {
    expect(() => trajectorySvg({ x: [0, 1], y: [0], step: [0, 1] }, { explainedVariance: [1, 0] })).toThrow(/lengths differ/);
  });
});

describe('scatter', () => {
  it('one point per finite run, grouped colors with a legend, labels in <title>', () => {
    const svg = scatterSvg(
      [
        { x: 10, y: 0.1, label: 'bs 128', group: 'small batch' },
        { x: 100, y: 0.14, label: 'bs 4096', group: 'large batch' },
        { x: NaN, y: 0.2, label: 'diverged' },
      ],
      { xScale: 'log', xLabel: 'λmax', yLabel: 'test error' },
    );
    expect(svg.match(/class="point"/g)!.length).toBe(2);
    expect(svg).toContain('<title>bs 4096</title>');
    expect(svg).toContain('large batch');
    expect(() => scatterSvg([{ x: NaN, y: 1 }])).toThrow(/no point/);
  });
});

describe('histogram', () => {
  const h = { name: 'small batch', edges: [0, 1, 2, 4], counts: [2, 4, 2] };
  it('densities integrate to 1', () => {
    const d = histogramHeights(h, true);
    expect(d.reduce((s, v, k) => s + v * (h.edges[k + 1] - h.edges[k]), 0)).toBeCloseTo(1, 12);
  });
  it('draws one closed step outline per series and checks edges', () => {
    const svg = histogramSvg([h, { ...h, name: 'large batch', counts: [1, 1, 6] }], { density: true });
    expect(svg.match(/class="histogram"/g)!.length).toBe(2);
    expect(svg).toContain('density');
    expect(() => histogramSvg([{ name: 'x', edges: [0, 1], counts: [1, 2] }])).toThrow(/2 counts but 2 edges/);
    expect(() => histogramSvg([{ name: 'x', edges: [0, 2, 1], counts: [1, 2] }])).toThrow(/must increase/);
  });
});
