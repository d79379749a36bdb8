import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { twoSpirals } from '../../src/compute/data/synthetic';
import { mlp } from '../../src/compute/models/mlp';
import { train, type TrainOptions } from '../../src/compute/train/train';
import { decodeCheckpoints, encodeCheckpoints } from '../../src/compute/train/checkpoint';
import { scheduledLr } from '../../src/compute/train/schedule';

const data = { train: twoSpirals({ n: 200, seed: 1 }), test: twoSpirals({ n: 100, seed: 2 }) };
const model = mlp({ inputShape: [1, 1, 2], hidden: [32, 32], numClasses: 2 });
const base: TrainOptions = { epochs: 3, batchSize: 32, lr: 0.05, momentum: 0.9, seed: 3 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('train: checkpoints', () => {
  it('saves the initial weights, every k steps, and the final weights', async () => {
    const init = model.init(7);
    const r = await train(model, data, { ...base, checkpointEvery: 5 }, init);
    // 200/32 → 7 batches per epoch, 21 steps: 0, 5, 10, 15, 20, 21.
    expect(r.steps).toBe(21);
    expect(r.checkpoints.map((c) => c.step)).toEqual([0, 5, 10, 15, 20, 21]);
    expect(r.checkpoints[1].epoch).toBeCloseTo(5 / 7, 10);
    expect([...r.checkpoints[0].weights[0]]).toEqual([...init[0]]);
    expect([...r.checkpoints.at(-1)!.weights[0]]).toEqual([...r.weights[0]]);
    expect([...r.checkpoints[1].weights[0]]).not.toEqual([...init[0]]);
  });

  it('saves none unless asked', async () => {
    const r = await train(model, data, { ...base, epochs: 1 }, model.init(7));
    expect(r.checkpoints).toEqual([]);
  });

  it('round-trips through the Float32 binary form, and names the file on damage', async () => {
    const r = await train(model, data, { ...base, epochs: 1, checkpointEvery: 3 }, model.init(7));
    const buf = encodeCheckpoints(model.specs, r.checkpoints);
    const back = decodeCheckpoints(buf, 'ck.bin');
    expect(back.specs.map((s) => s.name)).toEqual(model.specs.map((s) => s.name));
    expect(back.checkpoints.map((c) => c.step)).toEqual(r.checkpoints.map((c) => c.step));
    back.checkpoints.forEach((c, k) => c.weights.forEach((w, p) => expect([...w]).toEqual([...r.checkpoints[k].weights[p]])));
    expect(() => decodeCheckpoints(buf.subarray(0, buf.length - 4), 'ck.bin')).toThrow(/ck\.bin: .*bytes/);
    expect(() => decodeCheckpoints(new Uint8Array(16), 'x.bin')).toThrow(/x\.bin: not a checkpoint/);
  });
});

describe('train: divergence, optimizers, schedules', () => {
  it('records an absurd learning rate as diverged, with its history, without throwing', async () => {
    const r = await train(model, data, { ...base, lr: 1e12, checkpointEvery: 2 }, model.init(7));
    expect(r.diverged).toBe(true);
    expect(r.history.length).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(r.history.at(-1)!.trainLoss)).toBe(false);
    expect(r.checkpoints[0].step).toBe(0);
  });

  it('learns the spirals with SGD and with Adam, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const sgd = await train(model, data, { ...base, epochs: 30, lr: 0.1, schedule: { kind: 'cosine' } }, model.init(7));
    const after = tf.memory().numTensors;
    expect(after).toBe(before);
    const adam = await train(model, data, { ...base, epochs: 30, optimizer: 'adam', lr: 0.01 }, model.init(7));
    expect(sgd.diverged || adam.diverged).toBe(false);
    expect(sgd.history.at(-1)!.trainLoss).toBeLessThan(sgd.history[0].trainLoss);
    expect(adam.history.at(-1)!.trainAccuracy).toBeGreaterThan(0.8);
  });

  it('schedules: step multiplies at milestones, cosine goes from lr to minLr', () => {
    const step = { kind: 'step' as const, milestones: [2, 4], gamma: 0.1 };
    expect(scheduledLr(1, step, 1.9, 6)).toBe(1);
    expect(scheduledLr(1, step, 2, 6)).toBeCloseTo(0.1);
    expect(scheduledLr(1, step, 5, 6)).toBeCloseTo(0.01);
    expect(scheduledLr(1, { kind: 'cosine' }, 0, 10)).toBe(1);
    expect(scheduledLr(1, { kind: 'cosine' }, 5, 10)).toBeCloseTo(0.5);
    expect(scheduledLr(1, { kind: 'cosine', minLr: 0.1 }, 10, 10)).toBeCloseTo(0.1);
  });
});
