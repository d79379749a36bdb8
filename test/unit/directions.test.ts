import { describe, expect, it } from 'vitest';
import { filterNorms, normalizeDirection, randomDirection } from '../../src/compute/landscape/directions';
import type { ParamSpec } from '../../src/compute/models/params';

const specs: ParamSpec[] = [
  { name: 'conv/kernel', shape: [3, 3, 2, 4], kind: 'conv' },
  { name: 'conv/bias', shape: [4], kind: 'bias' },
  { name: 'dense/kernel', shape: [5, 3], kind: 'dense' },
  { name: 'bn/gamma', shape: [3], kind: 'bn' },
];
const weights = specs.map((s, p) => Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7 + p) * (1 + (i % 3))));

describe('filter normalization', () => {
  it('gives every filter of the direction the norm of the matching weight filter', () => {
    const d = randomDirection(specs, weights, { seed: 1, normalization: 'filter' });
    for (const p of [0, 2]) {
      const out = specs[p].shape.at(-1)!;
      const dn = filterNorms(d[p], out);
      const wn = filterNorms(weights[p], out);
      for (let k = 0; k < out; k++) expect(dn[k]).toBeCloseTo(wn[k], 5);
    }
  });

  it('leaves biases and BN parameters unperturbed by default, and perturbs them on request', () => {
    const ignore = randomDirection(specs, weights, { seed: 1 });
    expect(ignore[1].every((v) => v === 0)).toBe(true);
    expect(ignore[3].every((v) => v === 0)).toBe(true);
    const perturb = randomDirection(specs, weights, { seed: 1, biasBn: 'perturb' });
    expect(filterNorms(perturb[3], 1)[0]).toBeCloseTo(filterNorms(weights[3], 1)[0], 5);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    const a = randomDirection(specs, weights, { seed: 5 });
    const b = randomDirection(specs, weights, { seed: 5 });
    const c = randomDirection(specs, weights, { seed: 6 });
    expect([...a[0]]).toEqual([...b[0]]);
    expect([...a[0]]).not.toEqual([...c[0]]);
  });

  it('layer normalization matches whole-tensor norms; none leaves the direction alone', () => {
    const d = Float32Array.from([3, 4, 0, 0]);
    normalizeDirection(d, Float32Array.from([0, 0, 0, 10]), specs[1], 'layer');
    expect(Math.hypot(...d)).toBeCloseTo(10, 5);
    const e = Float32Array.from([1, 2]);
    normalizeDirection(e, Float32Array.from([5, 5]), specs[1], 'none');
    expect([...e]).toEqual([1, 2]);
  });

  it('computes filter norms along the last axis of a literal kernel', () => {
    // [in=2, out=2] row-major: filter 0 = (1, 3), filter 1 = (2, 4)
    const n = filterNorms(Float32Array.from([1, 2, 3, 4]), 2);
    expect(n[0]).toBeCloseTo(Math.hypot(1, 3), 10);
    expect(n[1]).toBeCloseTo(Math.hypot(2, 4), 10);
  });
});
