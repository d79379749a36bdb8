/**
 * This project's own WGSL kernels (src/compute/landscape/kernels/mlpPlane.ts, lossCorrect.ts, models/kernels/convFilterGradient.ts,
 * models/kernels/pointConv.ts) on
 * the software WebGPU adapter, against
 * the same arithmetic in tf ops on the cpu backend, on literal and seeded inputs, including the edges a reduction
 * kernel gets wrong: example counts that are not a multiple of the workgroup, ties in the argmax (the first index
 * wins, as tf.argMax), logits of 1e3 (log-sum-exp must not overflow), one point. Then the whole 'fused' surface
 * against the wasm 'loop' surface. Tolerance: 2e-6 relative on sums of losses over ≤ 1000 examples (measured below
 * 5e-7: the reduction orders differ), counts exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/compute/tf';
import { initWebgpu } from '../../src/compute/backend/webgpu';
import { firstLayer } from '../../src/compute/landscape/kernels/mlpPlane';
import { lossAndCorrect } from '../../src/compute/landscape/kernels/lossCorrect';
import { convFilterGradient } from '../../src/compute/models/kernels/convFilterGradient';
import { pointConv } from '../../src/compute/models/kernels/pointConv';
import { evaluateSurface2DBatched } from '../../src/compute/landscape/planeBatched';
import { mlp } from '../../src/compute/models/mlp';
import { directionPair } from '../../src/compute/landscape/directions';
import { mulberry32 } from '../../src/compute/random';
import { softwareAdapter } from '../helpers/webgpu';
import '@tensorflow/tfjs-backend-cpu';


const seeded = (n: number, seed: number, scale = 1) => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
};

/** Run `f` on a backend with fresh tensors from plain arrays, and return plain arrays. */
async function on(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = tf.tidy(f);
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

/** The tf-op form planeBatched.ts uses without the kernels. */
const firstLayerOps = (xw: tf.Tensor2D, xd1: tf.Tensor2D, xd2: tf.Tensor2D, coef: tf.Tensor2D, bias: tf.Tensor2D) => {
  const k = coef.shape[0];
  const a = tf.reshape(tf.slice(coef, [0, 0], [k, 1]), [k, 1, 1]);
  const b = tf.reshape(tf.slice(coef, [0, 1], [k, 1]), [k, 1, 1]);
  return tf.relu(tf.add(tf.add(tf.add(xw, tf.mul(xd1, a)), tf.mul(xd2, b)), tf.expandDims(bias, 1)));
};
const lossOps = (logits: tf.Tensor3D, labels: tf.Tensor1D) => {
  const onehot = tf.oneHot(labels, logits.shape[2]);
  const loss = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), [1, 2]));
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 2), labels), 'float32'), 1);
  return tf.stack([loss, correct], 1);
};

