/**
 * Browser side of RunExplorer. A slider change selects a run (the exact one, or the nearest where the grid has a
 * hole), loads its artifacts from the static data/ files (cached; all prefetched on first approach), redraws contour
 * and trajectory with the shared scale, updates the readout and the URL. Redraw times are recorded for the budget
 * check (scripts/budgets.mjs): figure.dataset.redrawMs and window.__landscapeRedraws.
 */
import { contourLayout, contourPlotSvg } from '../../lib/plots/contour';
import { trajectorySvg } from '../../lib/plots/trajectory';
import { formatParam, formatPercent } from '../../lib/format';
import type { MetricName, Surface2D, Trajectory } from '../../lib/schema';
import { METRIC_LABELS } from './labels';
import { findRun, nearestRun, parseSetting, settingToSearch, type RunAxes, type RunSetting } from './run-state';
import { attachGridCursor } from './grid-cursor';
import { readoutText } from './surface';
import { bridgeStaticSvg, fetchArtifact, onFirstApproach } from './lazy';

interface ExplorerRun {
  id: string;
  lr: number;
  bs: number;
  testError: number | null;
  trainLoss: number | null;
  surface: string;
  trajectory: string | null;
  /** surface2d on the trajectory's PCA plane, drawn under it. */
  plane: string | null;
  provenance: string;
}

interface ExplorerPayload {
  id: string;
  metric: MetricName;
  scale: 'log' | 'linear';
  domain: [number, number];
  axes: RunAxes;
  base: string;
  initial: RunSetting;
  runs: ExplorerRun[];
}

declare global {
  interface Window {
    __landscapeRedraws?: number[];
  }
}

const artifact = <T,>(base: string, run: string, id: string) => fetchArtifact<T>(`${base}data/${run}/${id}.json`);

function hydrate(figure: HTMLElement): void {
  const d = JSON.parse(figure.querySelector('script.explorer-data')!.textContent!) as ExplorerPayload;
  const lr = figure.querySelector<HTMLInputElement>('input.lr')!;
  const bs = figure.querySelector<HTMLInputElement>('input.bs')!;
  const lrOut = figure.querySelector<HTMLOutputElement>('.lr-value')!;
  const bsOut = figure.querySelector<HTMLOutputElement>('.bs-value')!;
  const readout = figure.querySelector<HTMLElement>('.explorer-readout')!;
  const surfaceHost = figure.querySelector<HTMLElement>('.surface-panel')!;
  const trajHost = figure.querySelector<HTMLElement>('.trajectory-panel');
  const cursorOut = document.createElement('output');
  cursorOut.className = 'readout';
  readout.after(cursorOut);
  let cursor = { i: 0, j: 0 };
  let request = 0;

  const prefetch = () => d.runs.forEach((r) => {
    artifact(d.base, r.id, r.surface);
    if (r.trajectory) artifact(d.base, r.id, r.trajectory);
    if (r.plane) artifact(d.base, r.id, r.plane);
  });
  onFirstApproach(figure, prefetch);

  const setting = (): RunSetting => ({ lr: d.axes.lrs[Number(lr.value)], bs: d.axes.bss[Number(bs.value)] });

  const update = async (writeUrl: boolean) => {
    const s = setting();
    lrOut.textContent = formatParam(s.lr);
    bsOut.textContent = String(s.bs);
    lr.setAttribute('aria-valuetext', formatParam(s.lr));
    bs.setAttribute('aria-valuetext', String(s.bs));
    if (writeUrl) history.replaceState(null, '', settingToSearch(s, location.search) + location.hash);
    const exact = findRun(d.runs as never, s) as ExplorerRun | null;
    const run = exact ?? (nearestRun(d.runs as never, s) as ExplorerRun);
    const mine = ++request;
    const [surface, traj, plane] = await Promise.all([
      artifact<Surface2D>(d.base, run.id, run.surface),
      run.trajectory ? artifact<Trajectory>(d.base, run.id, run.trajectory) : Promise.resolve(null),
      run.plane ? artifact<Surface2D>(d.base, run.id, run.plane) : Promise.resolve(null),
    ]);
    if (mine !== request) return; // a later slider move won
    const t0 = performance.now();
    const grid = { x: surface.x, y: surface.y, values: surface.metrics[d.metric] };
    surfaceHost.innerHTML = contourPlotSvg(grid, { scale: d.scale, domain: d.domain, label: METRIC_LABELS[d.metric], idPrefix: `${d.id}-surface`, width: 440, height: 380, title: `${METRIC_LABELS[d.metric]} of run ${run.id}`, description: `lr ${run.lr}, batch size ${run.bs}` });
    if (cursor.i >= surface.x.length || cursor.j >= surface.y.length || (cursor.i === 0 && cursor.j === 0)) cursor = { i: Math.floor(surface.x.length / 2), j: Math.floor(surface.y.length / 2) };
    attachGridCursor(surfaceHost.querySelector('svg')!, {
      x: surface.x, y: surface.y, layout: contourLayout(grid, { width: 440, height: 380 }), cursor,
      label: `${METRIC_LABELS[d.metric]} surface of the selected run. Arrow keys move the readout.`,
      onMove: (c) => {
        cursor = c;
        cursorOut.textContent = readoutText(surface, c);
      },
    });
    if (trajHost) trajHost.innerHTML = traj ? trajectorySvg(traj, { surface: plane ? { x: plane.x, y: plane.y, values: plane.metrics[d.metric] } : undefined, scale: d.scale, label: METRIC_LABELS[d.metric], explainedVariance: traj.explainedVariance, idPrefix: `${d.id}-trajectory`, width: 440, height: 380, title: `Trajectory of run ${run.id}` }) : '<p class="note">This run has no trajectory.</p>';
    readout.innerHTML = '';
    readout.append(
      exact ? `Run ${run.id}: learning rate ${formatParam(run.lr)}, batch size ${run.bs}, test error ` : `No run at learning rate ${formatParam(s.lr)}, batch size ${s.bs}; showing the nearest, ${run.id} (learning rate ${formatParam(run.lr)}, batch size ${run.bs}), test error `,
      Object.assign(document.createElement('strong'), { className: 'test-error', textContent: formatPercent(run.testError) }),
      '.',
    );
    const ms = performance.now() - t0;
    figure.dataset.redrawMs = ms.toFixed(2);
    figure.dataset.run = run.id;
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
    figure.dataset.run = (findRun(d.runs as never, d.initial) as ExplorerRun | null)?.id ?? '';
    let first: Promise<void> | null = null;
    const once = () => (first ??= update(false));
    bridgeStaticSvg(surfaceHost.querySelector('svg')!, 'Surface of the selected run. Arrow keys move the readout.', () => once().then(() => surfaceHost.querySelector('svg')));
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
