import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { mlp } from '../../src/compute/models/mlp';
import { makeEvaluator, type Metrics } from '../../src/compute/models/evaluate';
import type { Dataset } from '../../src/compute/data/dataset';
import type { Weights } from '../../src/compute/models/params';
import { directionPair, randomDirection } from '../../src/compute/landscape/directions';
import { evaluateSurface2D, type SurfacePoint } from '../../src/compute/landscape/surface';
import { evaluateSurface2DBatched } from '../../src/compute/landscape/planeBatched';
import { directionCurve, interpolationCurve, curve1dArtifact } from '../../src/compute/landscape/interpolate';
import { syntheticImages } from '../helpers/fixtures';

function dataset(n: number, seed: number): Dataset {
  const { images, labels } = syntheticImages(n, seed);
  return { x: Float32Array.from(images, (v) => v / 255), y: labels, n, shape: [28, 28, 1], numClasses: 10 };
}

const model = mlp({ inputShape: [28, 28, 1], hidden: [24, 16], numClasses: 10 });
const train = dataset(300, 3);
const test = dataset(130, 4);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Biases are zero at init; give them values so the bias path of the batched first layer is exercised. */
function weightsOf(seed: number): Weights {
  return model.init(seed).map((w, p) => (model.specs[p].kind === 'bias' ? w.map((_, i) => 0.05 * Math.sin(i + seed)) : w));
}

async function pointwiseGrid(weights: Weights, directions: [Weights, Weights], axis: { min: number; max: number; n: number }, pointsPerReadback?: number, skip?: Set<number>) {
  const evaluators = { train: makeEvaluator(model, train, { batchSize: 128 }), test: makeEvaluator(model, test, { batchSize: 128 }) };
  const points: SurfacePoint[] = [];
  await evaluateSurface2D({ specs: model.specs, weights, directions, x: axis, y: axis, evaluators, pointsPerReadback, skip, onPoint: (p) => void points.push(p) });
  Object.values(evaluators).forEach((e) => e.dispose());
  return points;
}

function expectClose(a: Metrics, b: Metrics, n: number) {
  expect(Math.abs(a.loss - b.loss) / Math.abs(b.loss)).toBeLessThan(1e-5);
  // An argmax may flip on a near-tie between the two summation orders: at most one example.
  expect(Math.abs(a.accuracy - b.accuracy)).toBeLessThanOrEqual(1 / n + 1e-12);
}

describe('plane-batched surface evaluation', () => {
  const weights = weightsOf(1);
  const directions = directionPair(model.specs, weights, { seed: 11, biasBn: 'perturb' });
  const axis = { min: -1, max: 1, n: 5 };

  it('agrees with point-by-point evaluation to 1e-5 relative, in both layer modes, without leaking tensors', async () => {
    const want = await pointwiseGrid(weights, directions, axis);
    for (const layers of ['loop', 'batched'] as const) {
      const before = tf.memory().numTensors;
      const got: SurfacePoint[] = [];
      const res = await evaluateSurface2DBatched({ model, weights, directions, x: axis, y: axis, data: { train, test }, batchSize: 128, pointsPerDispatch: 7, layers, onPoint: (p) => void got.push(p) });
      expect(res.mode).toBe('plane-batched');
      expect(tf.memory().numTensors).toBe(before);
      expect(got.map((p) => p.index)).toEqual(want.map((p) => p.index));
      got.forEach((p, k) => {
        expect([p.alpha, p.beta]).toEqual([want[k].alpha, want[k].beta]);
        expectClose(p.metrics.train, want[k].metrics.train, train.n);
        expectClose(p.metrics.test, want[k].metrics.test, test.n);
      });
    }
  });

  it('skips points already computed, and falls back to point-by-point for a model it cannot batch', async () => {
    const got: number[] = [];
    await evaluateSurface2DBatched({ model, weights, directions, x: axis, y: axis, data: { test }, skip: new Set([0, 3, 24]), onPoint: (p) => void got.push(p.index) });
    expect(got).toEqual(Array.from({ length: 25 }, (_, i) => i).filter((i) => ![0, 3, 24].includes(i)));

    const small = { min: -0.5, max: 0.5, n: 2 };
    const want = await pointwiseGrid(weights, directions, small);
    const other = { ...model, name: 'not-an-mlp' };
    const wrongRest = (_p: tf.Tensor[], h1: tf.Tensor2D) => tf.slice(h1, [0, 0], [-1, 10]) as tf.Tensor2D;
    for (const [m, rest] of [[other, undefined], [model, wrongRest]] as const) {
      const pts: SurfacePoint[] = [];
      const res = await evaluateSurface2DBatched({ model: m, weights, directions, x: small, y: small, data: { train, test }, batchSize: 128, rest, onPoint: (p) => void pts.push(p) });
      expect(res.mode).toBe('pointwise');
      expect(res.reason).toBeTruthy();
      pts.forEach((p, k) => expect(p.metrics.test.loss).toBe(want[k].metrics.test.loss));
    }
  });
});

