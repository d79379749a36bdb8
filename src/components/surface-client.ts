/** Browser side of SurfaceFigure: re-render with the same SVG renderer, switch metric, and read values out. */
import { contourLayout, contourPlotSvg, type Grid } from '../lib/plots/contour';
import { formatCoord, formatLoss, formatPercent } from '../lib/format';
import type { MetricGrid, MetricName } from '../lib/schema';

interface Payload {
  x: number[];
  y: number[];
  metrics: MetricGrid;
  anchor: string;
}

const LABELS: Record<MetricName, string> = {
  trainLoss: 'train loss',
  testLoss: 'test loss',
  trainAccuracy: 'train accuracy',
  testAccuracy: 'test accuracy',
};

function hydrate(figure: HTMLElement): void {
  const data = JSON.parse(figure.querySelector('script.surface-data')!.textContent!) as Payload;
  const host = figure.querySelector<HTMLElement>('.plot')!;
  const select = figure.querySelector<HTMLSelectElement>('select.metric')!;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  const nx = data.x.length;
  const ny = data.y.length;
  let cursor = { i: Math.floor(nx / 2), j: Math.floor(ny / 2) };

  const render = () => {
    const metric = select.value as MetricName;
    const isLoss = metric.endsWith('Loss');
    const grid: Grid = { x: data.x, y: data.y, values: data.metrics[metric] };
    host.innerHTML = contourPlotSvg(grid, {
      label: LABELS[metric],
      scale: isLoss ? 'log' : 'linear',
      idPrefix: data.anchor,
      title: `${LABELS[metric]} around the trained weights`,
      description: `Contours of ${LABELS[metric]} over the two direction coefficients α and β.`,
    });
    const svg = host.querySelector('svg')!;
    svg.setAttribute('tabindex', '0');
    const layout = contourLayout(grid);
    const plotArea = svg.querySelector('g')!;
    const mark = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    mark.setAttribute('r', '5');
    mark.setAttribute('class', 'cursor');
    mark.setAttribute('fill', 'none');
    mark.setAttribute('stroke', 'white');
    mark.setAttribute('stroke-width', '2');
    mark.style.display = 'none';
    plotArea.appendChild(mark);

    const show = () => {
      const k = cursor.j * nx + cursor.i;
      const m = data.metrics;
      mark.setAttribute('cx', String(layout.sx(data.x[cursor.i])));
      mark.setAttribute('cy', String(layout.sy(data.y[cursor.j])));
      mark.style.display = '';
      readout.textContent =
        `α ${formatCoord(data.x[cursor.i])}, β ${formatCoord(data.y[cursor.j])}: ` +
        `train loss ${formatLoss(m.trainLoss[k])} (acc ${formatPercent(m.trainAccuracy[k])}), ` +
        `test loss ${formatLoss(m.testLoss[k])} (acc ${formatPercent(m.testAccuracy[k])})`;
    };
    svg.addEventListener('pointermove', (e) => {
      const pt = svg.createSVGPoint();
      pt.x = e.clientX;
      pt.y = e.clientY;
      const local = pt.matrixTransform(svg.getScreenCTM()!.inverse());
      const alpha = layout.sx.invert(local.x - layout.margin.left);
      const beta = layout.sy.invert(local.y - layout.margin.top);
      const nearest = (axis: number[], v: number) => axis.reduce((best, a, idx) => (Math.abs(a - v) < Math.abs(axis[best] - v) ? idx : best), 0);
      cursor = { i: nearest(data.x, alpha), j: nearest(data.y, beta) };
      show();
    });
    svg.addEventListener('focus', show);
    svg.addEventListener('keydown', (e) => {
      const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      const mv = moves[e.key];
      if (!mv) return;
      e.preventDefault();
      cursor = { i: Math.min(nx - 1, Math.max(0, cursor.i + mv[0])), j: Math.min(ny - 1, Math.max(0, cursor.j + mv[1])) };
      show();
    });
  };
  select.addEventListener('change', render);
  render();
  figure.dataset.hydrated = 'true';
}

export function hydrateSurfaceFigures(): void {
  document.querySelectorAll<HTMLElement>('[data-surface-figure]').forEach((f) => {
    if (f.dataset.hydrated !== 'true') hydrate(f);
  });
}
