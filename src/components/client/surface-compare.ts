/**
 * Browser side of SurfaceCompare: redraw all panels on one recomputed shared scale (levels above each panel's own
 * minimum, or absolute: plots/compare.ts) with one color bar; a cursor linked across panels, by pointer, touch and keys.
 */
import type { SurfaceView } from '../../lib/plots/contour';
import { compareColorBarSvg, comparePanelSvg, compareScale, type Reference } from '../../lib/plots/compare';
import { contourLayout } from '../../lib/plots/contour';
import { onSurfaceControls, surfaceControls } from './surface-controls';
import { formatLoss } from '../../lib/format';
import { compareReadout } from '../../lib/readout';
import type { MetricGrid, MetricName } from '../../lib/schema';
import { attachGridCursor, type Cell } from './grid-cursor';
import { METRIC_LABELS } from './labels';
import { bridgeStaticSvg, fetchArtifact, lazyToggle, onFirstApproach } from './lazy';
import { hydrateFigures } from './hydrate';

interface ComparePayload {
  id: string;
  x: number[];
  y: number[];
  size: { width: number; height: number };
  panels: Array<{ label: string; src: string }>;
}

function hydrate(figure: HTMLElement, d: ComparePayload): void {
  const hosts = [...figure.querySelectorAll<HTMLElement>('.panel-svg')];
  const mins = [...figure.querySelectorAll<HTMLElement>('.panel:not(.run-diverged) .panel-min')];
  const bar = figure.querySelector<HTMLElement>('.compare-colorbar');
  const controls = surfaceControls(figure);
  const { metricSel, viewSel, logBox, referenceSel } = controls;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  let cursor: Cell = { i: Math.floor(d.x.length / 2), j: Math.floor(d.y.length / 2) };
  let setters: Array<(c: Cell) => void> = [];
  let metrics: MetricGrid[] = [];
  const load = async () => (metrics = await Promise.all(d.panels.map((p) => fetchArtifact<{ metrics: MetricGrid }>(p.src).then((a) => a.metrics))));

  const render = async () => {
    await load();
    const metric = metricSel.value as MetricName;
    const cs = compareScale(metrics.map((m) => m[metric]), {
      label: METRIC_LABELS[metric], isLoss: metric.endsWith('Loss'), reference: (referenceSel?.value ?? 'minimum') as Reference, scale: logBox.checked ? 'log' : 'linear',
    });
    if (referenceSel) referenceSel.disabled = !metric.endsWith('Loss');
    if (bar) bar.innerHTML = compareColorBarSvg(cs, { idPrefix: `${d.id}-bar` });
    mins.forEach((el, n) => (el.textContent = cs.mins[n] === null ? '' : ` · min ${metric.endsWith('Loss') ? formatLoss(cs.mins[n]) : `${(100 * cs.mins[n]!).toFixed(1)}%`}`));
    const layout = contourLayout(d, { ...d.size, legend: false });
    let syncing = false;
    setters = hosts.map((host, n) => {
      const p = d.panels[n];
      host.innerHTML = comparePanelSvg({ x: d.x, y: d.y, values: metrics[n][metric] }, cs, { ...d.size, view: viewSel.value as SurfaceView, label: METRIC_LABELS[metric], idPrefix: `${d.id}-p${n}`, title: `${p.label}: ${METRIC_LABELS[metric]}` });
      return attachGridCursor(host.querySelector('svg')!, {
        x: d.x, y: d.y, layout, cursor, live: readout,
        label: `${p.label}, ${METRIC_LABELS[metric]}. Arrow keys move the cursor in every panel.`,
        onMove: (cell) => {
          cursor = cell;
          readout.textContent = compareReadout(d.x, d.y, d.panels.map((q, m) => ({ label: q.label, metrics: metrics[m] })), cell);
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
  readout.textContent = 'Hover or tap a panel, or focus it and use the arrow keys: the cursor moves in every panel.';
  let ready: Promise<void> | null = null;
  const first = () => (ready ??= render());
  hosts.forEach((host, n) => bridgeStaticSvg(host.querySelector('svg')!, `${d.panels[n].label}. Arrow keys move the cursor in every panel.`, () => first().then(() => hosts[n].querySelector('svg'))));
  onFirstApproach(figure, () => void first());
  // The panels in 3D with linked cameras (compare3d.ts, with three.js): loaded only when the reader asks for it.
  const button3d = figure.querySelector<HTMLButtonElement>('button.view3d');
  const host3d = figure.querySelector<HTMLElement>('.compare3d');
  if (button3d && host3d) lazyToggle(button3d, host3d, async () => (await import('./compare3d')).mountCompare3D(figure, host3d));
}

export function hydrateSurfaceCompares(): void {
  hydrateFigures<ComparePayload>('compare-data', hydrate);
}
