/**
 * Browser side of RunExplorer. The overview's cells, the sliders and the table's rows all select a run (the exact one,
 * or the nearest where the grid has a hole); the selection loads the run's artifacts from the static data/ files
 * (cached; all prefetched on first approach), redraws the panels on the shared scales at the width they get, updates
 * the readout, the overview, the table and the URL (?lr=&bs=#fig-N). When the new run's PCA plane is 1.5× larger or
 * smaller than the last one's, a cue says so. Redraw times are recorded for the budget check: figure.dataset.redrawMs
 * and window.__landscapeRedraws. A diverged run has no artifacts: its panels are labelled frames with no color bar.
 */
import { contourLayout, contourPlotSvg } from '../../lib/plots/contour';
import { trajectoryLayout, trajectorySvg } from '../../lib/plots/trajectory';
import { emptyPlotSvg, divergedLabel, type DivergenceNote } from '../../lib/plots/empty';
import { overviewHtml } from '../../lib/plots/overview';
import { EXPLORER_LEVELS, type CompareScale } from '../../lib/plots/compare';
import { formatParam } from '../../lib/format';
import { planeReadout, surfaceReadout } from '../../lib/readout';
import type { MetricName, Surface2D, Trajectory } from '../../lib/schema';
import { METRIC_LABELS } from './labels';
import { explorerReadout, formatOverview, findRun, nearestRun, parseSetting, rescale, rescaleCue, settingToSearch, sliderValueText, sortRows, OVERVIEW_METRICS, type OverviewMetric, type RunAxes, type RunSetting, type SortKey } from './run-state';
import { attachGridCursor, type Cell } from './grid-cursor';
import { bridgeStaticSvg, fetchArtifact, onFirstApproach, onNearViewport } from './lazy';
import { hydrateFigures, plotWidth } from './hydrate';

interface ExplorerRun {
  id: string;
  name: string;
  lr: number;
  bs: number;
  testError: number | null;
  values: Record<OverviewMetric, number | null>;
  /** Set when the run diverged: it has no surface, trajectory or plane. */
  diverged: DivergenceNote | null;
  surface: string | null;
  trajectory: string | null;
  /** surface2d on the trajectory's PCA plane, drawn under it. */
  plane: string | null;
}

interface ExplorerPayload {
  id: string;
  metric: MetricName;
  surfaceCs: CompareScale;
  planeCs: CompareScale;
  axes: RunAxes;
  base: string;
  size: { width: number; height: number };
  initial: RunSetting;
  runs: ExplorerRun[];
}

declare global {
  interface Window {
    __landscapeRedraws?: number[];
  }
}

