/**
 * ResNet applyPoints (K parameter sets at once, models/resnet.ts) equals apply() run once per point, on the cpu backend
 * (where pointConv is one tf.conv2d per point): the stacking of BatchNorm statistics, shortcuts and the head.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { resnet } from '../../src/compute/models/resnet';
import { mulberry32 } from '../../src/compute/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ResNet applyPoints', () => {
  for (const shortcut of [true, false]) {
    it(`gives each point's logits (shortcut ${shortcut})`, async () => {
      const model = resnet({ inputShape: [12, 12, 1], numClasses: 10, depth: 8, baseWidth: 4, shortcut });
      const k = 3;
      const r = mulberry32(5);
      // Distinct weights per point, BN statistics included (as a perturbed grid point would have them).
      const points = Array.from({ length: k }, (_, p) => model.init(p + 1).map((w, i) => (model.specs[i].kind === 'bn' ? w.map((v) => v + 0.1 * r()) : w)));
      const x = tf.tensor4d(Float32Array.from({ length: 6 * 144 }, () => r()), [6, 12, 12, 1]);
      const stacked = model.specs.map((s, i) => tf.stack(points.map((ws) => tf.tensor(ws[i], s.shape))));
      const all = (await model.applyPoints!(stacked, x, k).array()) as number[][][];
      for (let p = 0; p < k; p++) {
        const one = (await model.apply(points[p].map((w, i) => tf.tensor(w, model.specs[i].shape)), x).array()) as number[][];
        one.forEach((row, m) => row.forEach((v, j) => expect(Math.abs(all[p][m][j] - v), `point ${p}, image ${m}, class ${j}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)))));
      }
    });
  }
});
