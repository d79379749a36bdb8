import { describe, expect, it } from 'vitest';
import { compareScale, compareScaleSentence } from '../../src/lib/plots/compare';
import { contourPlotSvg, surfaceScale } from '../../src/lib/plots/contour';
import { aboveMinimum, riseFloor, sharedRiseDomain } from '../../src/lib/scales';
import { overviewHtml, textOn } from '../../src/lib/plots/overview';

// Two literal 3×3 bowls: the second has a higher floor (0.361 vs 0.285) and the SAME shape.
const shape = [2, 1, 2, 1, 0, 1, 2, 1, 2];
const low = shape.map((v) => 0.285 + 0.1 * v);
const high = shape.map((v) => 0.361 + 0.1 * v);
const axis = [-1, 0, 1];

describe('levels above each panel’s own minimum', () => {
  it('rises: v − min, null kept; floor a power of ten under 1 % of the largest rise', () => {
    expect(aboveMinimum([3, null, 1, 2])).toEqual({ values: [2, null, 0, 1], min: 1 });
    expect(aboveMinimum([null, NaN])).toEqual({ values: [null, null], min: null });
    expect(riseFloor(2.5)).toBe(0.01);
    expect(riseFloor(1356)).toBe(10);
  });

  it('the shared rise domain: floor from the flattest panel, top from the steepest; diverged panels skipped', () => {
    expect(sharedRiseDomain([low, [0, 1356], [null, null]])).toEqual([0.001, 1356]);
    expect(sharedRiseDomain([[null], [5, 5]])).toBeNull();
  });

  it('two panels of the same shape get the same picture whatever their floor; absolute levels do not', () => {
    const cs = compareScale([low, high], { label: 'train loss', isLoss: true });
    expect(cs.reference).toBe('minimum');
    expect(cs.mins.map((m) => +m!.toFixed(3))).toEqual([0.285, 0.361]);
    const svg = (values: number[], c = cs) => contourPlotSvg({ x: axis, y: axis, values }, { reference: c.reference, domain: c.domain, scale: c.log ? 'log' : 'linear', legend: false, levels: 6, idPrefix: 'x' });
    expect(svg(low)).toBe(svg(high));
    const abs = compareScale([low, high], { label: 'train loss', isLoss: true, reference: 'absolute' });
    expect(svg(low, abs)).not.toBe(svg(high, abs));
  });

  it('accuracies are always compared absolutely; the caption states the scale with the minima', () => {
    expect(compareScale([[0.9, 0.8]], { label: 'test accuracy', isLoss: false }).reference).toBe('absolute');
    const cs = compareScale([low, high], { label: 'train loss', isLoss: true });
    expect(compareScaleSentence(cs, ['batch 64', 'batch 2048'], 'train loss')).toMatch(/same rises above each panel's own minimum .* the minima are batch 64 0\.285, batch 2048 0\.361/);
  });

  it('the minimum itself is colored (no hole under the lowest level)', () => {
    const s = surfaceScale(low, { reference: 'minimum', scale: 'log' })!;
    expect(s.values[4]).toBe(0);
    const svg = contourPlotSvg({ x: axis, y: axis, values: low }, { reference: 'minimum', levels: 4 });
    // The lowest band (superlevel set at the floor) is the whole plot: one ring, not a ring with a hole at θ*.
    const first = svg.match(/class="contour" data-value="([^"]+)"[^>]*d="([^"]+)"/)!;
    expect(Number(first[1])).toBeCloseTo(s.domain[0], 6);
    expect(first[2].match(/M/g)!.length).toBe(1);
  });
});

describe('explorer overview', () => {
  const cells = [
    { id: 'a', lr: 0.01, bs: 32, value: 0.15 },
    { id: 'b', lr: 0.1, bs: 32, value: 0.83 },
    { id: 'c', lr: 0.01, bs: 512, value: null, diverged: true },
  ];
  const html = overviewHtml(cells, { label: 'test error', format: (v) => `${Math.round(100 * v)}%`, selected: { lr: 0.1, bs: 32 } });
  it('one button per run, the selection pressed, a diverged run hatched and named, a missing run empty', () => {
    expect(html.match(/<button/g)?.length).toBe(3);
    expect(html).toMatch(/data-run="b"[^>]*aria-pressed="true"/);
    expect(html).toMatch(/data-run="a"[^>]*aria-pressed="false"/);
    expect(html).toMatch(/class="cell diverged"[^>]*aria-label="learning rate 0.01, batch size 512: diverged"[^>]*>diverged</);
    expect(html).toContain('<td class="no-run">no run</td>');
    expect(html).toContain('log color scale'); // 15 % to 83 %: more than 3×
  });
  it('rows and columns are sorted numerically', () => {
    const order = [...html.matchAll(/<th scope="(?:row|col)">([\d.]+)</g)].map((m) => m[1]);
    expect(order).toEqual(['0.01', '0.1', '32', '512']);
  });
  it('text is black on light fills and white on dark ones', () => {
    expect(textOn('#fde725')).toBe('#000');
    expect(textOn('#440154')).toBe('#fff');
  });
});
