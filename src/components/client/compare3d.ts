/**
 * SurfaceCompare's 3D view (loaded only when the reader asks for it): the compared panels side by side in 3D, with
 * linked cameras — turning or zooming one turns them all — and ONE height and color scale (the shared domain of the
 * 2D panels), so equal heights mean equal losses across panels. A diverged panel has no surface: it gets a text label
 * in its place, so the layout still lines up with the 2D panels (skip next to no skip, small batch next to large).
 */
import { HOW_TO_TURN, createSurfaceView, type SurfaceView } from './surface3d';
import { onSurfaceControls, surfaceControls } from './surface-controls';
import { fetchArtifact } from './lazy';
import { METRIC_LABELS } from './labels';
import { aboveMinimum, colorScale } from '../../lib/scales';
import { compareScale, type Reference } from '../../lib/plots/compare';
import type { MetricGrid, MetricName } from '../../lib/schema';

/** The figure's payload (SurfaceCompare.astro): the shared grid and the data file of each panel with a surface. */
interface ComparePayload {
  id: string;
  x: number[];
  y: number[];
  panels: Array<{ label: string; src: string }>;
}

/** The views of several panels made to move as one: a change in any is copied to the others, without recursion. */
export function linkCameras<T extends { follow(other: T): void }>(views: T[]): (from: number) => void {
  let syncing = false;
  return (from) => {
    if (syncing || !views[from]) return;
    syncing = true; // follow() moves the others' controls, which report back here
    try {
      views.forEach((v, n) => n !== from && v.follow(views[from]));
    } finally {
      syncing = false;
    }
  };
}

/**
 * Mount the 3D panels of `figure` into `host`: fetches the panels' grids (cached, shared with the 2D panels),
 * follows the figure's metric and log switches, and sets host.dataset.state to 'ready', 'no-webgl' or 'no-data'.
 */
export async function mountCompare3D(figure: HTMLElement, host: HTMLElement): Promise<void> {
  const d = JSON.parse(figure.querySelector('script.compare-data')!.textContent!) as ComparePayload;
  const metrics = await Promise.all(d.panels.map((p) => fetchArtifact<{ metrics: MetricGrid }>(p.src).then((a) => a.metrics)));
  const controls = surfaceControls(figure);
  // The 2D panels' own scale (plots/compare.ts): heights are each panel's rise above its own minimum (the default,
  // as the paper draws them) or the values themselves, on ONE domain for every panel either way.
  const state = () => {
    const metric = controls.metricSel.value as MetricName;
    const isLoss = metric.endsWith('Loss');
    const cs = compareScale(metrics.map((m) => m[metric]), { label: METRIC_LABELS[metric], isLoss, reference: (controls.referenceSel?.value ?? 'minimum') as Reference, scale: controls.logBox.checked ? 'log' : 'linear' });
    const rises = cs.reference === 'minimum';
    return {
      ...cs,
      metric,
      values: metrics.map((m) => (rises ? aboveMinimum(m[metric]).values : m[metric])),
      label: rises ? `${METRIC_LABELS[metric]} above its minimum` : METRIC_LABELS[metric],
      colorOf: cs.domain ? colorScale(cs.domain, { log: cs.log }) : () => '#888888',
    };
  };
  const input = (s: ReturnType<typeof state>, n: number) => ({ values: s.values[n], domain: s.domain!, log: s.log, colorOf: s.colorOf, label: s.label });

  host.textContent = '';
  const grid = document.createElement('div');
  grid.className = 'panels3d';
  const note = document.createElement('p');
  note.className = 'note note3d';
  host.append(grid, note);

  // One slot per 2D panel, in the same order; the payload lists only the panels with a surface.
  const views: SurfaceView[] = [];
  const link = linkCameras(views);
  let s = state();
  if (!s.domain) {
    host.innerHTML = '<p class="note">No panel has a finite value of this metric to draw in 3D.</p>';
    host.dataset.state = 'no-data';
    return;
  }
  // All slots first, then the views: a view sizes itself to its slot, which must already have its final width.
  const slots: Array<{ slot: HTMLElement; n: number }> = [];
  let next = 0;
  for (const panel of figure.querySelectorAll<HTMLElement>('.figure-plot.panels > .plot')) {
    const slot = document.createElement('div');
    slot.className = 'panel3d';
    const caption = document.createElement('div');
    caption.className = 'panel-label';
    slot.append(caption);
    grid.append(slot);
    if (panel.classList.contains('run-diverged')) {
      caption.textContent = panel.querySelector('.panel-label')?.textContent?.trim() ?? '';
      const missing = document.createElement('p');
      missing.className = 'panel3d-missing';
      missing.textContent = 'Diverged: no surface to draw.';
      slot.append(missing);
      continue;
    }
    caption.textContent = d.panels[next].label;
    slots.push({ slot, n: next++ });
  }
  for (const { slot, n } of slots) {
    const view = createSurfaceView(slot, { x: d.x, y: d.y, ...input(s, n) }, { name: d.panels[n].label, onCamera: () => link(n) });
    if (!view) {
      host.innerHTML = '<p class="note">The 3D view needs WebGL, which this browser has disabled. The 2D panels show the same data.</p>';
      host.dataset.state = 'no-webgl';
      return;
    }
    views.push(view);
  }
  // Every panel starts at the first one's view.
  link(0);

  const describe = () => {
    const range = `from ${s.domain![0].toPrecision(3)} to ${s.domain![1].toPrecision(3)}${s.log ? ' on a log scale' : ''}`;
    const what = s.reference === 'minimum' ? `${METRIC_LABELS[s.metric]} above each panel's own minimum (as the 2D panels), ${range}; rises below the bottom of the scale are drawn flat` : `${METRIC_LABELS[s.metric]}, ${range}`;
    note.textContent = `Height and color: ${what}, one scale for every panel, the colors of the 2D panels; red pin: θ*, each net's trained weights (α = β = 0). The views turn together. ${HOW_TO_TURN}`;
  };
  describe();
  onSurfaceControls(controls, () => {
    const now = state();
    if (!now.domain) return; // keep the last drawing rather than invent a scale
    s = now;
    views.forEach((v, n) => v.update(input(s, n)));
    describe();
  });
  host.dataset.state = 'ready';
}
