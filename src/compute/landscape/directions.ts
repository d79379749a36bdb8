/**
 * Random directions in parameter space, and the paper's filter normalization (Li et al. 2018, Sec. 4):
 * each filter dᵢⱼ of a Gaussian direction is rescaled to ‖θᵢⱼ‖, the norm of the matching filter of the weights, so that
 * plots of different nets (and of a net before/after a scale-invariant reparameterisation) are comparable.
 *
 * A "filter" is one output channel: for conv kernels [kh, kw, in, out] and dense kernels [in, out] both, the values
 * sharing an index along the last axis.
 */
import { gaussian, deriveSeed } from '../random.js';
import { sizeOf, type ParamSpec, type Weights } from '../models/params.js';

export type Normalization = 'filter' | 'layer' | 'weight' | 'none';

export interface DirectionOptions {
  seed: number;
  normalization?: Normalization;
  /** 'ignore': biases and BatchNorm parameters get a zero direction (the paper's default); 'perturb': normalized too. */
  biasBn?: 'ignore' | 'perturb';
}

/** Number of filters in a parameter: the size of its last axis for conv/dense kernels, else 1. */
export function filterCount(spec: ParamSpec): number {
  return spec.kind === 'conv' || spec.kind === 'dense' ? spec.shape[spec.shape.length - 1] : 1;
}

/** Euclidean norm of each filter (index along the last axis) of a flat row-major array. */
export function filterNorms(values: Float32Array, filters: number): Float64Array {
  const sq = new Float64Array(filters);
  for (let i = 0; i < values.length; i++) sq[i % filters] += values[i] * values[i];
  return sq.map(Math.sqrt);
}

/**
 * Rescale a direction (in place) so each of its filters has the norm of the matching filter of `weights`.
 * 'layer' matches whole-parameter norms, 'weight' multiplies elementwise by the weights (|d| ∝ |θ|), 'none' leaves it.
 */
export function normalizeDirection(direction: Float32Array, weights: Float32Array, spec: ParamSpec, normalization: Normalization): Float32Array {
  if (normalization === 'none') return direction;
  if (normalization === 'weight') {
    for (let i = 0; i < direction.length; i++) direction[i] *= weights[i];
    return direction;
  }
  const filters = normalization === 'filter' ? filterCount(spec) : 1;
  const dn = filterNorms(direction, filters);
  const wn = filterNorms(weights, filters);
  // 1e-10 guards an all-zero filter of the direction; a zero filter of the weights gives a zero direction there.
  const scale = wn.map((w, k) => w / (dn[k] + 1e-10));
  for (let i = 0; i < direction.length; i++) direction[i] *= scale[i % filters];
  return direction;
}

/** A seeded Gaussian direction for every parameter, normalized as requested. */
export function randomDirection(specs: ParamSpec[], weights: Weights, options: DirectionOptions): Weights {
  const { seed, normalization = 'filter', biasBn = 'ignore' } = options;
  return specs.map((spec, p) => {
    const size = sizeOf(spec.shape);
    const isKernel = spec.kind === 'conv' || spec.kind === 'dense';
    if (!isKernel && biasBn === 'ignore') return new Float32Array(size);
    const g = gaussian(deriveSeed(seed, spec.name));
    const d = new Float32Array(size);
    for (let i = 0; i < size; i++) d[i] = g();
    return normalizeDirection(d, weights[p], spec, normalization);
  });
}

export function dot(a: Weights, b: Weights): number {
  let s = 0;
  for (let p = 0; p < a.length; p++) for (let i = 0; i < a[p].length; i++) s += a[p][i] * b[p][i];
  return s;
}
