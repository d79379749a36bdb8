/**
 * A band over several curves sampled on one x grid (the loss along N random directions around one solution): the
 * mean per x and a spread, either the range (min–max) or ±1 sample standard deviation. Pure functions: the statistics,
 * and the SVG path of the band's area for given position scales.
 */

export type Spread = 'range' | 'sd';

/** How the caption names a spread. */
export const SPREAD_TEXT: Record<Spread, string> = { range: 'min–max', sd: '±1 standard deviation' };

export interface Band {
  x: number[];
  mean: Array<number | null>;
  lo: Array<number | null>;
  hi: Array<number | null>;
  /** Curves with a finite value at each x (a diverged point is left out, not counted as zero). */
  count: number[];
}

export interface Curve {
  x: number[];
  y: Array<number | null>;
}

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);

/** Mean and spread of `curves` at each x; every curve must share the first one's x grid. */
export function curveBand(curves: Curve[], spread: Spread = 'range'): Band {
  if (curves.length === 0) throw new Error('curveBand: no curves given');
  const x = curves[0].x;
  curves.forEach((c, k) => {
    if (c.y.length !== c.x.length) throw new Error(`curveBand: curve ${k + 1} has ${c.x.length} x and ${c.y.length} y values`);
    if (c.x.length !== x.length || c.x.some((v, i) => v !== x[i])) throw new Error(`curveBand: curve ${k + 1} is sampled on a different x grid from curve 1`);
  });
  const band: Band = { x, mean: [], lo: [], hi: [], count: [] };
  x.forEach((_, i) => {
    const vs = curves.map((c) => c.y[i]).filter(finite);
    band.count.push(vs.length);
    if (vs.length === 0) {
      band.mean.push(null);
      band.lo.push(null);
      band.hi.push(null);
      return;
    }
    const m = vs.reduce((s, v) => s + v, 0) / vs.length;
    band.mean.push(m);
    if (spread === 'range') {
      band.lo.push(Math.min(...vs));
      band.hi.push(Math.max(...vs));
    } else {
      // One curve has no spread: the band collapses onto the mean rather than vanishing.
      const s = vs.length < 2 ? 0 : Math.sqrt(vs.reduce((a, v) => a + (v - m) ** 2, 0) / (vs.length - 1));
      band.lo.push(m - s);
      band.hi.push(m + s);
    }
  });
  return band;
}

export { bandAreaD } from './marks/series.js';
