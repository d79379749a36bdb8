/** Browser side of SurfaceCompare: redraw all panels on one recomputed shared scale; a cursor linked across panels. */
import { contourLayout, contourPlotSvg, type SurfaceView } from '../../lib/plots/contour';
import { onSurfaceControls, surfaceControls } from './surface-controls';
import { sharedDomain } from '../../lib/scales';
import { formatCoord, formatLoss, formatPercent } from '../../lib/format';
import type { MetricGrid, MetricName } from '../../lib/schema';
import { attachGridCursor, type Cell } from './grid-cursor';
import { METRIC_LABELS } from './labels';
import { bridgeStaticSvg, fetchArtifact, onFirstApproach } from './lazy';

interface ComparePayload {
  id: string;
  x: number[];
  y: number[];
  panels: Array<{ label: string; src: string }>;
}

const SIZE = { width: 330, height: 290 };

function hydrate(figure: HTMLElement): void {
  const d = JSON.parse(figure.querySelector('script.compare-data')!.textContent!) as ComparePayload;
  const hosts = [...figure.querySelectorAll<HTMLElement>('.panel-svg')];
  const controls = surfaceControls(figure);
  const { metricSel, viewSel, logBox } = controls;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  let cursor: Cell = { i: Math.floor(d.x.length / 2), j: Math.floor(d.y.length / 2) };
  let setters: Array<(c: Cell) => void> = [];
  let metrics: MetricGrid[] = [];
  const load = async () => (metrics = await Promise.all(d.panels.map((p) => fetchArtifact<{ metrics: MetricGrid }>(p.src).then((a) => a.metrics))));

  const text = ({ i, j }: Cell) => {
    const k = j * d.x.length + i;
    return `α ${formatCoord(d.x[i])}, β ${formatCoord(d.y[j])}: ` + d.panels.map((p, n) => `${p.label}: train loss ${formatLoss(metrics[n].trainLoss[k])} (acc ${formatPercent(metrics[n].trainAccuracy[k])}), test loss ${formatLoss(metrics[n].testLoss[k])}`).join(' · ');
  };

  const render = async () => {
    await load();
    const metric = metricSel.value as MetricName;
    const scale = logBox.checked ? 'log' : 'linear';
    const domain = sharedDomain(metrics.map((m) => m[metric]), { scale });
    const layout = contourLayout(d, SIZE);
    let syncing = false;
    setters = hosts.map((host, n) => {
      const p = d.panels[n];
      host.innerHTML = contourPlotSvg({ x: d.x, y: d.y, values: metrics[n][metric] }, { ...SIZE, view: viewSel.value as SurfaceView, scale, domain, label: METRIC_LABELS[metric], idPrefix: `${d.id}-p${n}`, title: `${p.label}: ${METRIC_LABELS[metric]}` });
      return attachGridCursor(host.querySelector('svg')!, {
        x: d.x, y: d.y, layout, cursor, live: readout,
        label: `${p.label}, ${METRIC_LABELS[metric]}. Arrow keys move the cursor in every panel.`,
        onMove: (cell) => {
          cursor = cell;
          readout.textContent = text(cell);
          if (syncing) return;
          syncing = true; // mirror the cursor in the other panels without recursing
          setters.forEach((set, m) => m !== n && set(cell));
          syncing = false;
        },
      });
    });
  };
  onSurfaceControls(controls, render);
  figure.querySelector<HTMLElement>('.figure-controls')!.hidden = false;
  readout.hidden = false;
  readout.textContent = 'Hover a panel, or focus it and use the arrow keys: the cursor moves in every panel.';
  let ready: Promise<void> | null = null;
  const first = () => (ready ??= render());
  hosts.forEach((host, n) => bridgeStaticSvg(host.querySelector('svg')!, `${d.panels[n].label}. Arrow keys move the cursor in every panel.`, () => first().then(() => hosts[n].querySelector('svg'))));
  onFirstApproach(figure, () => void first());
  figure.dataset.hydrated = 'true';
}

export function hydrateSurfaceCompares(): void {
  document.querySelectorAll<HTMLElement>('script.compare-data').forEach((s) => {
    const f = s.closest<HTMLElement>('figure');
    if (f && f.dataset.hydrated !== 'true') hydrate(f);
  });
}
