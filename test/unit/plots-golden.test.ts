/**
 * Golden SVGs of every pure renderer on literal small grids and series (as d3-contour and Observable Plot test
 * theirs): any change to a picture shows up as a diff of test/unit/__golden__/*.svg, to be reviewed and committed
 * (`npx vitest run test/unit/plots-golden.test.ts -u` rewrites them). The files open in a browser.
 */
import { describe, expect, it } from 'vitest';
import { contourPlotSvg } from '../../src/lib/plots/contour';
import { heatmapSvg } from '../../src/lib/plots/heatmap';
import { curvePanelsSvg, lineChartSvg } from '../../src/lib/plots/line';
import { scatterSvg } from '../../src/lib/plots/scatter';
import { histogramSvg } from '../../src/lib/plots/histogram';
import { trajectorySvg } from '../../src/lib/plots/trajectory';
import { colorBarSvg } from '../../src/lib/plots/legend';
import { emptyPlotSvg } from '../../src/lib/plots/empty';
import { overviewHtml } from '../../src/lib/plots/overview';
import { colorScale } from '../../src/lib/scales';

const golden = (name: string) => `./__golden__/${name}.svg`;
// A literal 5×5 bowl f = α² + 2β² + 0.3 on {-1, -0.5, 0, 0.5, 1}², a second one 0.1 higher and twice as steep.
const axis = [-1, -0.5, 0, 0.5, 1];
const bowl = { x: axis, y: axis, values: axis.flatMap((b) => axis.map((a) => a * a + 2 * b * b + 0.3)) };
const steep = { ...bowl, values: bowl.values.map((v) => 2 * (v - 0.3) + 0.4) };
const SMALL = { width: 300, height: 260 };

describe('golden SVGs', () => {
  it('surface: filled, lines, heatmap, log and linear', async () => {
    await expect(contourPlotSvg(bowl, { ...SMALL, levels: 6, idPrefix: 'g' })).toMatchFileSnapshot(golden('surface-filled-log'));
    await expect(contourPlotSvg(bowl, { ...SMALL, levels: 6, view: 'lines', scale: 'linear', idPrefix: 'g' })).toMatchFileSnapshot(golden('surface-lines-linear'));
    await expect(contourPlotSvg(bowl, { ...SMALL, view: 'heatmap', idPrefix: 'g' })).toMatchFileSnapshot(golden('surface-heatmap'));
  });

  it('surface: levels above each panel’s own minimum, one shared bar drawn apart', async () => {
    await expect(contourPlotSvg(steep, { ...SMALL, levels: 6, reference: 'minimum', domain: [0.01, 6], legend: false, idPrefix: 'g' })).toMatchFileSnapshot(golden('surface-above-minimum'));
    await expect(colorBarSvg([0.01, 6], colorScale([0.01, 6], { log: true }), { label: 'train loss above its minimum', log: true, idPrefix: 'g' })).toMatchFileSnapshot(golden('color-bar-log'));
  });

  it('convexity heatmap with a missing value, and the empty frames', async () => {
    const ratio = { x: [-1, 0, 1], y: [0, 1], values: [0, 0.1, 0.9, null, 0, 1] };
    await expect(heatmapSvg(ratio, { ...SMALL, domain: [0, 1], marker: false, idPrefix: 'g' })).toMatchFileSnapshot(golden('convexity-heatmap'));
    await expect(contourPlotSvg({ ...bowl, values: bowl.values.map(() => null) }, { ...SMALL, emptyLabel: 'diverged at epoch 3: train loss NaN', idPrefix: 'g' })).toMatchFileSnapshot(golden('surface-no-finite'));
    await expect(emptyPlotSvg({ ...SMALL, label: 'diverged at epoch 2: loss 41 > 10 × first batch', title: 'diverged', idPrefix: 'g' })).toMatchFileSnapshot(golden('empty-plot'));
  });

  it('line charts: interpolation panels, a band, a log axis with a break', async () => {
    const curve = { axis: 'interpolation' as const, x: [-0.5, 0, 0.5, 1, 1.5], metrics: { trainLoss: [1, 0.1, 2, 0.1, 1], testLoss: [1.2, 0.3, null, 0.3, 1.2], trainAccuracy: [0.6, 0.99, 0.3, 0.99, 0.6], testAccuracy: [0.55, 0.9, 0.25, 0.9, 0.55] } };
    const [loss, acc] = curvePanelsSvg(curve, { ...SMALL, idPrefix: 'g' });
    await expect(loss).toMatchFileSnapshot(golden('curve-loss'));
    await expect(acc).toMatchFileSnapshot(golden('curve-accuracy'));
    const band = lineChartSvg([{ name: 'mean of 3', x: [0, 1, 2], y: [1, 2, 1.5], band: { lo: [0.8, 1.5, 1.2], hi: [1.3, 2.4, 1.9] } }], { ...SMALL, idPrefix: 'g' });
    await expect(band).toMatchFileSnapshot(golden('line-band'));
  });

  it('scatter and histogram', async () => {
    await expect(scatterSvg([{ x: 0.1, y: 0.12, group: 'batch 64', label: 'a' }, { x: 0.05, y: 0.13, group: 'batch 2048', label: 'b' }, { x: 0.2, y: 0.1, group: 'batch 64' }], { ...SMALL, xLabel: 'sharpness', yLabel: 'test error', showLabels: true, idPrefix: 'g' })).toMatchFileSnapshot(golden('scatter'));
    await expect(histogramSvg([{ name: 'small', edges: [-1, -0.5, 0, 0.5, 1], counts: [1, 4, 5, 2] }, { name: 'large', edges: [-1, -0.5, 0, 0.5, 1], counts: [2, 3, 3, 2] }], { ...SMALL, density: true, idPrefix: 'g' })).toMatchFileSnapshot(golden('histogram'));
  });

  it('trajectory: equal aspect over a wide plane, played half way', async () => {
    const x = [-2, -1, 0, 1, 2, 3, 4];
    const y = [-1, 0, 1];
    const plane = { x, y, values: y.flatMap((b) => x.map((a) => 0.3 + 0.05 * (a - 3) ** 2 + b * b)) };
    const path = { x: [-1.5, 0, 1.5, 2.5, 3], y: [0.8, 0.3, -0.2, -0.1, 0], step: [0, 10, 20, 30, 40] };
    await expect(trajectorySvg(path, { surface: plane, explainedVariance: [0.9, 0.06], upTo: 2, levels: 6, width: 360, idPrefix: 'g' })).toMatchFileSnapshot(golden('trajectory'));
  });

  it('explorer overview: a learning-rate × batch-size grid with a diverged cell and a selection', async () => {
    const cells = [
      { lr: 0.01, bs: 32, value: 0.12 }, { lr: 0.01, bs: 512, value: 0.14 },
      { lr: 0.1, bs: 32, value: 0.11 }, { lr: 0.1, bs: 512, value: null, diverged: true },
    ];
    const html = overviewHtml(cells.map((c) => ({ ...c, id: `lr${c.lr}-bs${c.bs}` })), { selected: { lr: 0.1, bs: 32 }, label: 'test error', format: (v) => `${(100 * v).toFixed(1)}%`, idPrefix: 'g' });
    await expect(html).toMatchFileSnapshot('./__golden__/overview.html');
  });
});
