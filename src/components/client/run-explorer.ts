/**
 * Browser side of RunExplorer. A slider change selects a run (the exact one, or the nearest where the grid has a
 * hole), loads its artifacts from the static data/ files (cached; all prefetched on first approach), redraws the
 * surface and trajectory panels on the shared scales, updates the readout and the URL. Redraw times are recorded for
 * the budget check (scripts/budgets.mjs): figure.dataset.redrawMs and window.__landscapeRedraws. A diverged run has
 * no artifacts to load: its panels are labelled frames ("diverged …: reason") with no color bar.
 */
import { contourLayout, contourPlotSvg } from '../../lib/plots/contour';
import { trajectoryLayout, trajectorySvg } from '../../lib/plots/trajectory';
import { emptyPlotSvg, divergedLabel, type DivergenceNote } from '../../lib/plots/empty';
import { formatCoord, formatLoss, formatParam, formatPercent } from '../../lib/format';
import type { MetricName, Surface2D, Trajectory } from '../../lib/schema';
import { METRIC_LABELS } from './labels';
import { explorerReadout, findRun, nearestRun, parseSetting, settingToSearch, sliderValueText, type RunAxes, type RunSetting } from './run-state';
import { attachGridCursor, type Cell } from './grid-cursor';
import { readoutText } from './surface';
import { bridgeStaticSvg, fetchArtifact, onFirstApproach } from './lazy';

