/**
 * Exact Hessian-vector products of conv nets by double backprop (models/conv.ts's gradient is itself differentiable):
 * the conv's second derivatives against a closed form built from tfjs's stock first-order gradient; a ResNet's HVP
 * against finite differences of its exact gradient, its symmetry, and Lanczos convergence, on the wasm backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { initBackend } from '../../src/compute/backend/index';
import { conv2d } from '../../src/compute/models/conv';
import { resnet } from '../../src/compute/models/resnet';
import { recomputeBnStats } from '../../src/compute/models/bnStats';
import type { Weights } from '../../src/compute/models/params';
import type { Dataset } from '../../src/compute/data/dataset';
import { gaussian, mulberry32 } from '../../src/compute/random';
import { modelLossTerms } from '../../src/compute/landscape/secondOrder';
import { hessianExtremes, hvpOperator, type HessianProblem } from '../../src/compute/landscape/hessian';

const rand = (shape: number[], seed: number) => {
  const u = mulberry32(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => u() * 2 - 1), shape as [number, number, number, number]);
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));
const relDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => norm(Array.from(a, (x, i) => x - b[i])) / norm(b);

// Odd and even sizes, 3×3 and 1×1 kernels, strides 1 and 2, few and many taps × input channels: every branch of
// conv.ts's input and filter gradients (polyphase or dilated dx; im2col or transposed-conv dW).
const CASES = [
  { h: 6, w: 5, cin: 2, cout: 3, k: 3, s: 1 },
  { h: 6, w: 6, cin: 2, cout: 3, k: 3, s: 2 },
  { h: 7, w: 5, cin: 3, cout: 2, k: 3, s: 2 },
  { h: 6, w: 7, cin: 2, cout: 4, k: 1, s: 2 },
  { h: 8, w: 8, cin: 5, cout: 3, k: 3, s: 2 },
  { h: 7, w: 6, cin: 4, cout: 2, k: 3, s: 1 },
];

/**
 * H·(u, v) of L(x, w) = ½‖F(x, w) + P‖² in closed form, with F = tf.conv2d and its adjoints from tfjs's stock
 * (first-order) gradient: r = F(x, w) + P, dr = F(u, w) + F(x, v), Hₓ = Bx(dr, w) + Bx(r, v), H_w = Bw(u, r) + Bw(x, dr).
 */
function closedFormHvp(x: tf.Tensor4D, w: tf.Tensor4D, p: tf.Tensor4D, u: tf.Tensor4D, v: tf.Tensor4D, s: number): tf.Tensor[] {
  return tf.tidy(() => {
    const F = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, s, 'same');
    const Bx = (dy: tf.Tensor, b: tf.Tensor4D) => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(F(a as tf.Tensor4D, b), dy)))(x);
    const Bw = (a: tf.Tensor4D, dy: tf.Tensor) => tf.grad((b: tf.Tensor) => tf.sum(tf.mul(F(a, b as tf.Tensor4D), dy)))(w);
    const r = tf.add(F(x, w), p);
    const dr = tf.add(F(u, w), F(x, v));
    return [tf.add(Bx(dr, w), Bx(r, v)), tf.add(Bw(u, r), Bw(x, dr))];
  });
}

/** The same H·(u, v) by double backprop through models/conv.ts's conv2d. */
function doubleBackpropHvp(x: tf.Tensor4D, w: tf.Tensor4D, p: tf.Tensor4D, u: tf.Tensor4D, v: tf.Tensor4D, s: number): tf.Tensor[] {
  return tf.tidy(() => {
    const loss = (a: tf.Tensor, b: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.add(conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s), p))));
    const gradDotDirection = (a: tf.Tensor, b: tf.Tensor) => {
      const [ga, gb] = tf.grads(loss)([a, b]);
      return tf.add(tf.sum(tf.mul(ga, u)), tf.sum(tf.mul(gb, v)));
    };
    return tf.grads(gradDotDirection)([x, w]);
  });
}

describe('second derivatives of models/conv.ts conv2d', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const c of CASES) {
    it(`double backprop = closed form (stock gradients, cpu), and wasm agrees: ${c.h}×${c.w}, ${c.cin}→${c.cout}, ${c.k}×${c.k}, stride ${c.s}`, async () => {
      const shapes = { x: [2, c.h, c.w, c.cin], w: [c.k, c.k, c.cin, c.cout], y: [2, Math.ceil(c.h / c.s), Math.ceil(c.w / c.s), c.cout] };
      const make = () => ({ x: rand(shapes.x, 1), w: rand(shapes.w, 2), p: rand(shapes.y, 3), u: rand(shapes.x, 4), v: rand(shapes.w, 5) });
      await tf.setBackend('cpu');
      let t = make();
      const want = await Promise.all(closedFormHvp(t.x, t.w, t.p, t.u, t.v, c.s).map((h) => h.data()));
      const cpu = await Promise.all(doubleBackpropHvp(t.x, t.w, t.p, t.u, t.v, c.s).map((h) => h.data()));
      tf.dispose(Object.values(t));
      await initBackend('wasm');
      t = make();
      const before = tf.memory().numTensors;
      const hv = doubleBackpropHvp(t.x, t.w, t.p, t.u, t.v, c.s);
      const wasm = await Promise.all(hv.map((h) => h.data()));
      tf.dispose(hv);
      expect(tf.memory().numTensors).toBe(before);
      // The forward is tf.conv2d itself: bit-identical.
      const [mine, stock] = [conv2d(t.x, t.w, c.s), tf.conv2d(t.x, t.w, c.s, 'same')];
      expect(Array.from(await mine.data())).toEqual(Array.from(await stock.data()));
      tf.dispose([mine, stock, ...Object.values(t)]);
      for (const i of [0, 1]) {
        expect(relDiff(cpu[i], want[i]), `cpu, ${i ? 'w' : 'x'} part`).toBeLessThan(1e-5);
        expect(relDiff(wasm[i], want[i]), `wasm, ${i ? 'w' : 'x'} part`).toBeLessThan(1e-5);
      }
    });
  }
});

