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
 * the backend, evaluated as model.apply(params, x) does: BatchNorm in evaluation mode (running statistics, as the
 * paper's net.eval()). The model's own ops must be twice differentiable for double backprop: models/dense.ts's and
 * models/conv.ts's custom gradients are (they save inputs, not outputs, and are built from ops that are again
 * differentiable), so the MLPs, ResNets and VGGs of models/zoo.ts work as they are, on every backend.
 *
 * batchSize bounds memory: a double-backprop HVP keeps the forward, backward and second-backward tensors of a whole
 * batch. Peak wasm heap (4 GiB at most) measured for HVPs on 28×28 inputs, one batch: ResNet-8 (baseWidth 8) 0.7 GiB
 * at 128 examples, 1.4 GiB at 256; ResNet-14 2.1 GiB at 256 (≈ 8.5 MB per example). So conv nets default to batches
 * of 128 (HVP time is linear in the examples anyway: ResNet-8, 0.56 s CPU for one batch of 128, 1.04 s for two);
 * deeper or wider ones need smaller batches. MLPs default to 1,000 (an MLP 784-128-10 HVP on 1,000 examples: 48 MiB).
 */
export function modelLossTerms(model: Model, data: Dataset, { batchSize = defaultBatchSize(model) } = {}): { terms: LossTerm[]; n: number; dispose(): void } {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`modelLossTerms: batchSize ${batchSize}, expected a positive integer`);
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

/** 128 examples per batch for models with convolutions, 1,000 otherwise (see modelLossTerms). */
export function defaultBatchSize(model: Model): number {
  return model.specs.some((s) => s.kind === 'conv') ? 128 : 1000;
}
