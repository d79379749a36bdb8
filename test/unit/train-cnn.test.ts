/** Training a BN CNN end to end on tiny data: it learns, keeps running statistics finite, and leaks no tensors. */
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { resnet } from '../../src/compute/models/resnet';
import { vgg } from '../../src/compute/models/vgg';
import { train } from '../../src/compute/train/train';
import { mulberry32 } from '../../src/compute/random';
import type { Dataset } from '../../src/compute/data/dataset';

/** 6×6 images whose class is which quadrant holds a bright blob: learnable in a few epochs by a tiny CNN. */
function blobs(n: number, seed: number): Dataset {
  const u = mulberry32(seed);
  const x = new Float32Array(n * 36);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    y[i] = label;
    const [r0, c0] = [(label >> 1) * 3, (label & 1) * 3];
    for (let p = 0; p < 36; p++) {
      const [r, c] = [Math.floor(p / 6), p % 6];
      x[i * 36 + p] = 0.3 * (u() - 0.5) + (r >= r0 && r < r0 + 3 && c >= c0 && c < c0 + 3 ? 1 : 0);
    }
  }
  return { x, y, n, shape: [6, 6, 1], numClasses: 4 };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('training CNNs with BatchNorm', () => {
  const data = { train: blobs(64, 1), test: blobs(32, 2) };
  for (const model of [
    resnet({ inputShape: [6, 6, 1], numClasses: 4, depth: 8, baseWidth: 4 }),
    vgg({ inputShape: [6, 6, 1], numClasses: 4, stages: [[4], [8]], hidden: [8] }),
  ]) {
    it(`${model.name} learns with Adam and SGD, without leaking tensors`, async () => {
      const before = tf.memory().numTensors;
      const r = await train(model, data, { epochs: 4, batchSize: 16, lr: 0.01, optimizer: 'adam', seed: 1, checkpointEvery: 4 }, model.init(1));
      expect(tf.memory().numTensors).toBe(before);
      expect(r.diverged).toBe(false);
      expect(r.history.at(-1)!.testAccuracy).toBeGreaterThan(0.9);
      expect(r.checkpoints.map((c) => c.step)).toEqual([0, 4, 8, 12, 16]);
      const sgd = await train(model, data, { epochs: 2, batchSize: 16, lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4, schedule: { kind: 'step', milestones: [1], gamma: 0.1 }, seed: 1 }, model.init(1));
      expect(sgd.history.map((h) => h.lr)).toEqual([0.1, 0.1 * 0.1]);
      model.specs.forEach((s, p) => {
        if (s.role === 'runningVar') expect(r.weights[p].every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      });
    });
  }

  it('an absurd learning rate on a CNN is recorded as diverged, not thrown', async () => {
    const model = resnet({ inputShape: [6, 6, 1], numClasses: 4, depth: 8, baseWidth: 4, shortcut: false });
    const r = await train(model, data, { epochs: 2, batchSize: 16, lr: 1e30, momentum: 0.9, seed: 1 }, model.init(1));
    expect(r.diverged).toBe(true);
    expect(r.history.length).toBeGreaterThan(0);
  });
});
