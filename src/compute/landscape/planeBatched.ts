/**
 * 2D surfaces evaluated many grid points per dispatch, for models whose first layer is dense (the MLP).
 *
 * The first layer is linear in (α, β): X·(W + αD₁ + βD₂) = XW + α·XD₁ + β·XD₂. XW, XD₁, XD₂ are computed once per
 * data batch for the whole grid, so the largest matmul (784×512 for the MLP) leaves the per-point cost; the later
 * layers run per point, either as a loop of 2D matmuls ('loop', fast on wasm, whose batched matmul is a slow
 * fallback: ../shared/wasm-notes.md), as one batched matmul over the points of a dispatch ('batched', tf ops), or as
 * that with this project's own WGSL kernels for the first layer and the loss ('fused', webgpu only: kernels/mlpPlane.ts, kernels/lossCorrect.ts).
 * Sums stay on the backend and are read back once per dispatch.
 *
 * Any other model is point-batched on webgpu when it has applyPoints (the ResNets: pointBatched.ts), else evaluated
 * point by point (surface.ts); the result says which mode ran.
 */
import { tf } from '../tf.js';
import type { Dataset } from '../data/dataset.js';
import { correctCount, crossEntropySum, makeEvaluator, type Metrics } from '../models/evaluate.js';
import { assertWeightsMatch, type Model, type Weights } from '../models/params.js';
import { dense } from '../models/dense.js';
import { axisValues, evaluateSurface2D, gridPoints, stackedParams } from './surface.js';
import { yieldToEvents } from '../events.js';
import { firstLayer } from './kernels/mlpPlane.js';
import { lossAndCorrect } from './kernels/lossCorrect.js';
import { canPointBatch, evaluateSurface2DPointBatched, type ModelGridOptions } from './pointBatched.js';

/** Logits from the first layer's output h₁ = x·W₁ + b₁ (before its activation), given all parameters of one point. */
export type RestOfModel = (params: tf.Tensor[], h1: tf.Tensor2D) => tf.Tensor2D;

export interface PlaneBatchedOptions extends ModelGridOptions {
  /** Examples per data batch. */
  batchSize?: number;
  /** How layers after the first run across points: 'loop' of 2D matmuls, one 'batched' matmul, or 'fused' (own WGSL kernels). Default: 'fused' on webgpu, else 'loop'. */
  layers?: Layers;
  /** The model after its first layer; default: derived for models built by models/mlp.ts, else point-by-point. */
  rest?: RestOfModel;
}

export type Layers = 'loop' | 'batched' | 'fused';

export interface PlaneBatchedResult {
  mode: 'plane-batched' | 'point-batched' | 'pointwise';
  /** Why plane batching was not used, when it was not. */
  reason?: string;
  /** How the layers after the first ran, when plane-batched. */
  layers?: Layers;
}

/** The MLP of models/mlp.ts after its first dense layer: ReLU, then dense (+ ReLU between) layers. */
export function mlpRest(model: Model): RestOfModel | undefined {
  const { specs } = model;
  if (!model.name.startsWith('mlp-') || specs.length < 2 || specs.length % 2 !== 0) return undefined;
  for (let l = 0; l < specs.length; l += 2) {
    const [k, b] = [specs[l], specs[l + 1]];
    if (k.kind !== 'dense' || b.kind !== 'bias' || k.shape.length !== 2 || b.shape[0] !== k.shape[1]) return undefined;
    if (l > 0 && k.shape[0] !== specs[l - 2].shape[1]) return undefined;
  }
  return (params, h1) => {
    let h = h1;
    for (let l = 2; l < params.length; l += 2) h = dense(tf.relu(h), params[l] as tf.Tensor2D, params[l + 1] as tf.Tensor1D);
    return h;
  };
}

interface Batch {
  n: number;
  y: tf.Tensor1D;
  /** x·W, x·D₁, x·D₂ of the first layer. */
  xw: tf.Tensor2D;
  xd1: tf.Tensor2D;
  xd2: tf.Tensor2D;
}

function firstLayerProducts(data: Dataset, batchSize: number, w: tf.Tensor2D, d1: tf.Tensor2D, d2: tf.Tensor2D): Batch[] {
  const size = data.shape[0] * data.shape[1] * data.shape[2];
  const batches: Batch[] = [];
  for (let start = 0; start < data.n; start += batchSize) {
    const end = Math.min(start + batchSize, data.n);
    batches.push(
      tf.tidy(() => {
        const x = tf.tensor2d(data.x.subarray(start * size, end * size), [end - start, size]);
        return {
          n: end - start,
          y: tf.tensor1d(Int32Array.from(data.y.subarray(start, end)), 'int32'),
          xw: tf.matMul(x, w),
          xd1: tf.matMul(x, d1),
          xd2: tf.matMul(x, d2),
        };
      }) as Batch,
    );
  }
  return batches;
}