interface ExplorerRun {
  id: string;
  lr: number;
  bs: number;
  testError: number | null;
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
  scale: 'log' | 'linear';
  surfaceDomain: [number, number] | null;
  planeDomain: [number, number] | null;
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

function hydrate(figure: HTMLElement): void {
  const d = JSON.parse(figure.querySelector('script.explorer-data')!.textContent!) as ExplorerPayload;
  const get = <T>(run: string, id: string | null) => (id ? fetchArtifact<T>(`${d.base}data/${run}/${id}.json`) : Promise.resolve(null));
  const lr = figure.querySelector<HTMLInputElement>('input.lr')!;
  const bs = figure.querySelector<HTMLInputElement>('input.bs')!;
  const lrOut = figure.querySelector<HTMLOutputElement>('.lr-value')!;
  const bsOut = figure.querySelector<HTMLOutputElement>('.bs-value')!;
  const readout = figure.querySelector<HTMLElement>('.explorer-readout')!;
  const cursorOut = figure.querySelector<HTMLOutputElement>('.cursor-readout')!;
  const surfaceHost = figure.querySelector<HTMLElement>('.surface-panel');
  const trajHost = figure.querySelector<HTMLElement>('.trajectory-panel');
  const label = METRIC_LABELS[d.metric];
  let surfaceCursor: Cell | null = null;
  let planeCursor: Cell | null = null;
  let request = 0;

  onFirstApproach(figure, () => d.runs.forEach((r) => [r.surface, r.trajectory, r.plane].forEach((a) => get(r.id, a))));
  const setting = (): RunSetting => ({ lr: d.axes.lrs[Number(lr.value)], bs: d.axes.bss[Number(bs.value)] });
  const mid = (s: { x: number[]; y: number[] }, c: Cell | null): Cell => (c && c.i < s.x.length && c.j < s.y.length ? c : { i: Math.floor(s.x.length / 2), j: Math.floor(s.y.length / 2) });

  const update = async (writeUrl: boolean) => {
    const s = setting();
    const exact = findRun(d.runs, s) as ExplorerRun | null;
    const run = exact ?? (nearestRun(d.runs, s) as ExplorerRun);
    lrOut.textContent = formatParam(s.lr);
    bsOut.textContent = String(s.bs);
    lr.setAttribute('aria-valuetext', sliderValueText(formatParam(s.lr), exact));
    bs.setAttribute('aria-valuetext', sliderValueText(String(s.bs), exact));
    if (writeUrl) history.replaceState(null, '', settingToSearch(s, location.search) + location.hash);
    const mine = ++request;
    const [surface, traj, plane] = await Promise.all([get<Surface2D>(run.id, run.surface), get<Trajectory>(run.id, run.trajectory), get<Surface2D>(run.id, run.plane)]);
    if (mine !== request) return; // a later slider move won
    const t0 = performance.now();
    const divergedSvg = (panel: string) => emptyPlotSvg({ ...d.size, label: divergedLabel(run.diverged!), idPrefix: `${d.id}-${panel}`, className: 'run-diverged', title: `Run ${run.id} diverged`, description: `learning rate ${run.lr}, batch size ${run.bs}: ${divergedLabel(run.diverged!)}. No surface or trajectory was computed.` });
    if (run.diverged) {
      // Nothing to draw or read out: each panel says the run diverged and why, with no color bar.
      if (surfaceHost) surfaceHost.innerHTML = divergedSvg('surface');
      if (trajHost) trajHost.innerHTML = divergedSvg('trajectory');
      cursorOut.textContent = '';
    }
    if (surfaceHost && !run.diverged) {
      if (surface) {
        const grid = { x: surface.x, y: surface.y, values: surface.metrics[d.metric] };
        surfaceHost.innerHTML = contourPlotSvg(grid, { ...d.size, scale: d.scale, domain: d.surfaceDomain!, label, idPrefix: `${d.id}-surface`, title: `${label} of run ${run.id}`, description: `learning rate ${run.lr}, batch size ${run.bs}` });
        attachGridCursor(surfaceHost.querySelector('svg')!, {
          x: surface.x, y: surface.y, layout: contourLayout(grid, d.size), cursor: mid(surface, surfaceCursor), live: cursorOut,
          label: `${label} surface of the selected run. Arrow keys move the readout.`,
          onMove: (c) => ((surfaceCursor = c), (cursorOut.textContent = readoutText(surface, c))),
        });
      } else surfaceHost.innerHTML = '<p class="note">This run has no surface.</p>';
    }
    if (trajHost && !run.diverged) {
      if (traj) {
        const grid = plane ? { x: plane.x, y: plane.y, values: plane.metrics[d.metric] } : undefined;
        trajHost.innerHTML = trajectorySvg(traj, { ...d.size, surface: grid, domain: d.planeDomain ?? undefined, scale: d.scale, label, explainedVariance: traj.explainedVariance, idPrefix: `${d.id}-trajectory`, title: `Trajectory of run ${run.id}` });
        if (plane && grid)
          attachGridCursor(trajHost.querySelector('svg')!, {
            x: plane.x, y: plane.y, layout: trajectoryLayout(traj, { surface: grid, ...d.size }), cursor: mid(plane, planeCursor), live: cursorOut,
            label: `Trajectory of the selected run over the ${label} on its PCA plane. Arrow keys read the loss.`,
            onMove: (c) => {
              planeCursor = c;
              const k = c.j * plane.x.length + c.i;
              cursorOut.textContent = `PC1 ${formatCoord(plane.x[c.i])}, PC2 ${formatCoord(plane.y[c.j])}: train loss ${formatLoss(plane.metrics.trainLoss[k])} (acc ${formatPercent(plane.metrics.trainAccuracy[k])}), test loss ${formatLoss(plane.metrics.testLoss[k])}`;
            },
          });
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

  const start = parseSetting(location.search, d.axes, d.initial);
  lr.value = String(d.axes.lrs.indexOf(start.lr));
  bs.value = String(d.axes.bss.indexOf(start.bs));
  lr.addEventListener('input', () => update(true));
  bs.addEventListener('input', () => update(true));
  figure.querySelector<HTMLElement>('.figure-controls')!.hidden = false;
  if (start.lr !== d.initial.lr || start.bs !== d.initial.bs) {
    // A shared link names another run than the static figure shows: load it now.
    update(false).then(() => (figure.dataset.hydrated = 'true'));
  } else {
    // The static figure is the right run: load data only when the reader comes near (see lazy.ts).
    const initial = findRun(d.runs, d.initial) as ExplorerRun | null;
    figure.dataset.run = initial?.id ?? '';
    figure.dataset.runState = initial?.diverged ? 'diverged' : 'ok';
    let first: Promise<void> | null = null;
    const once = () => (first ??= update(false));
    for (const host of [surfaceHost, trajHost]) {
      const svg = host?.querySelector('svg');
      if (host && svg) bridgeStaticSvg(svg, 'Plot of the selected run. Arrow keys move the readout.', () => once().then(() => host.querySelector('svg')));
    }
    onFirstApproach(figure, () => void once());
    figure.dataset.hydrated = 'true';
  }
}

export function hydrateRunExplorers(): void {
  document.querySelectorAll<HTMLElement>('script.explorer-data').forEach((s) => {
    const f = s.closest<HTMLElement>('figure');
    if (f && f.dataset.hydrated !== 'true') hydrate(f);
  });
}
