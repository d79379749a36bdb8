/**
 * Browser side of TrajectoryPlayer: replay the path. The SVG is rendered once; each frame only moves the strong
 * path's end and the current-checkpoint ring (cheap at any speed). The scrub slider is the single source of truth.
 */
import { trajectoryLayout, trajectoryPathD, type Path2D } from '../../lib/plots/trajectory';
import { formatCoord, formatLoss } from '../../lib/format';
import { attachGridCursor } from './grid-cursor';

interface TrajectoryPayload {
  path: Path2D;
  surface?: { x: number[]; y: number[]; values: Array<number | null> };
}

/** Checkpoints per second at 1×: a 50-checkpoint path plays in about 5 s. */
const BASE_RATE = 10;

function hydrate(figure: HTMLElement): void {
  const d = JSON.parse(figure.querySelector('script.trajectory-data')!.textContent!) as TrajectoryPayload;
  const svg = figure.querySelector<SVGSVGElement>('.figure-plot svg')!;
  const play = figure.querySelector<HTMLButtonElement>('button.play')!;
  const scrub = figure.querySelector<HTMLInputElement>('input.scrub')!;
  const speed = figure.querySelector<HTMLSelectElement>('select.speed')!;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  const layout = trajectoryLayout(d.path, { surface: d.surface });
  const strong = svg.querySelector<SVGPathElement>('path.trajectory')!;
  const ring = svg.querySelector<SVGCircleElement>('circle.current')!;
  const dots = [...svg.querySelectorAll<SVGCircleElement>('circle.checkpoint')];
  const n = d.path.x.length;
  let timer = 0;
  let last = 0;
  let pos = n - 1;

  const show = (k: number) => {
    strong.setAttribute('d', trajectoryPathD(d.path, layout, k));
    ring.setAttribute('cx', String(layout.sx(d.path.x[k])));
    ring.setAttribute('cy', String(layout.sy(d.path.y[k])));
    dots.forEach((c, idx) => (idx > k ? c.setAttribute('fill-opacity', '0.25') : c.removeAttribute('fill-opacity')));
    const text = `step ${d.path.step[k]} (checkpoint ${k + 1} of ${n}): PC1 ${formatCoord(d.path.x[k])}, PC2 ${formatCoord(d.path.y[k])}`;
    readout.textContent = text;
    scrub.value = String(k);
    scrub.setAttribute('aria-valuetext', `step ${d.path.step[k]}`);
  };
  const stop = () => {
    cancelAnimationFrame(timer);
    timer = 0;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  };
  const tick = (t: number) => {
    // rAF's timestamp is the frame's start, which can precede the click's performance.now(): never step back.
    pos = Math.min(n - 1, pos + (Math.max(0, t - last) / 1000) * BASE_RATE * Number(speed.value));
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
  show(pos);
  // The loss surface under the path reads out like every surface: hover, or focus and arrow keys.
  const plane = d.surface;
  if (plane) {
    const out = document.createElement('output');
    out.className = 'readout plane-readout';
    out.textContent = 'Hover the plane, or focus it and use the arrow keys, to read the loss.';
    readout.after(out);
    attachGridCursor(svg, {
      x: plane.x, y: plane.y, layout,
      cursor: { i: Math.floor(plane.x.length / 2), j: Math.floor(plane.y.length / 2) },
      label: 'Trajectory on its PCA plane over the loss. Arrow keys read the loss on the plane.',
      live: out,
      onMove: ({ i, j }) => (out.textContent = `PC1 ${formatCoord(plane.x[i])}, PC2 ${formatCoord(plane.y[j])}: train loss ${formatLoss(plane.values[j * plane.x.length + i])}`),
    });
  }
  figure.dataset.hydrated = 'true';
}

export function hydrateTrajectoryPlayers(): void {
  document.querySelectorAll<HTMLElement>('script.trajectory-data').forEach((s) => {
    const f = s.closest<HTMLElement>('figure');
    if (f && f.dataset.hydrated !== 'true') hydrate(f);
  });
}