const ci = Boolean(process.env.CI);
describe.runIf(ci || softwareAdapter())('own WGSL kernels on the software WebGPU adapter', () => {
  beforeAll(async () => {
    process.env.LANDSCAPE_WEBGPU = 'software';
    await initWebgpu('software');
  });
  afterAll(() => tf.removeBackend('webgpu'));

  it('first layer: relu(XW + a·XD1 + b·XD2 + b1) for every point, as the tf ops', async () => {
    for (const [k, n, h] of [[1, 3, 5], [7, 130, 33], [21, 64, 512]]) {
      const parts = { xw: seeded(n * h, 1), xd1: seeded(n * h, 2), xd2: seeded(n * h, 3), coef: seeded(k * 2, 4), bias: seeded(k * h, 5, 0.5) };
      const make = () => [tf.tensor2d(parts.xw, [n, h]), tf.tensor2d(parts.xd1, [n, h]), tf.tensor2d(parts.xd2, [n, h]), tf.tensor2d(parts.coef, [k, 2]), tf.tensor2d(parts.bias, [k, h])] as const;
      const want = await on('cpu', () => firstLayerOps(...make()));
      const got = await on('webgpu', () => firstLayer(...make()));
      expect(got.length).toBe(k * n * h);
      let worst = 0;
      want.forEach((w, i) => (worst = Math.max(worst, Math.abs(w - got[i]))));
      expect(worst, `${k}×${n}×${h}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('loss and correct counts: odd example counts, ties, large logits, one point', async () => {
    const cases: Array<{ k: number; n: number; c: number; scale: number; ties?: boolean }> = [
      { k: 1, n: 1, c: 10, scale: 3 },
      { k: 3, n: 300, c: 10, scale: 5 },
      { k: 21, n: 1000, c: 10, scale: 8 },
      { k: 2, n: 257, c: 7, scale: 1e3 },
      { k: 2, n: 64, c: 10, scale: 1, ties: true },
    ];
    for (const { k, n, c, scale, ties } of cases) {
      // Ties: logits rounded to one decimal of a small range, so many rows have two equal maxima.
      const logits = ties ? seeded(k * n * c, 6, 2).map((v) => Math.round(v)) : seeded(k * n * c, 6, scale);
      const labels = Int32Array.from(seeded(n, 7), (v) => Math.floor(((v + 1) / 2) * c) % c);
      const make = () => [tf.tensor3d(logits, [k, n, c]), tf.tensor1d(labels, 'int32')] as const;
      const want = await on('cpu', () => lossOps(...make()));
      const got = await on('webgpu', () => lossAndCorrect(...make()));
      for (let p = 0; p < k; p++) {
        expect(Math.abs(got[2 * p] - want[2 * p]), `loss, case ${JSON.stringify({ k, n, c, scale })}, point ${p}`).toBeLessThanOrEqual(2e-6 * Math.abs(want[2 * p]) + 1e-6);
        expect(got[2 * p + 1], `correct, point ${p}`).toBe(want[2 * p + 1]);
      }
    }
  });

  it("conv filter gradient: the WGSL kernel equals tf.conv2d's stock gradient on cpu (strides, 1×1, odd sizes, several splits)", async () => {
    // [n, h, w, cin, kh, kw, cout, stride]; the last has 8·28·28 = 6,272 reduction steps: two splits.
    const shapes = [
      [2, 5, 5, 3, 3, 3, 4, 1],
      [3, 7, 7, 5, 3, 3, 6, 2],
      [2, 8, 8, 16, 1, 1, 32, 2],
      [1, 6, 9, 2, 3, 3, 17, 1],
      [8, 28, 28, 4, 3, 3, 8, 1],
    ];
    for (const [n, h, w, cin, kh, kw, cout, stride] of shapes) {
      const xs = seeded(n * h * w * cin, 11);
      const ws = seeded(kh * kw * cin * cout, 12);
      const dyShape = [n, Math.ceil(h / stride), Math.ceil(w / stride), cout];
      const dys = seeded(dyShape.reduce((a, b) => a * b, 1), 13);
      const want = await on('cpu', () => {
        const x = tf.tensor4d(xs, [n, h, w, cin]);
        const dy = tf.tensor4d(dys, dyShape as [number, number, number, number]);
        return tf.grad((k: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, k as tf.Tensor4D, stride, "same"), dy)))(tf.tensor4d(ws, [kh, kw, cin, cout]));
      });
      const got = await on('webgpu', () => convFilterGradient(tf.tensor4d(xs, [n, h, w, cin]), tf.tensor4d(dys, dyShape as [number, number, number, number]), kh, kw, stride));
      const scale = Math.max(...want.map(Math.abs));
      let worst = 0;
      want.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]))));
      expect(worst / scale, JSON.stringify({ n, h, w, cin, kh, kw, cout, stride })).toBeLessThanOrEqual(1e-5);
    }
  });

  it('point conv: K points with their own filters in one dispatch, as tf.conv2d per point on cpu (shared input, strides, 1×1)', async () => {
    // [k, n, h, w, cin, kh, kw, cout, stride, shared]
    const shapes = [
      [3, 2, 7, 7, 3, 3, 3, 5, 1, 1],
      [2, 3, 8, 8, 4, 3, 3, 6, 2, 0],
      [4, 1, 6, 6, 8, 1, 1, 16, 2, 0],
      [2, 2, 5, 9, 2, 3, 3, 3, 1, 0],
    ];
    for (const [k, n, h, w, cin, kh, kw, cout, stride, shared] of shapes) {
      const rows = shared ? n : k * n;
      const xs = seeded(rows * h * w * cin, 21);
      const fs = seeded(k * kh * kw * cin * cout, 22);
      const make = () => [tf.tensor4d(xs, [rows, h, w, cin]), tf.tensor(fs, [k, kh, kw, cin, cout])] as const;
      const want = await on('cpu', () => pointConv(...make(), stride, shared === 1));
      const got = await on('webgpu', () => pointConv(...make(), stride, shared === 1));
      expect(got.length).toBe(want.length);
      let worst = 0;
      want.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]) / (1 + Math.abs(v)))));
      expect(worst, JSON.stringify({ k, n, h, w, cin, kh, kw, cout, stride, shared })).toBeLessThanOrEqual(1e-5);
    }
  });

  it("a whole surface with layers 'fused' equals the cpu backend's 'loop' surface", async () => {
    const model = mlp({ inputShape: [28, 28, 1], hidden: [64, 32], numClasses: 10 });
    const weights = model.init(3);
    const directions = directionPair(model.specs, weights, { seed: 4 });
    const r = mulberry32(9);
    const data = { x: Float32Array.from({ length: 300 * 784 }, () => r()), y: Uint8Array.from({ length: 300 }, () => Math.floor(r() * 10)), n: 300, shape: [28, 28, 1] as [number, number, number], numClasses: 10 };
    const surface = async (backend: string, layers: 'loop' | 'fused') => {
      await tf.setBackend(backend);
      const points: number[] = [];
      const res = await evaluateSurface2DBatched({ model, weights, directions, x: { min: -1, max: 1, n: 5 }, y: { min: -1, max: 1, n: 4 }, data: { d: data }, batchSize: 128, layers, onPoint: (p) => void points.push(p.metrics.d.loss, p.metrics.d.accuracy) });
      expect(res).toMatchObject({ mode: 'plane-batched', layers });
      return points;
    };
    const want = await surface('cpu', 'loop');
    const got = await surface('webgpu', 'fused');
    want.forEach((w, i) => expect(Math.abs(got[i] - w), `value ${i}`).toBeLessThanOrEqual(1e-5 * Math.abs(w) + 1e-6));
  });
});
