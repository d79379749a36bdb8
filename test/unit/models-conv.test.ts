import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { conv2d } from '../../src/compute/models/conv';
import { initBackend } from '../../src/compute/backend/index';
import { mulberry32 } from '../../src/compute/random';

function rand(shape: number[], seed: number): tf.Tensor {
  const u = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => u() * 2 - 1), shape);
}

// Odd and even sizes, 3×3 and 1×1 kernels, stride 1 and 2: the stride-2 cases are where padding arithmetic goes wrong.
const CASES = [
  { h: 6, w: 5, cin: 2, cout: 3, k: 3, s: 1 },
  { h: 6, w: 6, cin: 2, cout: 3, k: 3, s: 2 },
  { h: 7, w: 5, cin: 3, cout: 2, k: 3, s: 2 },
  { h: 6, w: 7, cin: 2, cout: 4, k: 1, s: 2 },
  { h: 5, w: 5, cin: 2, cout: 2, k: 1, s: 1 },
];

async function grads(x: tf.Tensor, w: tf.Tensor, proj: tf.Tensor, s: number, gradient: 'custom' | 'stock') {
  const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, s, gradient), proj));
  const [dx, dw] = tf.grads(f)([x, w]);
  const out = { dx: await dx.data(), dw: await dw.data() };
  tf.dispose([dx, dw]);
  return out;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe('conv2d with forward-conv gradients (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const c of CASES) {
    it(`matches the stock gradient: ${c.h}×${c.w}, ${c.cin}→${c.cout}, ${c.k}×${c.k}, stride ${c.s}`, async () => {
      const x = rand([2, c.h, c.w, c.cin], 1);
      const w = rand([c.k, c.k, c.cin, c.cout], 2);
      const proj = rand([2, Math.ceil(c.h / c.s), Math.ceil(c.w / c.s), c.cout], 3);
      const custom = await grads(x, w, proj, c.s, 'custom');
      const stock = await grads(x, w, proj, c.s, 'stock');
      expect(custom.dx.length).toBe(stock.dx.length);
      expect(custom.dw.length).toBe(stock.dw.length);
      expect(maxRelDiff(custom.dx, stock.dx)).toBeLessThan(1e-5);
      expect(maxRelDiff(custom.dw, stock.dw)).toBeLessThan(1e-5);
      tf.dispose([x, w, proj]);
    });
  }

  it('matches central finite differences (stride 2, float64-free: float32 with h = 1e-2 on a linear map)', async () => {
    // The loss is linear in w (and in x), so central differences are exact up to float32 rounding at any step size.
    const c = CASES[2];
    const x = rand([2, c.h, c.w, c.cin], 4);
    const wv = await rand([c.k, c.k, c.cin, c.cout], 5).data();
    const proj = rand([2, Math.ceil(c.h / c.s), Math.ceil(c.w / c.s), c.cout], 6);
    const loss = (wArr: Float32Array) =>
      tf.tidy(() => tf.sum(tf.mul(conv2d(x as tf.Tensor4D, tf.tensor4d(wArr, [c.k, c.k, c.cin, c.cout]), c.s), proj)).dataSync()[0]);
    const { dw } = await grads(x, tf.tensor4d(wv as Float32Array, [c.k, c.k, c.cin, c.cout]), proj, c.s, 'custom');
    const hStep = 1e-2;
    for (const i of [0, 7, 20, wv.length - 1]) {
      const plus = Float32Array.from(wv);
      const minus = Float32Array.from(wv);
      plus[i] += hStep;
      minus[i] -= hStep;
      const fd = (loss(plus) - loss(minus)) / (2 * hStep);
      expect(Math.abs(fd - dw[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(dw[i])));
    }
  });
});

describe('conv2d on wasm', () => {
  it('trains (gradients exist) and agrees with the cpu backend', async () => {
    const c = CASES[1];
    const x = await rand([2, c.h, c.w, c.cin], 1).data();
    const w = await rand([c.k, c.k, c.cin, c.cout], 2).data();
    const proj = await rand([2, 3, 3, c.cout], 3).data();
    const run = async () => {
      const [tx, tw, tp] = [tf.tensor4d(x, [2, c.h, c.w, c.cin]), tf.tensor4d(w, [c.k, c.k, c.cin, c.cout]), tf.tensor4d(proj, [2, 3, 3, c.cout])];
      const g = await grads(tx, tw, tp, c.s, 'custom');
      tf.dispose([tx, tw, tp]);
      return g;
    };
    await tf.setBackend('cpu');
    const onCpu = await run();
    await initBackend('wasm');
    const onWasm = await run();
    expect(maxRelDiff(onWasm.dx, onCpu.dx)).toBeLessThan(1e-5);
    expect(maxRelDiff(onWasm.dw, onCpu.dw)).toBeLessThan(1e-5);
    await tf.setBackend('cpu');
  });
});