describe('Hessian of a ResNet on the wasm backend (depth 8, baseWidth 4, 32 random 28×28×1 images)', () => {
  const model = resnet({ inputShape: [28, 28, 1], numClasses: 10, depth: 8, baseWidth: 4 });
  const g = gaussian(1);
  const n = 32;
  const data: Dataset = {
    x: Float32Array.from({ length: n * 784 }, () => Math.max(0, 0.5 * g() + 0.3)),
    y: Uint8Array.from({ length: n }, (_, i) => i % 10),
    n,
    shape: [28, 28, 1],
    numClasses: 10,
  };
  const weights = model.init(2);
  let loss: ReturnType<typeof modelLossTerms>;
  let problem: HessianProblem;

  beforeAll(async () => {
    await initBackend('wasm');
    loss = modelLossTerms(model, data);
    problem = { specs: model.specs, terms: loss.terms };
  });
  afterAll(() => loss.dispose());

  const randomVector = (length: number, seed: number) => {
    const r = gaussian(seed);
    return Float64Array.from({ length }, () => r());
  };

  it('matches central differences of the exact gradient at a point away from every ReLU kink', async () => {
    // At a generic point finite differences of a ReLU net's gradient do not converge to the Hessian in float32: this
    // net has ~150k ReLUs on 32 images, a step crosses kinks whose gradient jumps add O(1)/ε, and steps small enough
    // to cross none drown in rounding (measured at this net's init: ‖FD − Hv‖/‖Hv‖ = 0.5–2.9 for relative steps
    // 1e-1 … 1e-4). So the check moves to a point where the loss is smooth: BN shifts β = 6 with running statistics
    // recomputed on the data put every pre-activation ≈ 6σ above 0, so all ReLUs are active with a margin no small
    // step crosses, while every conv's second derivatives (products across layers, strides, projections) remain.
    // There the central difference converges as ε² (relative error 3.4e-2, 3.1e-3, 3.8e-4 at steps 1e-2, 3e-3,
    // 1e-3) until float32 rounding takes over (5e-4 at 3e-4).
    const shifted = weights.map((w, p) => (model.specs[p].role === 'beta' ? w.map(() => 6) : w));
    const smooth: Weights = await recomputeBnStats(model, shifted, data);
    const exact = hvpOperator(problem, smooth);
    const fd = hvpOperator(problem, smooth, { method: 'finite-difference', epsilon: 1e-3 });
    const v = randomVector(exact.n, 5);
    const hv = await exact.apply(v);
    const hvFd = await fd.apply(v);
    exact.dispose();
    fd.dispose();
    expect(relDiff(hvFd, hv)).toBeLessThan(2e-3);
    expect(Math.abs(dot(v, hvFd) - dot(v, hv)) / Math.abs(dot(v, hv))).toBeLessThan(5e-3);
    console.log(`smooth point: ‖FD − Hv‖/‖Hv‖ ${relDiff(hvFd, hv).toExponential(2)}, v·Hv ${dot(v, hv).toFixed(3)} (FD ${dot(v, hvFd).toFixed(3)})`);
  });

  it('is symmetric at a generic point (u·Hv = v·Hu to float32 rounding)', async () => {
    const before = tf.memory().numTensors;
    const op = hvpOperator(problem, weights);
    const u = randomVector(op.n, 6);
    const v = randomVector(op.n, 7);
    const hv = await op.apply(v);
    const hu = await op.apply(u);
    op.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const asym = Math.abs(dot(u, hv) - dot(v, hu)) / Math.abs(dot(u, hv));
    expect(asym).toBeLessThan(1e-4);
    console.log(`u·Hv ${dot(u, hv).toFixed(4)}, v·Hu ${dot(v, hu).toFixed(4)}: relative asymmetry ${asym.toExponential(2)}`);
  });

  it('Lanczos converges for λmax and λmin', async () => {
    const before = tf.memory().numTensors;
    const e = await hessianExtremes(problem, weights, { tol: 1e-3, k: 60, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(e.converged).toBe(true);
    expect(e.steps).toBeLessThan(60);
    expect(e.lambdaMax).toBeGreaterThan(0);
    expect(e.lambdaMin).toBeLessThan(e.lambdaMax);
    const scale = Math.max(Math.abs(e.lambdaMax), Math.abs(e.lambdaMin));
    expect(e.residualMax).toBeLessThanOrEqual(1e-3 * scale);
    expect(e.residualMin).toBeLessThanOrEqual(1e-3 * scale);
    console.log(`ResNet-8 (b4, 32 images): λmax ${e.lambdaMax.toFixed(3)}, λmin ${e.lambdaMin.toFixed(3)} in ${e.steps} HVPs`);
  });
});
