/**
 * Sharpness summaries of a minimizer from its filter-normalized 1D curve (and, when computed, Hessian extremes),
 * as a plain Record for the schema's Scalars. Filter normalization is what makes these comparable across nets
 * (Li et al. 2018, Sec. 5): the curve's x is in units of the normalized direction.
 */
import type { Curve1D, Scalars } from '../../lib/schema.js';

/** Least-squares y ≈ a + b·x + c·x² (normal equations in float64; x should be centered near 0). */
export function fitQuadratic(x: number[], y: number[]): { a: number; b: number; c: number } {
  if (x.length < 3 || x.length !== y.length) throw new Error(`fitQuadratic: need ≥ 3 (x, y) pairs, got ${x.length} x and ${y.length} y`);
  const s = new Array(5).fill(0); // Σ xᵏ, k = 0..4
  const t = new Array(3).fill(0); // Σ xᵏ y, k = 0..2
  x.forEach((xi, i) => {
    for (let k = 0; k < 5; k++) s[k] += xi ** k;
    for (let k = 0; k < 3; k++) t[k] += xi ** k * y[i];
  });
  // Solve [[s0 s1 s2] [s1 s2 s3] [s2 s3 s4]]·(a b c) = t by Cramer's rule (3×3, well-conditioned for centered x).
  const det3 = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const m = [
    [s[0], s[1], s[2]],
    [s[1], s[2], s[3]],
    [s[2], s[3], s[4]],
  ];
  const d = det3(m);
  if (Math.abs(d) < 1e-300) throw new Error('fitQuadratic: the x values do not determine a parabola (fewer than 3 distinct)');
  const solve = (col: number) => det3(m.map((row, r) => row.map((v, c) => (c === col ? t[r] : v)))) / d;
  return { a: solve(0), b: solve(1), c: solve(2) };
}

/** Finite (x, y) pairs of a curve. */
function finitePairs(x: number[], y: Array<number | null>): Array<[number, number]> {
  return x.flatMap((xi, i) => (y[i] !== null && Number.isFinite(y[i]) ? [[xi, y[i] as number] as [number, number]] : []));
}

/** d²L/dα² at 0 from a quadratic fit to the `points` finite points nearest 0 (null with fewer than 3). */
export function curvatureAtZero(x: number[], loss: Array<number | null>, { points = 5 } = {}): number | null {
  const near = finitePairs(x, loss)
    .sort((p, q) => Math.abs(p[0]) - Math.abs(q[0]))
    .slice(0, Math.max(points, 3));
  if (near.length < 3 || new Set(near.map((p) => p[0])).size < 3) return null;
  return 2 * fitQuadratic(near.map((p) => p[0]), near.map((p) => p[1])).c;
}

/** L at x by linear interpolation between the finite points around it (null outside their range). */
export function valueAt(x: number[], y: Array<number | null>, at: number): number | null {
  const pts = finitePairs(x, y).sort((p, q) => p[0] - q[0]);
  for (let i = 0; i + 1 < pts.length; i++) {
    const [[x0, y0], [x1, y1]] = [pts[i], pts[i + 1]];
    if (at >= x0 && at <= x1) return x1 === x0 ? y0 : y0 + ((y1 - y0) * (at - x0)) / (x1 - x0);
  }
  return pts.length === 1 && pts[0][0] === at ? pts[0][1] : null;
}

/** Mean rise of the loss at ±radius over its value at 0 (null when the curve does not reach ±radius). */
export function lossRiseAt(x: number[], loss: Array<number | null>, radius: number): number | null {
  const [l0, lm, lp] = [valueAt(x, loss, 0), valueAt(x, loss, -radius), valueAt(x, loss, radius)];
  return l0 === null || lm === null || lp === null ? null : (lm + lp) / 2 - l0;
}

export interface SharpnessInput {
  /** A filter-normalized random-direction curve through the minimizer (x = 0 at the minimizer). */
  curve: Pick<Curve1D, 'x' | 'metrics'>;
  /** Radii for the loss rise (in units of the normalized direction). */
  radii?: number[];
  /** Points of the quadratic fit. */
  points?: number;
  /** Hessian extremes at the minimizer, when computed. */
  hessian?: { lambdaMax: number; lambdaMin: number };
}

/** Named sharpness numbers (null where a curve cannot give one). Keys are stable: the article cites them. */
export function sharpnessSummary({ curve, radii = [0.25, 0.5, 1], points = 5, hessian }: SharpnessInput): Record<string, number | null> {
  const { x, metrics } = curve;
  const out: Record<string, number | null> = {
    trainLossAtMinimizer: valueAt(x, metrics.trainLoss, 0),
    testLossAtMinimizer: valueAt(x, metrics.testLoss, 0),
    trainCurvature: curvatureAtZero(x, metrics.trainLoss, { points }),
    testCurvature: curvatureAtZero(x, metrics.testLoss, { points }),
  };
  for (const r of radii) out[`trainLossRise@${r}`] = lossRiseAt(x, metrics.trainLoss, r);
  if (hessian) {
    out.lambdaMax = hessian.lambdaMax;
    out.lambdaMin = hessian.lambdaMin;
    out.lambdaRatio = hessian.lambdaMax === 0 ? null : Math.abs(hessian.lambdaMin / hessian.lambdaMax);
  }
  return out;
}

export function scalarsArtifact(id: string, title: string, values: Record<string, number | null>): Scalars {
  return { kind: 'scalars', id, title, values };
}
