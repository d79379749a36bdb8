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

export interface SurfacePoint {
  index: number;
  alpha: number;
  beta: number;
  metrics: Record<string, Metrics>;
}

export interface SurfaceOptions {
  specs: ParamSpec[];
  weights: Weights;
  directions: [Weights, Weights];
  x: Axis;
  y: Axis;
  /** Named evaluators, e.g. { train, test }: each point records the metrics of every one. */
  evaluators: Record<string, (params: tf.Tensor[]) => Promise<Metrics>>;
  /** Grid indices already computed (for resume): they are skipped. */
  skip?: Set<number>;
  onPoint?: (p: SurfacePoint) => void | Promise<void>;
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
  try {
    for (let j = 0; j < ys.length; j++) {
      for (let i = 0; i < xs.length; i++) {
        const index = j * xs.length + i;
        if (skip.has(index)) continue;
        await yieldToEvents();
        const params = tf.tidy(() => base.map((b, p) => tf.add(b, tf.add(tf.mul(d1[p], xs[i]), tf.mul(d2[p], ys[j])))));
        const metrics: Record<string, Metrics> = {};
        try {
          for (const [name, evaluate] of Object.entries(evaluators)) metrics[name] = await evaluate(params);
        } finally {
          tf.dispose(params);
        }
        await onPoint({ index, alpha: xs[i], beta: ys[j], metrics });
      }
    }
  } finally {
    tf.dispose([...base, ...d1, ...d2]);
  }
}
