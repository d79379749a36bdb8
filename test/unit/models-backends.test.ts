/** Forward outputs agree between the wasm and cpu backends (1e-4), and BN running statistics behave like PyTorch's. */
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { initBackend } from '../../src/compute/backend/index';
import { mlp } from '../../src/compute/models/mlp';
import { resnet } from '../../src/compute/models/resnet';
import { vgg } from '../../src/compute/models/vgg';
import { toTensors, type Model } from '../../src/compute/models/params';
import { train } from '../../src/compute/train/train';
import { recomputeBnStats } from '../../src/compute/models/bnStats';
import { mulberry32 } from '../../src/compute/random';
import type { Dataset } from '../../src/compute/data/dataset';

const SHAPE: [number, number, number] = [9, 9, 2];
const u = mulberry32(21);
const X = Float32Array.from({ length: 3 * 9 * 9 * 2 }, () => u() * 2 - 1);
const MODELS: Model[] = [
  mlp({ inputShape: SHAPE, hidden: [16], numClasses: 4 }),
  resnet({ inputShape: SHAPE, numClasses: 4, depth: 14, baseWidth: 4, width: 2 }),
  resnet({ inputShape: SHAPE, numClasses: 4, depth: 8, baseWidth: 4, shortcut: false }),
  vgg({ inputShape: SHAPE, numClasses: 4, stages: [[4, 4], [8, 8]], hidden: [8] }),
];

async function forward(model: Model, training: boolean): Promise<Float32Array> {
  const params = toTensors(model.specs, model.init(1));
  const x = tf.tensor4d(X, [3, ...SHAPE]);
  const y = model.apply(params, x, { training });
  const out = (await y.data()) as Float32Array;
  tf.dispose([...params, x, y]);
  return out;
}

describe('wasm and cpu forward outputs agree', () => {
  for (const model of MODELS) {
    it(model.name, async () => {
      for (const training of [false, true]) {
        await tf.setBackend('cpu');
        const cpu = await forward(model, training);
        await initBackend('wasm');
        const wasm = await forward(model, training);
        const scale = cpu.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
        const diff = cpu.reduce((m, v, i) => Math.max(m, Math.abs(v - wasm[i])), 0);
        expect(diff / scale, `training ${training}`).toBeLessThan(1e-4);
      }
    });
  }
});

describe('BatchNorm running statistics', () => {
  const data: Dataset = { x: X.slice(0, 3 * 162), y: Uint8Array.from([0, 1, 2]), n: 3, shape: SHAPE, numClasses: 4 };
  const model = resnet({ inputShape: SHAPE, numClasses: 4, depth: 8, baseWidth: 4 });
  const meanIdx = model.specs.findIndex((s) => s.role === 'runningMean');
  const varIdx = model.specs.findIndex((s) => s.role === 'runningVar');

  it('train updates them with momentum 0.1 (unbiased variance)', async () => {
    await tf.setBackend('cpu');
    const init = model.init(1);
    // One step with lr 0: only the running statistics can change.
    const r = await train(model, { train: data, test: data }, { epochs: 1, batchSize: 3, lr: 0, seed: 1 }, init);
    const batch = tf.tidy(() => {
      const stem = tf.conv2d(tf.tensor4d(X, [3, ...SHAPE]), tf.tensor4d(init[0], model.specs[0].shape as [number, number, number, number]), 1, 'same');
      const { mean, variance } = tf.moments(stem, [0, 1, 2]);
      return [mean.dataSync(), variance.dataSync()];
    });
    const count = 3 * 81;
    r.weights[meanIdx].forEach((v, c) => expect(v).toBeCloseTo(0.1 * batch[0][c], 5));
    r.weights[varIdx].forEach((v, c) => expect(v).toBeCloseTo(0.9 + 0.1 * batch[1][c] * (count / (count - 1)), 5));
  });

  it('recomputeBnStats replaces them with the statistics of the data and changes nothing else', async () => {
    await tf.setBackend('cpu');
    const w = model.init(2);
    const out = await recomputeBnStats(model, w, data, { batchSize: 3 });
    expect(out[0]).toEqual(w[0]);
    const stem = tf.tidy(() => tf.moments(tf.conv2d(tf.tensor4d(X, [3, ...SHAPE]), tf.tensor4d(w[0], model.specs[0].shape as [number, number, number, number]), 1, 'same'), [0, 1, 2]).mean.dataSync());
    out[meanIdx].forEach((v, c) => expect(v).toBeCloseTo(stem[c], 5));
    expect([...out[varIdx]]).not.toEqual([...w[varIdx]]);
  });
});