/** Check `rest` against model.apply at the base point on a few examples: a wrong structural guess must not pass silently. */
async function restAgrees(model: Model, rest: RestOfModel, weights: Weights, data: Dataset): Promise<boolean> {
  // Read back with data(), never dataSync(): tfjs-webgpu in Node has no synchronous read-back.
  const [err, scale] = tf.tidy(() => {
    const base = weights.map((w, p) => tf.tensor(w, model.specs[p].shape, 'float32'));
    const [h, w, c] = data.shape;
    const n = Math.min(16, data.n);
    const x = tf.tensor4d(data.x.subarray(0, n * h * w * c), [n, h, w, c]);
    const want = model.apply(base, x);
    const got = rest(base, tf.add(tf.matMul(tf.reshape(x, [n, h * w * c]) as tf.Tensor2D, base[0] as tf.Tensor2D), base[1]) as tf.Tensor2D);
    return [tf.max(tf.abs(tf.sub(want, got))), tf.max(tf.abs(want))];
  });
  const [e, s] = [(await err.data())[0], (await scale.data())[0]];
  tf.dispose([err, scale]);
  return e <= 1e-4 * (1 + s);
}

/** Why these options cannot be plane-batched, or undefined when they can. */
async function whyPointwise(options: PlaneBatchedOptions, rest: RestOfModel | undefined, layers: Layers): Promise<string | undefined> {
  const { model, weights, data } = options;
  const first = model.specs[0];
  const inputSize = model.inputShape[0] * model.inputShape[1] * model.inputShape[2];
  if (!first || first.kind !== 'dense' || first.shape[0] !== inputSize) return 'the first parameter is not a dense kernel over the input';
  if (model.specs[1]?.kind !== 'bias') return 'the first dense layer has no bias parameter next to it';
  if (!rest) return 'no rest-of-model function for this model (pass options.rest)';
  // 'batched' runs the MLP structure itself (a custom rest cannot be batched over points).
  if (layers !== 'loop' && !mlpRest(model)) return `layers '${layers}' needs a models/mlp.ts MLP`;
  if (layers === 'fused' && tf.getBackend() !== 'webgpu') return `layers 'fused' runs WGSL kernels: it needs the webgpu backend, not ${tf.getBackend()}`;
  const firstData = Object.values(data)[0];
  if (firstData && !(await restAgrees(model, rest, weights, firstData))) return 'the rest-of-model function disagrees with model.apply';
  return undefined;
}

/** Sums [loss, correct] for each point of a dispatch, 'loop' mode: 2D matmuls per point. */
function sumsLoop(batches: Batch[], base: tf.Tensor[], d1: tf.Tensor[], d2: tf.Tensor[], points: Array<[number, number]>, rest: RestOfModel): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = points.map(([a, b]) =>
      tf.tidy(() => {
        // Parameters of this point; index 0 (the first kernel) is never used: its products are precomputed.
        const params = base.map((t, p) => (p === 0 ? t : tf.add(t, tf.add(tf.mul(d1[p], a), tf.mul(d2[p], b)))));
        let sums: tf.Tensor = tf.zeros([2]);
        for (const batch of batches) {
          const next = tf.tidy(() => {
            const h1 = tf.add(tf.add(tf.add(batch.xw, tf.mul(batch.xd1, a)), tf.mul(batch.xd2, b)), params[1]) as tf.Tensor2D;
            const logits = rest(params, h1);
            return tf.add(sums, tf.stack([crossEntropySum(logits, batch.y), correctCount(logits, batch.y)]));
          });
          sums.dispose();
          sums = next;
        }
        return sums;
      }),
    );
    return tf.stack(rows) as tf.Tensor2D;
  });
}

/**
 * Sums [loss, correct] for each point of a dispatch, 'batched' mode: one [K, n, ·] × [K, ·, ·] matmul per layer (MLP
 * only); `fused`: the first layer and the loss as own WGSL kernels, the matmuls with their bias and ReLU fused.
 */
