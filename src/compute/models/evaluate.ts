/**
 * Mean cross-entropy loss and accuracy of a model over a whole dataset, with the data resident on the backend.
 * Sums stay on the device across batches and are read back once per evaluation (one host round-trip).
 */
import { tf } from '../tf.js';
import type { Dataset } from '../data/dataset.js';
import type { Model } from './params.js';
import { yieldToEvents } from '../events.js';

export interface Metrics {
  loss: number;
  accuracy: number;
}

export interface Evaluator {
  (params: tf.Tensor[]): Promise<Metrics>;
  /**
   * [Σ loss, Σ correct] left on the backend, not read back: a caller that evaluates several points queues them and
   * reads all their sums back at once (one host round-trip per group instead of one per point, which on a GPU stalls
   * the queue each time). Divide by `n` for the metrics.
   */
  sums(params: tf.Tensor[]): Promise<tf.Tensor1D>;
  /** Number of examples evaluated. */
  n: number;
  dispose(): void;
}

/** Sum of softmax cross-entropy over a batch (numerically stable through logSoftmax). */
export function crossEntropySum(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const onehot = tf.oneHot(labels, logits.shape[1]);
    return tf.neg(tf.sum(tf.mul(logp, onehot))) as tf.Scalar;
  });
}

export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar);
}

export function makeEvaluator(model: Model, data: Dataset, { batchSize = 1000 } = {}): Evaluator {
  const [h, w, c] = data.shape;
  const batches: Array<{ x: tf.Tensor4D; y: tf.Tensor1D }> = [];
  for (let start = 0; start < data.n; start += batchSize) {
    const end = Math.min(start + batchSize, data.n);
    batches.push({
      x: tf.tensor4d(data.x.subarray(start * h * w * c, end * h * w * c), [end - start, h, w, c]),
      y: tf.tensor1d(Int32Array.from(data.y.subarray(start, end)), 'int32'),
    });
  }
  const sumsOf = async (params: tf.Tensor[]): Promise<tf.Tensor1D> => {
    // One tidy per batch: a CNN's activations for a 1000-example batch are hundreds of MB, and holding every batch's
    // until the end overflows the wasm backend's 4 GiB heap. The sums stay on the device.
    let sums: tf.Tensor = tf.zeros([2]);
    for (const b of batches) {
      await yieldToEvents();
      const next = tf.tidy(() => {
        const logits = model.apply(params, b.x);
        return tf.add(sums, tf.stack([crossEntropySum(logits, b.y), correctCount(logits, b.y)]));
      });
      sums.dispose();
      sums = next;
    }
    return sums as tf.Tensor1D;
  };
  const evaluate = (async (params: tf.Tensor[]) => {
    const sums = await sumsOf(params);
    const [loss, correct] = await sums.data();
    sums.dispose();
    return { loss: loss / data.n, accuracy: correct / data.n };
  }) as Evaluator;
  evaluate.sums = sumsOf;
  evaluate.n = data.n;
  evaluate.dispose = () => batches.forEach((b) => tf.dispose([b.x, b.y]));
  return evaluate;
}
