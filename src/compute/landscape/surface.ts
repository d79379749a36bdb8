/**
 * 2D loss surfaces f(α, β) = L(θ + α·δ + β·η) over a rectangular grid, evaluated point by point.
 * Grids are flat row-major (index = j·nx + i for x[i], y[j]), the layout d3-contour takes.
 */
import { tf } from '../tf.js';
import type { ParamSpec, Weights } from '../models/params.js';
import type { Metrics } from '../models/evaluate.js';
import { yieldToEvents } from '../events.js';

export interface Axis {
  min: number;
  max: number;
  n: number;
}

export function axisValues({ min, max, n }: Axis): number[] {
  if (n < 2) return [min];
  return Array.from({ length: n }, (_, i) => min + ((max - min) * i) / (n - 1));
}

/** A grid point: its flat index and its coordinates (α along the first direction, β along the second). */
export interface GridPoint {
  index: number;
  alpha: number;
  beta: number;
}

export interface SurfacePoint extends GridPoint {
  metrics: Record<string, Metrics>;
}

/** An evaluator (models/evaluate.ts): metrics of one point, and optionally its sums left on the backend. */
export type PointEvaluator = ((params: tf.Tensor[]) => Promise<Metrics>) & { sums?: (params: tf.Tensor[]) => Promise<tf.Tensor1D>; n?: number };

export interface SurfaceOptions {
  specs: ParamSpec[];
  weights: Weights;
  directions: [Weights, Weights];
  x: Axis;
  y: Axis;
  /** Named evaluators, e.g. { train, test }: each point records the metrics of every one. */
  evaluators: Record<string, PointEvaluator>;
  /**
   * Grid points whose sums are read back together (evaluators with `sums` only): default a grid row on webgpu, where
   * a read-back per point stalls the GPU's queue, and 1 elsewhere (wasm and cpu compute synchronously anyway). The
   * numbers do not depend on it: each point runs the same ops.
   */
  pointsPerReadback?: number;
  /** Grid indices already computed (for resume): they are skipped. */
  skip?: Set<number>;
  onPoint?: (p: SurfacePoint) => void | Promise<void>;
}

/** The grid's points not in `skip`, in row-major order (index = j·nx + i): what every surface evaluator walks. */
export function gridPoints(xs: number[], ys: number[], skip: Set<number> = new Set()): GridPoint[] {
  const points: GridPoint[] = [];
  for (let j = 0; j < ys.length; j++) for (let i = 0; i < xs.length; i++) if (!skip.has(j * xs.length + i)) points.push({ index: j * xs.length + i, alpha: xs[i], beta: ys[j] });
  return points;
}

/** θ + α·δ + β·η for one point, tensor by tensor. */
export function paramsAt(base: tf.Tensor[], d1: tf.Tensor[], d2: tf.Tensor[], alpha: number, beta: number): tf.Tensor[] {
  return tf.tidy(() => base.map((b, p) => tf.add(b, tf.add(tf.mul(d1[p], alpha), tf.mul(d2[p], beta)))));
}

/** θ + α_k·δ + β_k·η for K points at once, each tensor stacked [K, ...shape] (the batched evaluators' parameters). */
export function stackedParams(base: tf.Tensor[], d1: tf.Tensor[], d2: tf.Tensor[], points: Array<[number, number]>): tf.Tensor[] {
  return tf.tidy(() => {
    const k = points.length;
    const coef = (i: 0 | 1, rank: number) => tf.reshape(tf.tensor1d(points.map((p) => p[i])), [k, ...new Array(rank).fill(1)]);
    return base.map((t, p) => tf.add(t, tf.add(tf.mul(d1[p], coef(0, t.rank)), tf.mul(d2[p], coef(1, t.rank)))));
  });
}

/** Evaluate every grid point not in `skip`; points arrive through onPoint in row-major order. */
export async function evaluateSurface2D(options: SurfaceOptions): Promise<void> {
  const { specs, weights, directions, evaluators, skip = new Set(), onPoint = () => {} } = options;
  const xs = axisValues(options.x);
  const ys = axisValues(options.y);
  const asTensors = (ws: Weights) => ws.map((w, p) => tf.tensor(w, specs[p].shape, 'float32'));
  const base = asTensors(weights);
  const d1 = asTensors(directions[0]);
  const d2 = asTensors(directions[1]);
  const group = options.pointsPerReadback ?? (tf.getBackend() === 'webgpu' ? xs.length : 1);
  const queued = Object.values(evaluators).every((e) => e.sums && e.n);
  try {
    if (group > 1 && queued) {
      await evaluateQueued(gridPoints(xs, ys, skip), group, evaluators, (a, b) => paramsAt(base, d1, d2, a, b), onPoint);
      return;
    }
    for (const point of gridPoints(xs, ys, skip)) {
      await yieldToEvents();
      const params = paramsAt(base, d1, d2, point.alpha, point.beta);
      const metrics: Record<string, Metrics> = {};
      try {
        for (const [name, evaluate] of Object.entries(evaluators)) metrics[name] = await evaluate(params);
      } finally {
        tf.dispose(params);
      }
      await onPoint({ ...point, metrics });
    }
  } finally {
    tf.dispose([...base, ...d1, ...d2]);
  }
}

/** Points in groups of `group`: each point's sums stay on the backend, and a group is read back with one data(). */
async function evaluateQueued(
  todo: GridPoint[],
  group: number,
  evaluators: Record<string, PointEvaluator>,
  paramsAt: (a: number, b: number) => tf.Tensor[],
  onPoint: (p: SurfacePoint) => void | Promise<void>,
): Promise<void> {
  const names = Object.keys(evaluators);
  for (let start = 0; start < todo.length; start += group) {
    const points = todo.slice(start, start + group);
    const sums: tf.Tensor[] = [];
    for (const p of points) {
      await yieldToEvents();
      const params = paramsAt(p.alpha, p.beta);
      try {
        for (const name of names) sums.push(await evaluators[name].sums!(params));
      } finally {
        tf.dispose(params);
      }
    }
    const stacked = tf.stack(sums);
    tf.dispose(sums);
    const values = await stacked.data();
    stacked.dispose();
    for (const [k, p] of points.entries()) {
      const metrics: Record<string, Metrics> = {};
      names.forEach((name, e) => {
        const at = 2 * (k * names.length + e);
        metrics[name] = { loss: values[at] / evaluators[name].n!, accuracy: values[at + 1] / evaluators[name].n! };
      });
      await onPoint({ ...p, metrics });
    }
  }
}
