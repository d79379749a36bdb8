import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { gaussian } from '../../src/compute/random';
import type { ParamSpec, Weights } from '../../src/compute/models/params';
import { flatten, hessianExtremes, hessianVectorProduct, hvpOperator, type HessianProblem } from '../../src/compute/landscape/hessian';
import { extremeEigenvalues, lanczos } from '../../src/compute/landscape/lanczos';
import { convexityMap } from '../../src/compute/landscape/convexity';
import { evaluateSurface2D } from '../../src/compute/landscape/surface';

/** A = Q diag(λ) Qᵀ with a seeded orthogonal Q (Gram–Schmidt in float64). */
function symmetricWithEigenvalues(lambdas: number[], seed: number): number[][] {
  const n = lambdas.length;
  const g = gaussian(seed);
  const q: number[][] = [];
  for (let r = 0; r < n; r++) {
    let v = Array.from({ length: n }, () => g());
    for (let pass = 0; pass < 2; pass++) for (const u of q) { const c = v.reduce((s, x, i) => s + x * u[i], 0); v = v.map((x, i) => x - c * u[i]); }
    const nv = Math.hypot(...v);
    q.push(v.map((x) => x / nv));
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => q.reduce((s, u, k) => s + lambdas[k] * u[i] * u[j], 0)));
}

const n = 60;
// Extremes well separated from the bulk, one negative: an indefinite quadratic (a saddle).
const lambdas = [-2, ...Array.from({ length: n - 2 }, (_, i) => -1 + (4 * i) / (n - 3)), 5];
const A = symmetricWithEigenvalues(lambdas, 3);
const matvec = (v: ArrayLike<number>) => A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));

// θ is split over two parameters (a vector and a 5×7 kernel); a BN running statistic also enters the loss but is not trainable.
const specs: ParamSpec[] = [
  { name: 'a', shape: [25], kind: 'bias' },
  { name: 'k', shape: [5, 7], kind: 'dense' },
  { name: 'bn/mean', shape: [3], kind: 'bn', role: 'runningMean', trainable: false },
];
const g0 = gaussian(9);
const weights: Weights = specs.map((s) => Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, () => g0()));
const trainable = (w: Weights) => [...w[0], ...w[1]];

let problem: HessianProblem;
beforeAll(async () => {
  await tf.setBackend('cpu');
  // L = 0.25·½θᵀA₁θ + 0.75·½θᵀA₂θ with A₁ random and A₂ chosen so the weighted sum is A: tests the batch weighting.
  const A1 = symmetricWithEigenvalues(Array.from({ length: n }, (_, i) => Math.sin(i)), 4);
  const A2 = A.map((row, i) => row.map((a, j) => (a - 0.25 * A1[i][j]) / 0.75));
  const term = (M: number[][], weight: number) => {
    const m = tf.tensor2d(M);
    tf.keep(m);
    return {
      weight,
      loss: (p: tf.Tensor[]) => tf.tidy(() => {
        const theta = tf.reshape(tf.concat([tf.reshape(p[0], [-1]), tf.reshape(p[1], [-1])]), [n, 1]);
        return tf.add(tf.mul(0.5, tf.sum(tf.mul(theta, tf.matMul(m, theta)))), tf.mul(10, tf.sum(tf.square(p[2])))) as tf.Scalar;
      }),
    };
  };
  problem = { specs, terms: [term(A1, 0.25), term(A2, 0.75)] };
});

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num / den);
};

