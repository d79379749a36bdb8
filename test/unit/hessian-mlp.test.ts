import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { mlp } from '../../src/compute/models/mlp';
import { crossEntropySum } from '../../src/compute/models/evaluate';
import type { Dataset } from '../../src/compute/data/dataset';
import { crossEntropySumTwice, modelLossTerms } from '../../src/compute/landscape/secondOrder';
import { hessianExtremes, hvpDiscrepancy } from '../../src/compute/landscape/hessian';
import { syntheticImages } from '../helpers/fixtures';

const model = mlp({ inputShape: [28, 28, 1], hidden: [8], numClasses: 10 });
const { images, labels } = syntheticImages(120, 2);
const data: Dataset = { x: Float32Array.from(images, (v) => v / 255), y: labels, n: 120, shape: [28, 28, 1], numClasses: 10 };
const weights = model.init(3);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Hessian of an MLP', () => {
  it('the twice-differentiable cross-entropy has the same value as the evaluation one', () => {
    const [logits, y] = [tf.randomNormal([6, 10], 0, 3, 'float32', 1) as tf.Tensor2D, tf.tensor1d([0, 1, 2, 3, 9, 9], 'int32')];
    expect(crossEntropySumTwice(logits, y).dataSync()[0]).toBeCloseTo(crossEntropySum(logits, y).dataSync()[0], 4);
    tf.dispose([logits, y]);
  });

  it('double-backprop HVPs agree with finite differences; through tfjs logSoftmax they would not', async () => {
    const before = tf.memory().numTensors;
    const loss = modelLossTerms(model, data, { batchSize: 50 }); // batches 50, 50, 20: weighted by size
    const good = await hvpDiscrepancy({ specs: model.specs, terms: loss.terms }, weights, { seed: 1 });
    expect(good).toBeLessThan(2e-2);
    const x = tf.tensor4d(data.x, [data.n, 28, 28, 1]);
    const y = tf.tensor1d(Int32Array.from(data.y), 'int32');
    const naive = [{ weight: 1, loss: (p: tf.Tensor[]) => tf.div(crossEntropySum(model.apply(p, x), y), data.n) as tf.Scalar }];
    const bad = await hvpDiscrepancy({ specs: model.specs, terms: naive }, weights, { seed: 1 });
    expect(bad).toBeGreaterThan(0.1); // Infinity: tfjs cannot even connect the second derivative
    tf.dispose([x, y]);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    console.log(`HVP relative discrepancy vs finite differences: ${good.toExponential(2)} (twice-differentiable loss), ${bad.toExponential(2)} (logSoftmax)`);
  });

  it('λmax and λmin of a smooth model (softmax regression: no ReLU kinks) are the same by either HVP method', async () => {
    const linear = mlp({ inputShape: [28, 28, 1], hidden: [], numClasses: 10 });
    const loss = modelLossTerms(linear, data, { batchSize: 60 });
    const problem = { specs: linear.specs, terms: loss.terms };
    const w = linear.init(4);
    const exact = await hessianExtremes(problem, w, { k: 12, seed: 2, shifted: false });
    const fd = await hessianExtremes(problem, w, { k: 12, seed: 2, shifted: false, method: 'finite-difference' });
    loss.dispose();
    // Cross-entropy of a linear model is convex: λmin ≥ 0 up to rounding.
    expect(exact.lambdaMax).toBeGreaterThan(0);
    expect(exact.lambdaMin).toBeGreaterThan(-1e-4 * exact.lambdaMax);
    expect(Math.abs(exact.lambdaMax - fd.lambdaMax) / exact.lambdaMax).toBeLessThan(1e-2);
    console.log(`softmax regression: λmax ${exact.lambdaMax.toFixed(4)} (fd ${fd.lambdaMax.toFixed(4)}), λmin ${exact.lambdaMin.toExponential(2)}`);
  });
});
