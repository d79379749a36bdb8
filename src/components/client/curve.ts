/** Browser side of CurveFigure: hover or arrow keys on either panel read train/test loss and accuracy at one α. */
import { formatCoord, formatLoss, formatPercent } from '../../lib/format';
import { nearestIndex } from '../../lib/scales';
import type { MetricName } from '../../lib/schema';

interface CurvePayload {
  x: number[];
  metrics: Record<MetricName, Array<number | null>>;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function hydrate(figure: HTMLElement): void {
  const data = JSON.parse(figure.querySelector('script.curve-data')!.textContent!) as CurvePayload;
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  readout.hidden = false;
  readout.textContent = 'Hover a panel, or focus it and use the arrow keys.';
  let k = nearestIndex(data.x, 0);
  const rules: SVGLineElement[] = [];
  const svgs = [...figure.querySelectorAll<SVGSVGElement>('.figure-plot svg')];
  const show = () => {
    const m = data.metrics;
    readout.textContent = `α ${formatCoord(data.x[k])}: train loss ${formatLoss(m.trainLoss[k])} (acc ${formatPercent(m.trainAccuracy[k])}), test loss ${formatLoss(m.testLoss[k])} (acc ${formatPercent(m.testAccuracy[k])})`;
    svgs.forEach((svg, n) => {
      const area = svg.querySelector('g.plot-area')!;
      const axis = area.querySelector('g.axis.x')!;
      // Recover the x scale from the axis line (0 → inner width) and the data range: no layout duplicated here.
      const w = Number(axis.querySelector('line')!.getAttribute('x2'));
      const h = Number(axis.getAttribute('transform')!.match(/,([\d.]+)/)![1]);
      const px = ((data.x[k] - data.x[0]) / (data.x[data.x.length - 1] - data.x[0])) * w;
      rules[n].setAttribute('x1', String(px));
      rules[n].setAttribute('x2', String(px));
      rules[n].setAttribute('y2', String(h));
      rules[n].style.display = '';
    });
  };
  svgs.forEach((svg) => {
    const rule = document.createElementNS(SVG_NS, 'line');
    rule.setAttribute('class', 'cursor');
    rule.setAttribute('stroke', 'currentColor');
    rule.style.display = 'none';
    svg.querySelector('g.plot-area')!.append(rule);
    rules.push(rule);
    svg.setAttribute('tabindex', '0');
    svg.addEventListener('pointermove', (e) => {
      const area = svg.querySelector('g.plot-area')!;
      const w = Number(area.querySelector('g.axis.x line')!.getAttribute('x2'));
      const ctm = (area as SVGGElement).getScreenCTM();
      if (!ctm) return;
      const local = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
      k = nearestIndex(data.x, data.x[0] + (local.x / w) * (data.x[data.x.length - 1] - data.x[0]));
      show();
    });
    svg.addEventListener('focus', show);
    svg.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
      if (!d) return;
      e.preventDefault();
      k = Math.max(0, Math.min(data.x.length - 1, k + d * (e.shiftKey ? 5 : 1)));
      show();
    });
  });
  figure.dataset.hydrated = 'true';
}

export function hydrateCurveFigures(): void {
  document.querySelectorAll<HTMLElement>('script.curve-data').forEach((s) => {
    const f = s.closest<HTMLElement>('figure');
    if (f && f.dataset.hydrated !== 'true') hydrate(f);
  });
}
