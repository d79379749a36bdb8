import { describe, expect, it } from 'vitest';
import { directionInfo, directionPair, dot, filterNorms, randomDirection } from '../../src/compute/landscape/directions';
import type { ParamSpec } from '../../src/compute/models/params';

const specs: ParamSpec[] = [
  { name: 'conv/kernel', shape: [3, 3, 2, 4], kind: 'conv' },
  { name: 'bn/gamma', shape: [4], kind: 'bn', role: 'gamma' },
  { name: 'bn/mean', shape: [4], kind: 'bn', role: 'runningMean', trainable: false },
  { name: 'bn/var', shape: [4], kind: 'bn', role: 'runningVar', trainable: false },
  { name: 'dense/kernel', shape: [6, 3], kind: 'dense' },
  { name: 'dense/bias', shape: [3], kind: 'bias' },
];
const weights = specs.map((s, p) => Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(i * 0.9 + p) * (1 + (i % 4))));
const isZero = (v: Float32Array) => v.every((x) => x === 0);

describe('BN running statistics ("states")', () => {
  it('are not perturbed by default, even when biases and BN parameters are', () => {
    const d = randomDirection(specs, weights, { seed: 2, biasBn: 'perturb' });
    expect(isZero(d[1])).toBe(false);
    expect(isZero(d[2]) && isZero(d[3])).toBe(true);
  });

  it('are perturbed on request, normalized like other non-kernel tensors', () => {
    const d = randomDirection(specs, weights, { seed: 2, states: 'perturb' });
    expect(isZero(d[1])).toBe(true); // biasBn still 'ignore'
    for (const p of [2, 3]) expect(filterNorms(d[p], 1)[0]).toBeCloseTo(filterNorms(weights[p], 1)[0], 4);
  });
});

describe('orthogonalized direction pairs', () => {
  for (const normalization of ['filter', 'layer', 'weight', 'none'] as const) {
    it(`are exactly orthogonal and keep the ${normalization} normalization`, () => {
      const [a, b] = directionPair(specs, weights, { seed: 4, normalization, biasBn: 'perturb', orthogonalize: true });
      const [, raw] = directionPair(specs, weights, { seed: 4, normalization, biasBn: 'perturb' });
      expect(Math.abs(dot(a, b)) / Math.sqrt(dot(a, a) * dot(b, b))).toBeLessThan(1e-6);
      expect(Math.abs(dot(a, raw)) / Math.sqrt(dot(a, a) * dot(raw, raw))).toBeGreaterThan(1e-3); // there was something to remove
      if (normalization === 'filter') {
        for (const p of [0, 4]) {
          const out = specs[p].shape.at(-1)!;
          const [bn, wn] = [filterNorms(b[p], out), filterNorms(weights[p], out)];
          for (let k = 0; k < out; k++) expect(bn[k]).toBeCloseTo(wn[k], 4);
        }
      } else if (normalization === 'layer') {
        expect(filterNorms(b[0], 1)[0]).toBeCloseTo(filterNorms(weights[0], 1)[0], 4);
      } else {
        expect(Math.sqrt(dot(b, b))).toBeCloseTo(Math.sqrt(dot(raw, raw)), 3);
      }
    });
  }

  it('without orthogonalize are two independent seeded directions (seed, seed + 1), and the info records every option', () => {
    const [a, b] = directionPair(specs, weights, { seed: 9 });
    expect([...a[0]]).toEqual([...randomDirection(specs, weights, { seed: 9 })[0]]);
    expect([...b[0]]).toEqual([...randomDirection(specs, weights, { seed: 10 })[0]]);
    expect(directionInfo({ seed: 9, orthogonalize: true })).toEqual({ seed: 9, normalization: 'filter', biasBn: 'ignore', states: 'ignore', orthogonalize: true, seeds: [9, 10] });
  });
});
