import { describe, expect, it } from 'vitest';
import { pcaDirections } from '../../src/compute/landscape/trajectory';
import { dot } from '../../src/compute/landscape/directions';
import { gaussian } from '../../src/compute/random';
import type { ParamSpec, Weights } from '../../src/compute/models/params';

const specs: ParamSpec[] = [
  { name: 'l1/kernel', shape: [40, 10], kind: 'dense' },
  { name: 'l1/bias', shape: [10], kind: 'bias' },
  { name: 'l2/kernel', shape: [10, 7], kind: 'dense' },
];
const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));

function randomWeights(seed: number, scale = 1): Weights {
  const g = gaussian(seed);
  return sizes.map((n) => Float32Array.from({ length: n }, () => g() * scale));
}
const axpy = (terms: Array<[number, Weights]>, base: Weights): Weights => base.map((b, p) => b.map((v, k) => terms.reduce((s, [c, w]) => s + c * w[p][k], v)));
const norm = (w: Weights) => Math.sqrt(dot(w, w));
const scaled = (w: Weights, c: number) => w.map((v) => v.map((x) => x * c));

/** Orthonormal vectors in the kernels only (biases zero), by Gram–Schmidt in float64 then rounded. */
function orthonormal(count: number): Weights[] {
  const out: Weights[] = [];
  for (let r = 0; r < count; r++) {
    let v = randomWeights(100 + r);
    v[1].fill(0);
    for (const u of out) v = axpy([[-dot(v, u), u]], v);
    out.push(scaled(v, 1 / norm(v)));
  }
  return out;
}

describe('trajectory PCA', () => {
  const final = randomWeights(1);

  it('finds the plane of a path lying in it (plus tiny noise): ≥ 0.999 explained, spanning the plane', () => {
    const [a, b] = orthonormal(2);
    const n = 25;
    const checkpoints = Array.from({ length: n }, (_, i) => {
      const t = 1 - i / (n - 1); // from 1 (start) to 0 (final)
      const noise = randomWeights(500 + i, 1e-4);
      return axpy([[3 * t, a], [1.5 * t * t * Math.sin(5 * t), b], [1, noise]], final);
    });
    const { directions: [v1, v2], explainedVariance, coords } = pcaDirections(checkpoints, final, { specs });
    expect(explainedVariance[0] + explainedVariance[1]).toBeGreaterThanOrEqual(0.999);
    expect(explainedVariance[0]).toBeGreaterThan(explainedVariance[1]);
    expect(norm(v1)).toBeCloseTo(1, 5);
    expect(norm(v2)).toBeCloseTo(1, 5);
    expect(Math.abs(dot(v1, v2))).toBeLessThan(1e-4);
    // a and b lie in span(v1, v2): their projections keep their (unit) norms.
    for (const u of [a, b]) expect(Math.hypot(dot(u, v1), dot(u, v2))).toBeGreaterThan(0.9999);
    // The final point is the origin; a checkpoint is recovered from its coordinates.
    expect(Math.abs(coords.x[n - 1]) + Math.abs(coords.y[n - 1])).toBeLessThan(1e-3);
    expect(coords.x[0]).toBeGreaterThanOrEqual(0);
    const back = axpy([[coords.x[5], v1], [coords.y[5], v2]], final);
    const diff = axpy([[-1, checkpoints[5]]], back);
    expect(norm(diff)).toBeLessThan(1e-2);
  });

  it('gives the known variance shares of a path with three orthogonal modes', () => {
    const [a, b, c] = orthonormal(3);
    const n = 40;
    // Orthogonal Fourier modes with amplitudes 3, 2, 1: centered variances ∝ 9, 4, 1.
    const checkpoints = Array.from({ length: n }, (_, i) => {
      const t = (2 * Math.PI * i) / n;
      return axpy([[3 * Math.cos(t), a], [2 * Math.sin(2 * t), b], [Math.cos(3 * t), c]], final);
    });
    const { explainedVariance, directions } = pcaDirections(checkpoints, final, { specs });
    expect(explainedVariance[0]).toBeCloseTo(9 / 14, 4);
    expect(explainedVariance[1]).toBeCloseTo(4 / 14, 4);
    expect(Math.abs(dot(directions[0], a))).toBeCloseTo(1, 4);
    expect(Math.abs(dot(directions[1], b))).toBeCloseTo(1, 4);
  });

  it('leaves biases out by default (zero entries) and refuses mismatched input', () => {
    const checkpoints = [randomWeights(7), randomWeights(8), randomWeights(9)];
    const { directions } = pcaDirections(checkpoints, final, { specs });
    expect(directions[0][1].every((v) => v === 0)).toBe(true);
    const all = pcaDirections(checkpoints, final, { specs, biasBn: 'perturb' });
    expect(all.directions[0][1].some((v) => v !== 0)).toBe(true);
    expect(() => pcaDirections([final], final)).toThrow(/at least 2/);
    expect(() => pcaDirections([final, [final[0]]], final)).toThrow(/checkpoint 1/);
  });
});
