/**
 * A cursor on a gridded plot, by pointer, touch and keyboard: hover, tap or drag snaps to the nearest sample; when the plot has focus,
 * arrow keys move one sample (Shift: five), Home jumps to (0, 0). The caller prints the readout in onMove.
 */
import { nearestIndex } from '../../lib/scales';
import type { ContourLayout } from '../../lib/plots/contour';

export interface Cell {
  i: number;
  j: number;
}

export interface GridCursorOptions {
  x: number[];
  y: number[];
  layout: ContourLayout;
  cursor: Cell;
  onMove: (cell: Cell) => void;
  /** Accessible name of the focusable plot, e.g. "train loss surface: use arrow keys to read values". */
  label: string;
  /**
   * The readout element: announced (aria-live polite) for keyboard moves, silent for pointer moves, so a screen
   * reader is not flooded while a mouse sweeps the plot.
   */
  live?: HTMLElement;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Pure: the cell after a key press, or null when the key is not ours. */
export function moveCell(cell: Cell, key: string, shift: boolean, nx: number, ny: number, home: Cell): Cell | null {
  const step = shift ? 5 : 1;
  const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  if (key === 'Home') return home;
  const mv = moves[key];
  if (!mv) return null;
  return { i: Math.min(nx - 1, Math.max(0, cell.i + mv[0])), j: Math.min(ny - 1, Math.max(0, cell.j + mv[1])) };
}

/** Make an SVG plot a focusable, hoverable grid; returns a setter to move the cursor programmatically. */
export function attachGridCursor(svg: SVGSVGElement, { x, y, layout, cursor, onMove, label, live }: GridCursorOptions): (cell: Cell) => void {
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('aria-label', label);
  svg.removeAttribute('aria-labelledby');
  const area = svg.querySelector('g.plot-area') ?? svg.querySelector('g')!;
  const mark = document.createElementNS(SVG_NS, 'circle');
  mark.setAttribute('r', '5');
  mark.setAttribute('class', 'cursor');
  mark.setAttribute('fill', 'none');
  mark.setAttribute('stroke', 'white');
  mark.setAttribute('stroke-width', '2');
  mark.style.display = 'none';
  const halo = mark.cloneNode() as SVGCircleElement;
  halo.setAttribute('stroke', 'black');
  halo.setAttribute('stroke-width', '4');
  area.append(halo, mark);
  let current = cursor;
  const home = { i: nearestIndex(x, 0), j: nearestIndex(y, 0) };
  const set = (cell: Cell) => {
    current = cell;
    for (const m of [halo, mark]) {
      m.setAttribute('cx', String(layout.sx(x[cell.i])));
      m.setAttribute('cy', String(layout.sy(y[cell.j])));
      m.style.display = '';
    }
    onMove(cell);
  };
  // Mouse hover, and touch: a tap sets the cursor (pointerdown), a drag moves it (pointermove while down; CSS
  // touch-action lets vertical drags still scroll the page, horizontal ones and taps read values).
  const fromPointer = (e: PointerEvent) => {
    const ctm = svg.getScreenCTM();
    if (!ctm) return;
    const local = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    live?.setAttribute('aria-live', 'off');
    set({ i: nearestIndex(x, layout.sx.invert(local.x - layout.margin.left)), j: nearestIndex(y, layout.sy.invert(local.y - layout.margin.top)) });
  };
  svg.addEventListener('pointermove', fromPointer);
  svg.addEventListener('pointerdown', fromPointer);
  svg.addEventListener('focus', () => {
    live?.setAttribute('aria-live', 'polite');
    set(current);
  });
  svg.addEventListener('keydown', (e) => {
    const next = moveCell(current, e.key, e.shiftKey, x.length, y.length, home);
    if (!next) return;
    e.preventDefault();
    live?.setAttribute('aria-live', 'polite');
    set(next);
  });
  return set;
}
