import { describe, expect, it } from 'vitest';
import { equalAspectDomains, plotLayout, plotSvg } from '../../src/lib/plots/plot';
import { trajectoryLayout, trajectorySize } from '../../src/lib/plots/trajectory';
import { legendTicks } from '../../src/lib/plots/legend';

const margin = { top: 10, right: 10, bottom: 10, left: 10 };

describe('the one frame', () => {
  it('equal aspect widens the shorter range about its centre: one data unit, one length in pixels', () => {
    const d = equalAspectDomains([0, 30], [-1, 1], { width: 300, height: 100 });
    expect(d.x).toEqual([0, 30]);
    expect(d.y[0]).toBeCloseTo(-5);
    expect(d.y[1]).toBeCloseTo(5);
    const f = plotLayout({ width: 320, height: 120, margin, x: { domain: [0, 30] }, y: { domain: [-1, 1] }, aspect: 'equal' });
    const px = (s: (v: number) => number) => Math.abs(s(1) - s(0));
    expect(px(f.sx)).toBeCloseTo(px(f.sy), 9);
  });

  it('names the option in its errors', () => {
    expect(() => plotLayout({ width: 100, height: 100, margin, x: { domain: [1, 1] }, y: { domain: [0, 1] } }, 'myPlot')).toThrow(/myPlot: x.domain must be two finite increasing numbers, got \[1,1\]/);
    expect(() => plotLayout({ width: 100, height: 100, margin, x: { domain: [0, 1], log: true }, y: { domain: [0, 1] } }, 'p')).toThrow(/log x axis needs a positive domain/);
    expect(() => plotLayout({ width: 15, height: 100, margin, x: { domain: [0, 1] }, y: { domain: [0, 1] } }, 'p')).toThrow(/leaves no plot area/);
  });

  it('composes marks in order inside the clip and overlays after the axes', () => {
    const svg = plotSvg({ width: 100, height: 80, margin, x: { domain: [0, 1] }, y: { domain: [0, 1] }, title: 't', description: 'd', idPrefix: 'p', className: 'c', marks: [() => '<g id="first"/>', () => '<g id="second"/>'], overlays: [() => '<g id="over"/>'] });
    const at = (id: string) => svg.indexOf(`id="${id}"`);
    expect(at('first')).toBeLessThan(at('second'));
    expect(svg.indexOf('class="marks" clip-path="url(#p-clip)"')).toBeLessThan(at('first'));
    expect(svg.indexOf('class="axis x"')).toBeLessThan(at('over'));
  });

  it('a trajectory frame is drawn at one scale on both axes, its height following the plane', () => {
    const path = { x: [0, 39], y: [-8, 8], step: [0, 1] };
    const surface = { x: [-4.5, 34.4], y: [-7.6, 8.4], values: [1, 2, 3, 4] };
    const size = trajectorySize(path, { surface, width: 560 });
    expect(size.height).toBeLessThan(560 * 0.6); // a 39 × 16 plane is wide, not square
    const f = trajectoryLayout(path, { surface, width: 560 });
    expect(Math.abs(f.sx(1) - f.sx(0))).toBeCloseTo(Math.abs(f.sy(1) - f.sy(0)), 9);
  });
});

describe('color bar ticks', () => {
  it('on a narrow log domain they reach into the basin (not only 0.5, 1, 1.5)', () => {
    const t = legendTicks([0.285, 2.5], true);
    expect(t[0]).toBeLessThan(0.45);
    expect(t.every((v) => v > 0.285 && v < 2.5)).toBe(true);
    expect(t).toEqual([...t].sort((a, b) => a - b));
  });
  it('decades on a wide log domain, nice ticks on a linear one', () => {
    expect(legendTicks([0.01, 100], true)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(legendTicks([0, 1], false)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
