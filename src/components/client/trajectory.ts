/**
 * Browser side of TrajectoryPlayer: replay the path. The SVG is rendered once per width; each frame only moves the
 * strong path's end and the current-checkpoint ring (cheap at any speed). The scrub slider is the single source of
 * truth. Speed is time-based: the whole path plays in PLAY_SECONDS at 1×, however many checkpoints it has.
 */
import { trajectoryLayout, trajectoryPathD, trajectorySvg, type Path2D } from '../../lib/plots/trajectory';
import { bilinear, checkpointReadout, readout as readoutOf } from '../../lib/readout';
import { formatLoss } from '../../lib/format';
import { attachGridCursor } from './grid-cursor';
import { hydrateFigures, isNarrow, onWidthChange, plotWidth } from './hydrate';

interface TrajectoryPayload {
  id: string;
  path: Path2D;
  surface?: { x: number[]; y: number[]; values: Array<number | null> };
  explainedVariance: [number, number];
  title: string;
  /** Optimizer steps per epoch, to say where in training a checkpoint is. */
  stepsPerEpoch?: number;
  /** Width of the static drawing. */
  width: number;
}

/** Seconds the whole path takes at 1× (10 checkpoints per second made a 17-checkpoint path a 1.6 s blur). */
export const PLAY_SECONDS = 6;

function hydrate(figure: HTMLElement, d: TrajectoryPayload): void {
  const host = figure.querySelector<HTMLElement>('.figure-plot .plot')!;
  const play = figure.querySelector<HTMLButtonElement>('button.play')!;
  const scrub = figure.querySelector<HTMLInputElement>('input.scrub')!;
  const speed = figure.querySelector<HTMLSelectElement>('select.speed')!;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  const n = d.path.x.length;
  const rate = Math.max(1, n - 1) / PLAY_SECONDS; // checkpoints per second at 1×
  const lossAt = (k: number) => (d.surface ? bilinear(d.surface, d.path.x[k], d.path.y[k]) : null);
  let timer = 0;
  let last = 0;
  let pos = n - 1;
  let show: (k: number) => void = () => {};
  const plane = d.surface;
  let planeOut: HTMLOutputElement | null = null;
  if (plane) {
    planeOut = document.createElement('output');
    planeOut.className = 'readout plane-readout';
    planeOut.textContent = 'Hover or tap the plane, or focus it and use the arrow keys, to read the loss.';
    readout.after(planeOut);
  }

  // (Re)bind the player to a drawing: the static one, or one drawn at the host's width on a narrow screen.
  const bind = (svg: SVGSVGElement, width: number) => {
    const layout = trajectoryLayout(d.path, { surface: d.surface, width });
    const strong = svg.querySelector<SVGPathElement>('path.trajectory')!;
    const ring = svg.querySelector<SVGCircleElement>('circle.current')!;
    const dots = [...svg.querySelectorAll<SVGCircleElement>('circle.checkpoint')];
    show = (k: number) => {
      strong.setAttribute('d', trajectoryPathD(d.path, layout, k));
      ring.setAttribute('cx', String(layout.sx(d.path.x[k])));
      ring.setAttribute('cy', String(layout.sy(d.path.y[k])));
      dots.forEach((c, idx) => (idx > k ? c.setAttribute('fill-opacity', '0.25') : c.removeAttribute('fill-opacity')));
      const loss = lossAt(k);
      readout.textContent = checkpointReadout(d.path, k, loss, d.stepsPerEpoch);
      scrub.value = String(k);
      scrub.setAttribute('aria-valuetext', `step ${d.path.step[k]}${loss === null ? '' : `, train loss ${formatLoss(loss)}`}`);
    };
    // The loss surface under the path reads out like every surface: hover or tap, or focus and arrow keys.
    if (plane && planeOut) {
      const out = planeOut;
      attachGridCursor(svg, {
        x: plane.x, y: plane.y, layout,
        cursor: { i: Math.floor(plane.x.length / 2), j: Math.floor(plane.y.length / 2) },
        label: 'Trajectory on its PCA plane over the loss. Arrow keys read the loss on the plane.',
        live: out,
        onMove: ({ i, j }) => (out.textContent = readoutOf([['PC1', plane.x[i]], ['PC2', plane.y[j]]], `train loss ${formatLoss(plane.values[j * plane.x.length + i])}`)),
      });
    }
    show(Math.floor(pos));
  };
  const redraw = (width: number) => {
    host.innerHTML = trajectorySvg(d.path, { surface: d.surface, explainedVariance: d.explainedVariance, width, upTo: Math.floor(pos), idPrefix: d.id, title: d.title, description: `The optimizer's path through ${n} checkpoints projected on the top two principal components.` });
    bind(host.querySelector('svg')!, width);
  };

  const stop = () => {
    cancelAnimationFrame(timer);
    timer = 0;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  };
  const tick = (t: number) => {
    // rAF's timestamp is the frame's start, which can precede the click's performance.now(): never step back.
    pos = Math.min(n - 1, pos + (Math.max(0, t - last) / 1000) * rate * Number(speed.value));
    last = Math.max(last, t);
    show(Math.floor(pos));
    if (pos >= n - 1) stop();
    else timer = requestAnimationFrame(tick);
  };
  play.addEventListener('click', () => {
    if (timer) return stop();
    if (pos >= n - 1) pos = 0;
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    last = performance.now();
    timer = requestAnimationFrame(tick);
  });
  scrub.addEventListener('input', () => {
    stop();
    pos = Number(scrub.value);
    show(pos);
  });
  figure.querySelector<HTMLElement>('.figure-controls')!.hidden = false;
  readout.hidden = false;
  // The static drawing is 560 px wide: on a narrow screen its text would shrink, so draw at the real width.
  if (isNarrow(host, d.width)) redraw(plotWidth(host, { max: d.width }));
  else bind(host.querySelector('svg')!, d.width);
  onWidthChange(host, () => redraw(plotWidth(host, { max: d.width })));
  figure.dataset.playRate = rate.toFixed(4);
}

export function hydrateTrajectoryPlayers(): void {
  hydrateFigures<TrajectoryPayload>('trajectory-data', hydrate);
}