function sumsBatched(batches: Batch[], base: tf.Tensor[], d1: tf.Tensor[], d2: tf.Tensor[], points: Array<[number, number]>, fused = false): tf.Tensor2D {
  return tf.tidy(() => {
    const k = points.length;
    const coef = (i: 0 | 1, rank: number) => tf.reshape(tf.tensor1d(points.map((p) => p[i])), [k, ...new Array(rank).fill(1)]);
    const params = stackedParams(base, d1, d2, points);
    let sums: tf.Tensor = tf.zeros([k, 2]);
    const coefs = fused ? tf.tensor2d(points.flat(), [k, 2]) : undefined;
    for (const batch of batches) {
      const next = tf.tidy(() => {
        if (coefs) {
          let h = firstLayer(batch.xw, batch.xd1, batch.xd2, coefs, params[1] as tf.Tensor2D);
          for (let l = 2; l < params.length; l += 2) {
            const activation = l + 2 < params.length ? 'relu' : 'linear';
            h = tf.fused.matMul({ a: h, b: params[l] as tf.Tensor3D, bias: tf.expandDims(params[l + 1], 1), activation }) as tf.Tensor3D;
          }
          return tf.add(sums, lossAndCorrect(h, batch.y));
        }
        let h = tf.add(tf.add(tf.add(batch.xw, tf.mul(batch.xd1, coef(0, 2))), tf.mul(batch.xd2, coef(1, 2))), tf.expandDims(params[1], 1)) as tf.Tensor3D;
        for (let l = 2; l < params.length; l += 2) {
          h = tf.add(tf.matMul(tf.relu(h), params[l] as tf.Tensor3D), tf.expandDims(params[l + 1], 1)) as tf.Tensor3D;
        }
        const onehot = tf.oneHot(batch.y, h.shape[2]);
        const loss = tf.neg(tf.sum(tf.mul(tf.logSoftmax(h), onehot), [1, 2]));
        const correct = tf.sum(tf.cast(tf.equal(tf.argMax(h, 2), batch.y), 'float32'), 1);
        return tf.add(sums, tf.stack([loss, correct], 1));
      });
      sums.dispose();
      sums = next;
    }
    return sums as tf.Tensor2D;
  });
}

/** Evaluate every grid point not in `skip`; points arrive through onPoint in row-major order (as evaluateSurface2D). */
export async function evaluateSurface2DBatched(options: PlaneBatchedOptions): Promise<PlaneBatchedResult> {
  const { model, weights, directions, data, batchSize = 1000, skip = new Set(), onPoint = () => {} } = options;
  const { layers = tf.getBackend() === 'webgpu' ? 'fused' : 'loop' } = options;
  const rest = options.rest ?? mlpRest(model);
  assertWeightsMatch(model.specs, weights, 'evaluateSurface2DBatched: weights');
  directions.forEach((d, i) => assertWeightsMatch(model.specs, d, `evaluateSurface2DBatched: direction ${i + 1}`));
  const xs = axisValues(options.x);
  const ys = axisValues(options.y);
  const pointsPerDispatch = Math.max(1, options.pointsPerDispatch ?? xs.length);

  const reason = await whyPointwise(options, rest, layers);
  if (reason && canPointBatch(model)) {
    // Not plane-batchable (a conv net), but its layers run for several points per dispatch on webgpu.
    await evaluateSurface2DPointBatched({ ...options, pointsPerDispatch });
    return { mode: 'point-batched', reason };
  }
  if (reason) {
    await pointwise(options);
    return { mode: 'pointwise', reason };
  }

  const asTensors = (ws: Weights) => ws.map((w, p) => tf.tensor(w, model.specs[p].shape, 'float32'));
  const base = asTensors(weights);
  const d1 = asTensors(directions[0]);
  const d2 = asTensors(directions[1]);
  const sets: Record<string, Batch[]> = {};
  try {
    for (const [name, ds] of Object.entries(data)) sets[name] = firstLayerProducts(ds, batchSize, base[0] as tf.Tensor2D, d1[0] as tf.Tensor2D, d2[0] as tf.Tensor2D);

    const todo = gridPoints(xs, ys, skip);
    for (let start = 0; start < todo.length; start += pointsPerDispatch) {
      await yieldToEvents();
      const group = todo.slice(start, start + pointsPerDispatch);
      const points = group.map((g): [number, number] => [g.alpha, g.beta]);
      const results: Record<string, Float32Array> = {};
      for (const [name, batches] of Object.entries(sets)) {
        const sums = layers === 'loop' ? sumsLoop(batches, base, d1, d2, points, rest!) : sumsBatched(batches, base, d1, d2, points, layers === 'fused');
        results[name] = (await sums.data()) as Float32Array;
        sums.dispose();
      }
      for (let k = 0; k < group.length; k++) {
        const metrics: Record<string, Metrics> = {};
        for (const [name, ds] of Object.entries(data)) metrics[name] = { loss: results[name][2 * k] / ds.n, accuracy: results[name][2 * k + 1] / ds.n };
        await onPoint({ ...group[k], metrics });
      }
    }
    return { mode: 'plane-batched', layers };
  } finally {
    tf.dispose([...base, ...d1, ...d2]);
    for (const batches of Object.values(sets)) for (const b of batches) tf.dispose([b.y, b.xw, b.xd1, b.xd2]);
  }
}

/** The fallback: one point at a time through makeEvaluator and evaluateSurface2D. */
async function pointwise(options: PlaneBatchedOptions): Promise<void> {
  const { model, weights, directions, data, batchSize = 1000, skip, onPoint } = options;
  const evaluators = Object.fromEntries(Object.entries(data).map(([name, ds]) => [name, makeEvaluator(model, ds, { batchSize })]));
  try {
    await evaluateSurface2D({ specs: model.specs, weights, directions, x: options.x, y: options.y, evaluators, skip, onPoint });
  } finally {
    Object.values(evaluators).forEach((e) => e.dispose());
  }
}
