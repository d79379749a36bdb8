/**
 * 2D surfaces of models with `applyPoints` (the ResNets) evaluated several grid points per dispatch on webgpu: the
 * parameters of a group of K points are stacked [K, ...shape], every conv layer of all K runs as one dispatch
 * (models/kernels/pointConv.ts), loss and accuracy are reduced on the GPU (kernels/lossCorrect.ts), and
 * the group's sums are read back once. A conv net's loss is not linear in any layer's perturbation, so unlike the
 * MLP's plane batching nothing is precomputed: the gain is fewer, larger dispatches and one read-back per group.
 */
import { tf } from '../tf.js';
import type { Dataset } from '../data/dataset.js';
import type { Model, Weights } from '../models/params.js';
import type { Metrics } from '../models/evaluate.js';
import { axisValues, gridPoints, stackedParams, type Axis, type SurfacePoint } from './surface.js';
import { lossAndCorrect } from './kernels/lossCorrect.js';
import { yieldToEvents } from '../events.js';

/** A grid around a model's weights, evaluated on named data sets (shared by the plane- and point-batched paths). */
export interface ModelGridOptions {
  model: Model;
  weights: Weights;
  directions: [Weights, Weights];
  x: Axis;
  y: Axis;
  /** Named data sets, e.g. { train, test }: each point records the metrics on every one. */
  data: Record<string, Dataset>;
  /** Grid points per dispatch (one host read-back each); default one grid row. */
  pointsPerDispatch?: number;
  /** Grid indices already computed (resume): skipped. */
  skip?: Set<number>;
  onPoint?: (p: SurfacePoint) => void | Promise<void>;
}

export interface PointBatchedOptions extends ModelGridOptions {
  /** Examples per dispatch summed over the K points (K × batch images are in flight): bounds memory. */
  imagesPerDispatch?: number;
}

/** Whether this model and backend take the point-batched path. */
export function canPointBatch(model: Model): boolean {
  return typeof model.applyPoints === 'function' && tf.getBackend() === 'webgpu';
}

export async function evaluateSurface2DPointBatched(options: PointBatchedOptions): Promise<void> {
  const { model, weights, directions, data, skip = new Set(), onPoint = () => {} } = options;
  if (!model.applyPoints) throw new Error(`evaluateSurface2DPointBatched: ${model.name} has no applyPoints`);
  const xs = axisValues(options.x);
  const ys = axisValues(options.y);
  const group = Math.max(1, options.pointsPerDispatch ?? xs.length);
  const imagesPerDispatch = options.imagesPerDispatch ?? 4000;
  const asTensors = (ws: Weights) => ws.map((w, p) => tf.tensor(w, model.specs[p].shape, 'float32'));
  const base = asTensors(weights);
  const d1 = asTensors(directions[0]);
  const d2 = asTensors(directions[1]);
  const [h, w, c] = model.inputShape;
  const names = Object.keys(data);
  const todo = gridPoints(xs, ys, skip);
  try {
    for (let start = 0; start < todo.length; start += group) {
      await yieldToEvents();
      const points = todo.slice(start, start + group);
      const k = points.length;
      const batch = Math.max(1, Math.floor(imagesPerDispatch / k));
      const sums = tf.tidy(() => {
        const params = stackedParams(base, d1, d2, points.map((p): [number, number] => [p.alpha, p.beta]));
        return names.map((name) => {
          const ds = data[name];
          let total: tf.Tensor = tf.zeros([k, 2]);
          for (let s = 0; s < ds.n; s += batch) {
            const m = Math.min(batch, ds.n - s);
            const next = tf.tidy(() => {
              const x = tf.tensor4d(ds.x.subarray(s * h * w * c, (s + m) * h * w * c), [m, h, w, c]);
              const y = tf.tensor1d(Int32Array.from(ds.y.subarray(s, s + m)), 'int32');
              return tf.add(total, lossAndCorrect(model.applyPoints!(params, x, k), y));
            });
            total.dispose();
            total = next;
          }
          return total;
        });
      });
      const all = tf.stack(sums);
      tf.dispose(sums);
      const values = await all.data(); // [names, K, 2]: the group's one read-back
      all.dispose();
      for (const [p, point] of points.entries()) {
        const metrics: Record<string, Metrics> = {};
        names.forEach((name, e) => {
          const at = (e * k + p) * 2;
          metrics[name] = { loss: values[at] / data[name].n, accuracy: values[at + 1] / data[name].n };
        });
        await onPoint({ ...point, metrics });
      }
    }
  } finally {
    tf.dispose([...base, ...d1, ...d2]);
  }
}
