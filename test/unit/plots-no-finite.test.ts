import { describe, expect, it } from 'vitest';
import { contourPlotSvg } from '../../src/lib/plots/contour';
import { heatmapSvg } from '../../src/lib/plots/heatmap';
import { trajectorySvg } from '../../src/lib/plots/trajectory';
import { divergedLabel, emptyPlotSvg, wrapWords } from '../../src/lib/plots/empty';
import { finiteDomain, finiteExtent, sharedDomain } from '../../src/lib/scales';

// Literal grids: a 3×3 bowl f = α² + β² + 0.5 on {-1, 0, 1}², and the same grid with no finite value (a diverged run).
const bowl = { x: [-1, 0, 1], y: [-1, 0, 1], values: [2.5, 1.5, 2.5, 1.5, 0.5, 1.5, 2.5, 1.5, 2.5] };
const blank = { ...bowl, values: [null, NaN, Infinity, null, -Infinity, null, null, null, null] as Array<number | null> };
const legendTicks = (svg: string) => [...svg.slice(svg.indexOf('class="legend"')).matchAll(/<text x="6" dy="0.32em">([^<]+)</g)].map((m) => m[1]);

describe('a grid with no finite values', () => {
  it('has no domain: finiteDomain is null (finiteExtent keeps its frame-only [0, 1])', () => {
    expect(finiteDomain(blank.values)).toBeNull();
    expect(finiteDomain([0, -1], { positive: true })).toBeNull();
    expect(finiteDomain(bowl.values)).toEqual([0.5, 2.5]);
    expect(finiteExtent(blank.values)).toEqual([0, 1]);
  });

  for (const view of ['filled', 'lines', 'heatmap'] as const) {
    it(`${view} view: a labelled frame with axes, no bands, no cells, no color bar`, () => {
      const svg = contourPlotSvg(blank, { view, scale: 'log', width: 300, height: 260, idPrefix: 'b' });
      expect(svg).toContain('class="contour-plot view-' + view + ' no-finite"');
      expect(svg).toContain('>no finite values</tspan>');
      expect(svg).not.toContain('class="legend"');
      expect(svg).not.toMatch(/class="(contour|contour-line|cell|minimizer)"/);
      expect(svg.match(/class="axis [xy]"/g)).toHaveLength(2);
    });
  }

  it('a given domain (even [0, 1]) does not bring a color bar back; the caller’s label is drawn instead', () => {
    const svg = contourPlotSvg(blank, { domain: [0, 1], emptyLabel: 'diverged at epoch 2: train loss NaN', width: 300, height: 260, idPrefix: 'd' });
    expect(svg).not.toContain('class="legend"');
    // 300 − 52 − 84 = 164 px wide, less 24 px padding: about 19 characters a line at 13 px.
    expect([...svg.matchAll(/<tspan x="([\d.]+)" y="([\d.]+)">([^<]+)</g)].map((m) => [+m[1], +m[2], m[3]])).toEqual([
      [82, 93.55, 'diverged at epoch'],
      [82, 110.45, '2: train loss NaN'],
    ]);
    expect(svg).toContain('<desc id="d-desc">diverged at epoch 2: train loss NaN</desc>');
  });

  it('the convexity heatmap of a map with no finite ratio: no 0–1 bar either', () => {
    const svg = heatmapSvg({ x: [0, 1], y: [0, 1], values: [null, null, null, null] }, { domain: [0, 1] });
    expect(svg).not.toContain('class="legend"');
    expect(svg).toContain('no finite values');
  });

  it('a grid with some finite values keeps its range and color bar (missing cells gray)', () => {
    const svg = contourPlotSvg({ x: [0, 1], y: [0, 1], values: [0.01, null, 1, 10] }, { view: 'heatmap', scale: 'log' });
    expect(legendTicks(svg)).toEqual(['0.01', '0.1', '1', '10']);
    expect(svg).not.toContain('no finite values');
  });

  it('a trajectory over such a plane: the path, a label, no contours and no color bar', () => {
    const path = { x: [-0.5, 0, 0.5], y: [0.5, 0, -0.5], step: [0, 1, 2] };
    const svg = trajectorySvg(path, { surface: blank, explainedVariance: [0.8, 0.1], label: 'train loss', width: 300, height: 260 });
    expect(svg).toContain('class="trajectory"');
    // 164 px wide at 12 px: the note wraps, first line 14 px below the top, on the white ground in dark ink.
    expect([...svg.matchAll(/<tspan x="([\d.]+)" y="([\d.]+)">([^<]+)</g)].map((m) => [+m[1], +m[2], m[3]])).toEqual([[82, 14, 'train loss: no finite'], [82, 29.6, 'values']]);
    expect(svg).toContain('font-size="12" fill="#111"');
    expect(svg).not.toContain('class="legend"');
    expect(svg).not.toContain('class="contour-line"');
    const drawn = trajectorySvg(path, { surface: bowl, explainedVariance: [0.8, 0.1], width: 300, height: 260 });
    expect(drawn).toContain('class="legend"');
  });
});

