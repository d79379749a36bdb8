/**
 * Browser side of SurfaceFigure: re-render with the same SVG renderer on a change of view (filled / lines / heatmap),
 * metric or log scale; read values out by hover or keyboard; open the 3D view (three.js, loaded only on demand).
 */
import { contourLayout, contourPlotSvg, type SurfaceView } from '../../lib/plots/contour';
import { onSurfaceControls, surfaceControls } from './surface-controls';
import { finiteExtent, colorScale, useLog } from '../../lib/scales';
import { surfaceReadout } from '../../lib/readout';
import type { MetricGrid, MetricName } from '../../lib/schema';
import { attachGridCursor, type Cell } from './grid-cursor';
import { METRIC_LABELS } from './labels';
import { bridgeStaticSvg, fetchArtifact, lazyToggle, onFirstApproach, onNearViewport } from './lazy';
import { hydrateFigures, plotWidth } from './hydrate';

export interface SurfacePayload {
  id: string;
  x: number[];
  y: number[];
  /** Inline metrics, or `src`: the data/ file to fetch them from on first approach (see lazy.ts). */
  metrics?: MetricGrid;
  src?: string;
  title: string;
  /** Shared color domain per metric, when the figure is one of several compared panels. */
  domains?: Partial<Record<MetricName, [number, number]>>;
}


type Surface3D = { update: (o: { values: Array<number | null>; domain: [number, number]; log: boolean; colorOf: (v: number) => string }) => void };

function hydrate(figure: HTMLElement, data: SurfacePayload): void {
  const host = figure.querySelector<HTMLElement>('.figure-plot .plot')!;
  const controls = surfaceControls(figure);
  const { metricSel, viewSel, logBox } = controls;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  const button3d = figure.querySelector<HTMLButtonElement>('button.view3d');
  const host3d = figure.querySelector<HTMLElement>('.surface3d');
  let cursor: Cell = { i: Math.floor(data.x.length / 2), j: Math.floor(data.y.length / 2) };
  let view3d: Surface3D | null = null;
  let metrics: MetricGrid | null = data.metrics ?? null;
  let loading: Promise<MetricGrid> | null = null;
  const load = () => (loading ??= metrics ? Promise.resolve(metrics) : fetchArtifact<{ metrics: MetricGrid }>(data.src!).then((a) => (metrics = a.metrics)));

  const state = () => {
    const metric = metricSel.value as MetricName;
    const values = metrics![metric];
    const scale = logBox.checked ? 'log' : 'linear';
    const domain = data.domains?.[metric] ?? finiteExtent(values, { positive: scale === 'log' });
    return { metric, values, scale, domain } as const;
  };

  // Draw at the width the plot gets (fonts keep their size on a phone), with a square plot area.
  const size = () => {
    const width = plotWidth(host, { max: 560, min: 300 });
    return { width, height: width - 80 };
  };
  let drawn = size();

  const render = async (): Promise<SVGSVGElement> => {
    await load();
    const t0 = performance.now();
    const { metric, values, scale, domain } = state();
    const grid = { x: data.x, y: data.y, values };
    drawn = size();
    host.innerHTML = contourPlotSvg(grid, {
      ...drawn,
      view: viewSel.value as SurfaceView,
      scale,
      domain,
      label: METRIC_LABELS[metric],
      idPrefix: data.id,
      title: `${METRIC_LABELS[metric]}: ${data.title}`,
      description: `${METRIC_LABELS[metric]} over the two direction coefficients α and β.`,
    });
    attachGridCursor(host.querySelector('svg')!, {
      x: data.x,
      y: data.y,
      layout: contourLayout(grid, drawn),
      cursor,
      live: readout,
      label: `${METRIC_LABELS[metric]} surface. Arrow keys move the readout, Shift+arrow five steps, Home the trained weights.`,
      onMove: (cell) => {
        cursor = cell;
        readout.textContent = surfaceReadout({ x: data.x, y: data.y, metrics: metrics! }, cell);
      },
    });
    if (view3d) view3d.update({ values, domain, log: useLog(scale, domain), colorOf: colorScale(domain, { log: useLog(scale, domain) }) });
    figure.dataset.redrawMs = (performance.now() - t0).toFixed(2);
    figure.dataset.interactive = 'true';
    return host.querySelector('svg')!;
  };

  onSurfaceControls(controls, render);
  if (button3d && host3d)
    lazyToggle(button3d, host3d, async () => {
      const [{ mountSurface3D }] = await Promise.all([import('./surface3d'), load()]);
      const { metric, values, domain, scale } = state();
      const log = useLog(scale, domain);
      const view = mountSurface3D(host3d, { x: data.x, y: data.y, values, domain, log, colorOf: colorScale(domain, { log }), label: METRIC_LABELS[metric] });
      // render() updates the view without the metric's name; the 3D axis and note need it.
      view3d = { update: (o) => view.update({ ...o, label: METRIC_LABELS[metricSel.value as MetricName] }) };
    });
  figure.querySelector<HTMLElement>('.figure-controls')!.hidden = false;
  readout.hidden = false;
  readout.textContent = 'Hover or tap the plot, or focus it and use the arrow keys.';
  // One first render, whoever asks first (approach, focus, narrow screen): a second would steal the focus.
  let first: Promise<SVGSVGElement> | null = null;
  const ready = () => (first ??= render());
  bridgeStaticSvg(host.querySelector('svg')!, 'Surface plot. Arrow keys move the readout.', ready);
  // The static SVG is drawn 560 px wide: on a narrow screen redraw at the real width as it nears the viewport (its
  // text would shrink otherwise); else on approach.
  if (size().width < 480) onNearViewport(figure, () => void ready());
  else onFirstApproach(figure, () => void ready());
  new ResizeObserver(() => figure.dataset.interactive && Math.abs(size().width - drawn.width) > 16 && render()).observe(host);
}

export function hydrateSurfaceFigures(): void {
  hydrateFigures<SurfacePayload>('surface-data', hydrate);
}
