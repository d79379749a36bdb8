/**
 * The text every figure's readout prints: where the cursor is ("α 0.10, β −0.20" or "PC1 …" or "step 2346"), then
 * what is there ("train loss 0.312 (acc 89.1%), test loss 0.401 (acc 86.0%)"). One formatter for every figure, so
 * the same quantity reads the same everywhere; pure, shared by the build and the browser.
 */
import { formatCoord, formatLoss, formatPercent, formatTick } from './format.js';
import type { MetricGrid } from './schema.js';

/** "α 0.10, β −0.20: <what>" from named coordinates. */
export function readout(where: Array<[string, number]>, what: string): string {
  return `${where.map(([name, v]) => `${name} ${formatCoord(v)}`).join(', ')}: ${what}`;
}

/** Train and test loss with their accuracies at flat index k of a metric grid (or curve). */
export function metricsAt(m: MetricGrid, k: number, { accuracy = true } = {}): string {
  const acc = (v: number | null) => (accuracy ? ` (acc ${formatPercent(v)})` : '');
  return `train loss ${formatLoss(m.trainLoss[k])}${acc(m.trainAccuracy[k])}, test loss ${formatLoss(m.testLoss[k])}${acc(m.testAccuracy[k])}`;
}

/** A surface over the two direction coefficients at sample (i, j). */
export function surfaceReadout(s: { x: number[]; y: number[]; metrics: MetricGrid }, { i, j }: { i: number; j: number }): string {
  return readout([['α', s.x[i]], ['β', s.y[j]]], metricsAt(s.metrics, j * s.x.length + i));
}

/** Several compared surfaces on one grid: the same (α, β) in each panel, named by its label. */
export function compareReadout(x: number[], y: number[], panels: Array<{ label: string; metrics: MetricGrid }>, { i, j }: { i: number; j: number }): string {
  const k = j * x.length + i;
  return readout([['α', x[i]], ['β', y[j]]], panels.map((p) => `${p.label}: ${metricsAt(p.metrics, k)}`).join(' · '));
}

/** A surface on a trajectory's PCA plane at sample (i, j). */
export function planeReadout(s: { x: number[]; y: number[]; metrics: MetricGrid }, { i, j }: { i: number; j: number }): string {
  return readout([['PC1', s.x[i]], ['PC2', s.y[j]]], metricsAt(s.metrics, j * s.x.length + i));
}

/** A 1D curve at sample k. */
export function curveReadout(c: { x: number[]; metrics: MetricGrid }, k: number): string {
  return readout([['α', c.x[k]]], metricsAt(c.metrics, k));
}

/** A convexity map at sample (i, j): both eigenvalues and their ratio. */
export function convexityReadout(c: { x: number[]; y: number[]; lambdaMin: Array<number | null>; lambdaMax: Array<number | null>; ratio: Array<number | null> }, { i, j }: { i: number; j: number }): string {
  const k = j * c.x.length + i;
  const f = (v: number | null) => (v === null ? 'n/a' : formatTick(v));
  return readout([['α', c.x[i]], ['β', c.y[j]]], `λmin ${f(c.lambdaMin[k])}, λmax ${f(c.lambdaMax[k])}, |λmin/λmax| ${f(c.ratio[k])}`);
}

/**
 * A checkpoint of an optimizer path: its step, position, and the train loss on the PCA plane at that position (read
 * off the plane's grid by bilinear interpolation: the loss of the projected point, which is what the contours show).
 */
export function checkpointReadout(path: { x: number[]; y: number[]; step: number[] }, k: number, planeLoss: number | null, stepsPerEpoch?: number): string {
  const n = path.x.length;
  const epoch = stepsPerEpoch ? ` (epoch ${(path.step[k] / stepsPerEpoch).toFixed(1)})` : '';
  const loss = planeLoss === null ? '' : `, train loss on the plane ${formatLoss(planeLoss)}`;
  return `step ${path.step[k]}${epoch}, checkpoint ${k + 1} of ${n}: PC1 ${formatCoord(path.x[k])}, PC2 ${formatCoord(path.y[k])}${loss}`;
}

/** Bilinear interpolation of a grid at (x, y); null outside the grid or where a corner is missing. */
export function bilinear(g: { x: number[]; y: number[]; values: Array<number | null> }, x: number, y: number): number | null {
  const cell = (axis: number[], v: number) => {
    if (v < axis[0] || v > axis[axis.length - 1]) return null;
    let i = 0;
    while (i < axis.length - 2 && axis[i + 1] < v) i++;
    return { i, t: (v - axis[i]) / (axis[i + 1] - axis[i]) };
  };
  const cx = cell(g.x, x);
  const cy = cell(g.y, y);
  if (!cx || !cy) return null;
  const at = (i: number, j: number) => g.values[j * g.x.length + i];
  const c = [at(cx.i, cy.i), at(cx.i + 1, cy.i), at(cx.i, cy.i + 1), at(cx.i + 1, cy.i + 1)];
  if (c.some((v) => v === null || !Number.isFinite(v))) return null;
  const [a, b, d, e] = c as number[];
  return (a * (1 - cx.t) + b * cx.t) * (1 - cy.t) + (d * (1 - cx.t) + e * cx.t) * cy.t;
}
