/** Browser side of CurveFigure: hover, tap or arrow keys on either panel read train/test loss and accuracy at one α. */
import { curveReadout } from '../../lib/readout';
import { hydrateFigures } from './hydrate';
import { nearestIndex } from '../../lib/scales';
import type { MetricName } from '../../lib/schema';

interface CurvePayload {
  x: number[];
  metrics: Record<MetricName, Array<number | null>>;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function hydrate(figure: HTMLElement, data: CurvePayload): void {
  const readout = figure.querySelector<HTMLOutputElement>('.readout')!;
  readout.hidden = false;
  readout.textContent = 'Hover or tap a panel, or focus it and use the arrow keys.';
  let k = nearestIndex(data.x, 0);
  const rules: SVGLineElement[] = [];
  const svgs = [...figure.querySelectorAll<SVGSVGElement>('.figure-plot svg')];
  const show = () => {
    readout.textContent = curveReadout(data, k);
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
    const fromPointer = (e: PointerEvent) => {
      const area = svg.querySelector('g.plot-area')!;
      const w = Number(area.querySelector('g.axis.x line')!.getAttribute('x2'));
      const ctm = (area as SVGGElement).getScreenCTM();
      if (!ctm) return;
      const local = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
      k = nearestIndex(data.x, data.x[0] + (local.x / w) * (data.x[data.x.length - 1] - data.x[0]));
      show();
    };
    // Hover, tap (pointerdown) and horizontal drag on touch screens.
    svg.addEventListener('pointermove', fromPointer);
    svg.addEventListener('pointerdown', fromPointer);
    svg.addEventListener('focus', show);
    svg.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
      if (!d) return;
      e.preventDefault();
      k = Math.max(0, Math.min(data.x.length - 1, k + d * (e.shiftKey ? 5 : 1)));
      show();
    });
  });
}

export function hydrateCurveFigures(): void {
  hydrateFigures<CurvePayload>('curve-data', hydrate);
}
