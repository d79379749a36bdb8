/**
 * Losses that tfjs can differentiate twice (for Hessian-vector products by double backprop).
 *
 * tfjs 4.22 silently gives wrong second derivatives through ops whose gradient reads their saved *output* (exp,
 * tanh, sigmoid, logSoftmax, and anything built with customGrad that saves outputs): the saved output is not on the
 * outer tape. Checked against finite differences: logSoftmax's cross-entropy gave Hv off by ~100%, logSumExp throws
 * ("gradient function not found for Equal"). Here exp's gradient recomputes exp from its input, and the row max
 * used for stability is a constant to the tape (the loss does not depend on it).
 */
import { tf } from '../tf.js';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../models/params.js';

/** exp whose gradient dy·exp(x) is built from the input x, so it is itself differentiable. */
const exp2: (x: tf.Tensor) => tf.Tensor = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return { value: tf.exp(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, exp2(saved[0]))] };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/** The row max, treated as a constant by the tape (the softmax does not depend on the shift). */
const rowMaxConstant: (z: tf.Tensor) => tf.Tensor = tf.customGrad(((z: tf.Tensor) => ({
  value: tf.max(z, 1, true),
  gradFunc: () => [tf.zerosLike(z)],
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (z: tf.Tensor) => tf.Tensor;

/** Σ over the batch of softmax cross-entropy, twice differentiable. Same value as models/evaluate's crossEntropySum. */
export function crossEntropySumTwice(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const s = tf.sub(logits, rowMaxConstant(logits));
    const logp = tf.sub(s, tf.log(tf.sum(exp2(s), 1, true)));
    return tf.neg(tf.sum(tf.mul(logp, tf.oneHot(labels, logits.shape[1])))) as tf.Scalar;
  });
}

/** One term of L(θ) = Σ weight·loss(θ). */
export interface LossTerm {
  loss: (params: tf.Tensor[]) => tf.Scalar;
  weight: number;
}

/**
 * The mean cross-entropy of a model over a data set as batch terms (batch mean × batch size / n), data resident on
 * the backend. The model's own ops must be twice differentiable for double backprop (models/dense.ts is: its
 * customGrad saves inputs, not outputs); else use the finite-difference HVP.
 */
export function modelLossTerms(model: Model, data: Dataset, { batchSize = 1000 } = {}): { terms: LossTerm[]; n: number; dispose(): void } {
  const [h, w, c] = data.shape;
  const tensors: tf.Tensor[] = [];
  const terms: LossTerm[] = [];
  for (let start = 0; start < data.n; start += batchSize) {
    const end = Math.min(start + batchSize, data.n);
    const x = tf.tensor4d(data.x.subarray(start * h * w * c, end * h * w * c), [end - start, h, w, c]);
    const y = tf.tensor1d(Int32Array.from(data.y.subarray(start, end)), 'int32');
    tensors.push(x, y);
    const m = end - start;
    terms.push({ loss: (params) => tf.div(crossEntropySumTwice(model.apply(params, x), y), m) as tf.Scalar, weight: m / data.n });
  }
  return { terms, n: data.n, dispose: () => tf.dispose(tensors) };
}