describe('Hessian of a known quadratic', () => {
  it('HVP equals A·v with both methods, over trainable parameters only', async () => {
    const g = gaussian(5);
    const v: Weights = specs.map((s) => Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, () => g()));
    const want = matvec(trainable(v));
    for (const method of ['double-backprop', 'finite-difference'] as const) {
      const before = tf.memory().numTensors;
      const hv = await hessianVectorProduct(problem, weights, v, { method });
      expect(tf.memory().numTensors).toBe(before);
      expect(relErr(trainable(hv), want)).toBeLessThan(method === 'double-backprop' ? 1e-5 : 1e-3);
      expect(hv[2].every((x) => x === 0)).toBe(true);
    }
    const op = hvpOperator(problem, weights);
    expect(relErr(await op.gradient(), matvec(trainable(weights)))).toBeLessThan(1e-5);
    op.dispose();
  });

  it('Lanczos finds λmax and λmin within 1e-3 relative (through HVPs, both λmin modes), stopping when converged', async () => {
    const steps: number[] = [];
    for (const shifted of [true, false]) {
      const e = await hessianExtremes(problem, weights, { k: 40, seed: 1, shifted, minSteps: 1 });
      expect(Math.abs(e.lambdaMax - 5) / 5).toBeLessThan(1e-3);
      expect(Math.abs(e.lambdaMin + 2) / 2).toBeLessThan(1e-3);
      expect(e.converged).toBe(true);
      expect(Math.max(e.residualMax, e.residualMin)).toBeLessThanOrEqual(1e-3 * 5);
      steps.push(e.steps);
    }
    // One run serves both ends; the shifted mode adds a second run.
    expect(steps[1]).toBeLessThan(40);
    expect(steps[0]).toBeGreaterThan(steps[1]);
  });

  it('pure Lanczos: exact on the whole space, and stops early on an invariant subspace', async () => {
    const mv = (v: Float64Array) => Float64Array.from(matvec(v));
    const full = await lanczos(mv, n, { k: n, tol: 0, seed: 2 });
    const sorted = [...lambdas].sort((a, b) => a - b);
    full.ritz.forEach((r, i) => expect(r).toBeCloseTo(sorted[i], 8));
    const diag = (v: Float64Array) => v.map((x, i) => (i < 3 ? [1, 2, 3][i] * x : 0));
    const small = await lanczos(diag, 10, { k: 8, tol: 0 });
    expect(small.steps).toBeLessThanOrEqual(4);
    const e = await extremeEigenvalues(diag, 10, { k: 8, tol: 0 });
    expect(e.lambdaMax).toBeCloseTo(3, 8);
    expect(e.lambdaMin).toBeCloseTo(0, 8);
  });

  it('the 2D surface and the convexity map equal their analytic values', async () => {
    const g = gaussian(11);
    const dir = () => specs.map((s) => Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, () => g()));
    const directions: [Weights, Weights] = [dir(), dir()];
    const axis = { min: -1, max: 1, n: 3 };
    const quad = (w: ArrayLike<number>) => 0.5 * matvec(w).reduce((s, x, i) => s + x * w[i], 0);
    const evaluator = async (p: tf.Tensor[]) => {
      const l = problem.terms.map((t) => tf.tidy(() => tf.mul(t.loss(p), t.weight)));
      const value = l.reduce((s, t) => s + t.dataSync()[0], 0);
      tf.dispose(l);
      return { loss: value, accuracy: 0 };
    };
    const stateEnergy = 10 * weights[2].reduce((s, x) => s + x * x, 0);
    await evaluateSurface2D({
      specs, weights, directions, x: axis, y: axis, evaluators: { train: evaluator },
      onPoint: ({ alpha, beta, metrics }) => {
        const t = trainable(weights).map((w, i) => w + alpha * trainable(directions[0])[i] + beta * trainable(directions[1])[i]);
        const s = [...weights[2]].map((w, i) => w + alpha * directions[0][2][i] + beta * directions[1][2][i]);
        const want = quad(t) + 10 * s.reduce((a, x) => a + x * x, 0);
        expect(Math.abs(metrics.train.loss - want) / Math.abs(want)).toBeLessThan(1e-5);
      },
    });
    expect(stateEnergy).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    const map = await convexityMap({ problem, weights, directions, x: { min: -1, max: 1, n: 2 }, y: { min: 0, max: 0, n: 1 }, k: 30, shifted: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(map.lambdaMax.every((l) => Math.abs(l! - 5) < 5e-3)).toBe(true);
    expect(map.lambdaMin.every((l) => Math.abs(l! + 2) < 2e-3)).toBe(true);
    expect(map.ratio.every((r) => Math.abs(r! - 0.4) < 1e-3)).toBe(true);
    expect(flatten(specs, weights).length).toBe(60);
  });
});