function hydrate(figure: HTMLElement, d: ExplorerPayload): void | Promise<void> {
  const get = <T>(run: string, id: string | null) => (id ? fetchArtifact<T>(`${d.base}data/${run}/${id}.json`) : Promise.resolve(null));
  const lr = figure.querySelector<HTMLInputElement>('input.lr')!;
  const bs = figure.querySelector<HTMLInputElement>('input.bs')!;
  const lrOut = figure.querySelector<HTMLOutputElement>('.lr-value')!;
  const bsOut = figure.querySelector<HTMLOutputElement>('.bs-value')!;
  const readout = figure.querySelector<HTMLElement>('.explorer-readout')!;
  const cue = figure.querySelector<HTMLElement>('.rescale-cue')!;
  const cursorOut = figure.querySelector<HTMLOutputElement>('.cursor-readout')!;
  const surfaceHost = figure.querySelector<HTMLElement>('.surface-panel');
  const trajHost = figure.querySelector<HTMLElement>('.trajectory-panel');
  const overviewHost = figure.querySelector<HTMLElement>('.overview-host')!;
  const overviewSel = figure.querySelector<HTMLSelectElement>('select.overview-metric');
  const tbody = figure.querySelector<HTMLTableSectionElement>('.run-table tbody')!;
  const label = METRIC_LABELS[d.metric];
  const planeLabel = d.planeCs.reference === 'minimum' ? `${label} above the run's minimum` : label;
  let surfaceCursor: Cell | null = null;
  let planeCursor: Cell | null = null;
  let lastPlane: { x: [number, number]; y: [number, number] } | null = null;
  let request = 0;
  let current: RunSetting = d.initial;

  onFirstApproach(figure, () => d.runs.forEach((r) => [r.surface, r.trajectory, r.plane].forEach((a) => get(r.id, a))));
  const setting = (): RunSetting => ({ lr: d.axes.lrs[Number(lr.value)], bs: d.axes.bss[Number(bs.value)] });
  const mid = (s: { x: number[]; y: number[] }, c: Cell | null): Cell => (c && c.i < s.x.length && c.j < s.y.length ? c : { i: Math.floor(s.x.length / 2), j: Math.floor(s.y.length / 2) });
  // Panels side by side on a wide screen, one per row on a phone: drawn at the width each gets (text stays 11 px).
  const size = (host: HTMLElement) => {
    const width = plotWidth(host, { max: d.size.width, min: 280 });
    return { width, height: Math.round((width * d.size.height) / d.size.width) };
  };

  const drawOverview = () => {
    const k = (overviewSel?.value ?? 'testError') as OverviewMetric;
    const m = OVERVIEW_METRICS[k];
    overviewHost.innerHTML = overviewHtml(d.runs.map((r) => ({ id: r.id, lr: r.lr, bs: r.bs, value: r.values[k], diverged: r.diverged !== null })), { label: m.label, format: (v) => formatOverview(k, v), selected: current, darkFor: m.darkFor, idPrefix: d.id });
  };

  const markSelected = (run: ExplorerRun) => {
    overviewHost.querySelectorAll<HTMLButtonElement>('button.cell').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.run === run.id)));
    tbody.querySelectorAll<HTMLButtonElement>('button.select-run').forEach((b) => b.setAttribute('aria-pressed', String(b.closest('tr')!.dataset.run === run.id)));
  };

  const update = async (writeUrl: boolean) => {
    const s = setting();
    current = s;
    const exact = findRun(d.runs, s) as ExplorerRun | null;
    const run = exact ?? (nearestRun(d.runs, s) as ExplorerRun);
    lrOut.textContent = formatParam(s.lr);
    bsOut.textContent = String(s.bs);
    lr.setAttribute('aria-valuetext', sliderValueText(formatParam(s.lr), exact));
    bs.setAttribute('aria-valuetext', sliderValueText(String(s.bs), exact));
    markSelected(run);
    // The hash reopens a shared link at this figure, not at the top of the page.
    if (writeUrl) history.replaceState(null, '', `${settingToSearch(s, location.search)}#${figure.id}`);
    const mine = ++request;
    const [surface, traj, plane] = await Promise.all([get<Surface2D>(run.id, run.surface), get<Trajectory>(run.id, run.trajectory), get<Surface2D>(run.id, run.plane)]);
    if (mine !== request) return; // a later selection won
    const t0 = performance.now();
    const divergedSvg = (host: HTMLElement, panel: string) => emptyPlotSvg({ ...size(host), label: divergedLabel(run.diverged!), idPrefix: `${d.id}-${panel}`, className: 'run-diverged', title: `${run.name} diverged`, description: `learning rate ${run.lr}, batch size ${run.bs}: ${divergedLabel(run.diverged!)}. No surface or trajectory was computed.` });
    if (run.diverged) {
      // Nothing to draw or read out: each panel says the run diverged and why, with no color bar.
      if (surfaceHost) surfaceHost.innerHTML = divergedSvg(surfaceHost, 'surface');
      if (trajHost) trajHost.innerHTML = divergedSvg(trajHost, 'trajectory');
      cursorOut.textContent = '';
      cue.hidden = true;
    }
    if (surfaceHost && !run.diverged) {
      if (surface) {
        const grid = { x: surface.x, y: surface.y, values: surface.metrics[d.metric] };
        const sz = size(surfaceHost);
        const cs = d.surfaceCs;
        surfaceHost.innerHTML = contourPlotSvg(grid, { ...sz, reference: cs.reference, domain: cs.domain, scale: cs.log ? 'log' : 'linear', label, idPrefix: `${d.id}-surface`, title: `${label} of ${run.name}`, description: `learning rate ${run.lr}, batch size ${run.bs}` });
        attachGridCursor(surfaceHost.querySelector('svg')!, {
          x: surface.x, y: surface.y, layout: contourLayout(grid, sz), cursor: mid(surface, surfaceCursor), live: cursorOut,
          label: `${label} surface of the selected run. Arrow keys move the readout.`,
          onMove: (c) => ((surfaceCursor = c), (cursorOut.textContent = surfaceReadout(surface, c))),
        });
      } else surfaceHost.innerHTML = '<p class="note">This run has no surface.</p>';
    }
    if (trajHost && !run.diverged) {
      if (traj) {
        const grid = plane ? { x: plane.x, y: plane.y, values: plane.metrics[d.metric] } : undefined;
        const sz = size(trajHost);
        const cs = d.planeCs;
        trajHost.innerHTML = trajectorySvg(traj, { levels: EXPLORER_LEVELS, width: sz.width, height: sz.width, surface: grid, reference: cs.reference, domain: cs.domain, scale: cs.log ? 'log' : 'linear', label, explainedVariance: traj.explainedVariance, idPrefix: `${d.id}-trajectory`, title: `Trajectory of ${run.name}` });
        if (plane && grid) {
          attachGridCursor(trajHost.querySelector('svg')!, {
            x: plane.x, y: plane.y, layout: trajectoryLayout(traj, { surface: grid, width: sz.width, height: sz.width }), cursor: mid(plane, planeCursor), live: cursorOut,
            label: `Trajectory of the selected run over the ${planeLabel} on its PCA plane. Arrow keys read the loss.`,
            onMove: (c) => ((planeCursor = c), (cursorOut.textContent = planeReadout(plane, c))),
          });
          const extent = { x: [plane.x[0], plane.x[plane.x.length - 1]] as [number, number], y: [plane.y[0], plane.y[plane.y.length - 1]] as [number, number] };
          const text = rescaleCue(rescale(lastPlane, extent), { pc1: extent.x[1] - extent.x[0], pc2: extent.y[1] - extent.y[0] });
          cue.hidden = text === null;
          cue.textContent = text ?? '';
          trajHost.classList.toggle('rescaled', text !== null);
          lastPlane = extent;
        }
      } else trajHost.innerHTML = '<p class="note">This run has no trajectory.</p>';
    }
    const text = explorerReadout(run, s, exact !== null);
    readout.innerHTML = '';
    readout.append(text.before, Object.assign(document.createElement('strong'), { className: text.strongClass, textContent: text.strong }), text.after);
    const ms = performance.now() - t0;
    figure.dataset.redrawMs = ms.toFixed(2);
    figure.dataset.run = run.id;
    figure.dataset.runState = run.diverged ? 'diverged' : 'ok';
    (window.__landscapeRedraws ??= []).push(ms);
  };

  const select = (s: RunSetting) => {
    lr.value = String(d.axes.lrs.indexOf(s.lr));
    bs.value = String(d.axes.bss.indexOf(s.bs));
    return update(true);
  };

  // The overview and the table select runs; the table sorts by any column, numerically.
  overviewHost.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.cell');
    if (b) void select({ lr: Number(b.dataset.lr), bs: Number(b.dataset.bs) });
  });
  overviewSel?.addEventListener('change', drawOverview);
  tbody.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.select-run');
    if (b) void select({ lr: Number(b.dataset.lr), bs: Number(b.dataset.bs) });
  });
  figure.querySelectorAll<HTMLButtonElement>('.run-table button.sort').forEach((btn) =>
    btn.addEventListener('click', () => {
      const th = btn.closest('th')!;
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      figure.querySelectorAll('.run-table th[aria-sort]').forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      const rows = new Map([...tbody.rows].map((tr) => [tr.dataset.run!, tr]));
      const order = sortRows(d.runs.map((r) => ({ ...r, diverged: r.diverged !== null })), btn.dataset.key as SortKey, dir);
      tbody.append(...order.map((r) => rows.get(r.id)!));
    }),
  );
  figure.querySelectorAll<HTMLElement>('.figure-controls').forEach((c) => (c.hidden = false));
  tbody.querySelectorAll<HTMLButtonElement>('button.select-run').forEach((b) => (b.disabled = false));
  drawOverview();

  const start = parseSetting(location.search, d.axes, d.initial);
  lr.value = String(d.axes.lrs.indexOf(start.lr));
  bs.value = String(d.axes.bss.indexOf(start.bs));
  lr.addEventListener('input', () => update(true));
  bs.addEventListener('input', () => update(true));
  const narrow = [surfaceHost, trajHost].some((h) => h && size(h).width < d.size.width - 16);
  if (start.lr !== d.initial.lr || start.bs !== d.initial.bs) {
    // A shared link names another run than the static figure shows: load it now, and bring the figure into view
    // (a link without the #fig-N hash, written before it was added, would otherwise open at the top).
    if (!location.hash) figure.scrollIntoView();
    return update(false);
  }
  // The static figure is the right run: load data only when the reader comes near (see lazy.ts); on a phone, as the
  // figure nears the viewport (the static drawing would shrink its text there). Keys and a first tap pressed on the
  // static drawing meanwhile are replayed on the redrawn one.
  const initial = findRun(d.runs, d.initial) as ExplorerRun | null;
  figure.dataset.run = initial?.id ?? '';
  figure.dataset.runState = initial?.diverged ? 'diverged' : 'ok';
  let first: Promise<void> | null = null;
  const once = () => (first ??= update(false));
  for (const host of [surfaceHost, trajHost]) {
    const svg = host?.querySelector('svg');
    if (host && svg) bridgeStaticSvg(svg, 'Plot of the selected run. Arrow keys move the readout.', () => once().then(() => host.querySelector('svg')));
  }
  if (narrow) onNearViewport(figure, () => void once());
  else onFirstApproach(figure, () => void once());
}

export function hydrateRunExplorers(): void {
  hydrateFigures<ExplorerPayload>('explorer-data', hydrate);
}
