/**
 * BatchNorm running statistics at a given point in weight space.
 *
 * By default the numerics evaluate a perturbed network θ + αδ + βη with the running statistics stored in θ (the
 * paper's code does this: net.eval() on the perturbed weights, and the directions leave BN states unperturbed).
 * Some studies recompute the statistics at each perturbed point instead, so that BN sees the activations the
 * perturbed weights produce; this function does that, as an option.
 */
import { tf } from '../tf.js';
import type { Dataset } from '../data/dataset.js';
import { toTensors, type BatchStat, type Model, type Weights } from './params.js';

export interface RecomputeOptions {
  /** Examples per forward pass (statistics are pooled over all batches, not averaged per batch). */
  batchSize?: number;
  /** Use at most this many batches from the start of `data` (default: all). */
  batches?: number;
}

/**
 * New weights equal to `weights` except every BN layer's running mean and variance, replaced by the mean and the
 * unbiased variance of its input over `data` (in training-mode forward passes through the given weights).
 * Statistics are pooled exactly: Σx and Σx² per channel across batches, so they do not depend on the batch size.
 */
export async function recomputeBnStats(model: Model, weights: Weights, data: Dataset, { batchSize = 500, batches }: RecomputeOptions = {}): Promise<Weights> {
  const [h, w, c] = data.shape;
  const size = h * w * c;
  const total = Math.min(data.n, batches === undefined ? data.n : batches * batchSize);
  const params = toTensors(model.specs, weights);
  // Per BN layer: index pair and running sums Σ count·mean, Σ count·(var + mean²), Σ count (float64 on the host).
  const sums = new Map<number, { varIndex: number; s1: Float64Array; s2: Float64Array; n: number }>();
  try {
    for (let start = 0; start < total; start += batchSize) {
      const m = Math.min(batchSize, total - start);
      const stats: BatchStat[] = [];
      tf.tidy(() => {
        model.apply(params, tf.tensor4d(data.x.subarray(start * size, (start + m) * size), [m, h, w, c]), { training: true, batchStats: stats });
      });
      for (const s of stats) {
        const mean = await s.mean.data();
        const variance = await s.variance.data();
        tf.dispose([s.mean, s.variance]);
        let acc = sums.get(s.meanIndex);
        if (!acc) sums.set(s.meanIndex, (acc = { varIndex: s.varIndex, s1: new Float64Array(mean.length), s2: new Float64Array(mean.length), n: 0 }));
        for (let k = 0; k < mean.length; k++) {
          acc.s1[k] += s.count * mean[k];
          acc.s2[k] += s.count * (variance[k] + mean[k] * mean[k]);
        }
        acc.n += s.count;
      }
    }
  } finally {
    tf.dispose(params);
  }
  const out = weights.map((a) => a.slice());
  for (const [meanIndex, acc] of sums) {
    const mean = acc.s1.map((v) => v / acc.n);
    out[meanIndex] = Float32Array.from(mean);
    out[acc.varIndex] = Float32Array.from(acc.s2, (v, k) => Math.max(v / acc.n - mean[k] ** 2, 0) * (acc.n > 1 ? acc.n / (acc.n - 1) : 1));
  }
  return out;
}