describe('1D curves', () => {
  it('interpolation reproduces each model exactly at α = 0 and α = 1', async () => {
    const [a, b] = [weightsOf(1), weightsOf(2)];
    const evaluators = { train: makeEvaluator(model, train), test: makeEvaluator(model, test) };
    const own = async (w: Weights) => {
      const t = w.map((v, p) => tf.tensor(v, model.specs[p].shape));
      const m = await evaluators.test(t);
      tf.dispose(t);
      return m;
    };
    const before = tf.memory().numTensors;
    const curve = await interpolationCurve({ specs: model.specs, from: a, to: b, alphas: { min: -0.5, max: 1.5, n: 9 }, evaluators });
    expect(tf.memory().numTensors).toBe(before);
    expect(curve.x[2]).toBe(0);
    expect(curve.x[6]).toBe(1);
    expect(curve.metrics.testLoss[2]).toBe((await own(a)).loss);
    expect(curve.metrics.testLoss[6]).toBe((await own(b)).loss);
    expect(curve.metrics.testAccuracy[6]).toBe((await own(b)).accuracy);
    expect(curve.evaluated).toEqual({ train: train.n, test: test.n });
    const art = curve1dArtifact(curve, { id: 'interp', title: 'i', axis: 'interpolation' });
    expect(art.metrics.trainLoss.every((v) => v !== null && Number.isFinite(v))).toBe(true);
    Object.values(evaluators).forEach((e) => e.dispose());
  });

  it('filter normalization makes the 1D curve invariant to rescaling a ReLU layer; no normalization does not', async () => {
    const w = weightsOf(5);
    const c = 8;
    // Layer 1 (kernel and bias) × c, layer 2 kernel × 1/c: the same function (ReLU is positively homogeneous).
    const scaled = w.map((v, p) => (p <= 1 ? v.map((x) => x * c) : p === 2 ? v.map((x) => x / c) : v));
    const evaluators = { test: makeEvaluator(model, test) };
    const curve = async (weights: Weights, normalization: 'filter' | 'none') =>
      (await directionCurve({ specs: model.specs, weights, direction: randomDirection(model.specs, weights, { seed: 3, normalization }), alphas: { min: -1, max: 1, n: 9 }, evaluators })).metrics.testLoss as number[];
    const maxRel = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.abs(b[i])));
    expect(maxRel(await curve(scaled, 'filter'), await curve(w, 'filter'))).toBeLessThan(1e-4);
    expect(maxRel(await curve(scaled, 'none'), await curve(w, 'none'))).toBeGreaterThan(1e-2);
    evaluators.test.dispose();
  });
});

describe('points read back in groups', () => {
  it('give the same numbers, in the same order, as one read-back per point (with skipped points)', async () => {
    const weights = weightsOf(5);
    const directions = directionPair(model.specs, weights, { seed: 6 });
    const axis = { min: -1, max: 1, n: 4 };
    const skip = new Set([0, 5, 6]);
    const one = await pointwiseGrid(weights, directions, axis, 1, skip);
    const grouped = await pointwiseGrid(weights, directions, axis, 3, skip);
    expect(grouped.map((p) => p.index)).toEqual(one.map((p) => p.index));
    expect(grouped).toEqual(one);
    expect(one).toHaveLength(13);
  });
});