describe('shared domains skip panels with no finite values', () => {
  it('the union over the panels that have values; null when none has', () => {
    expect(sharedDomain([bowl.values, blank.values])).toEqual([0.5, 2.5]);
    expect(sharedDomain([blank.values, [4, 8]], { scale: 'log' })).toEqual([4, 8]);
    // Only non-positive values: nothing a log scale can show.
    expect(sharedDomain([[-1, 0], [2, 3]], { scale: 'log' })).toEqual([2, 3]);
    expect(sharedDomain([blank.values, [null]])).toBeNull();
    expect(() => sharedDomain([])).toThrow(/no panels/);
  });

  it('a diverged panel leaves the others’ drawing unchanged (golden: identical SVG to the panel alone)', () => {
    const alone = contourPlotSvg(bowl, { view: 'heatmap', scale: 'linear', domain: sharedDomain([bowl.values]) });
    const withDiverged = contourPlotSvg(bowl, { view: 'heatmap', scale: 'linear', domain: sharedDomain([bowl.values, blank.values]) });
    expect(withDiverged).toBe(alone);
    expect(legendTicks(alone)).toEqual(['0.5', '1', '1.5', '2', '2.5']);
    // A null shared domain (every panel empty) is accepted and draws the label.
    expect(contourPlotSvg(blank, { domain: sharedDomain([blank.values]) })).toContain('no finite values');
  });
});

describe('empty plots and labels', () => {
  it('wraps words to lines of about n characters', () => {
    expect(wrapWords('diverged at epoch 3: train loss above 10 times its initial loss', 20)).toEqual(['diverged at epoch 3:', 'train loss above 10', 'times its initial', 'loss']);
    expect(wrapWords('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });

  it('says diverged, with the epoch once', () => {
    expect(divergedLabel({ reason: 'train loss NaN', epoch: 3 })).toBe('diverged at epoch 3: train loss NaN');
    expect(divergedLabel({ reason: 'train loss NaN', epoch: null })).toBe('diverged: train loss NaN');
    expect(divergedLabel({ reason: 'train loss NaN at epoch 3', epoch: 3 })).toBe('diverged: train loss NaN at epoch 3');
  });

  it('golden: a whole empty plot is a dashed frame and its label, no axes, no legend', () => {
    expect(emptyPlotSvg({ width: 200, height: 100, label: 'diverged: loss NaN', title: 'Run r diverged', idPrefix: 'e', className: 'run-diverged' })).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100" role="img" aria-labelledby="e-title e-desc" class="empty-plot run-diverged" font-family="system-ui, \'DejaVu Sans\', sans-serif">' +
        '<title id="e-title">Run r diverged</title><desc id="e-desc">diverged: loss NaN</desc>' +
        '<g transform="translate(12,12)"><g class="no-data"><rect class="no-data-frame" width="176" height="76" fill="none" stroke="currentColor" stroke-opacity="0.45" stroke-dasharray="4 4"/>' +
        '<text class="no-data-label" text-anchor="middle" dominant-baseline="middle" font-size="13" fill="currentColor"><tspan x="88" y="38">diverged: loss NaN</tspan></text></g></g></svg>',
    );
  });
});
