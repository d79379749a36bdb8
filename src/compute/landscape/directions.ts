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
  /**
   * BatchNorm running statistics (role 'runningMean'/'runningVar', or any spec with trainable false), the paper's
   * "states": 'ignore' (default) gives them a zero direction whatever biasBn says; 'perturb' normalizes them like
   * other non-kernel parameters (one group per tensor under 'filter'/'layer').
   */
  states?: 'ignore' | 'perturb';
}

/** Options for a pair of directions: the second uses seed + 1, as every result records. */
export interface DirectionPairOptions extends DirectionOptions {
  /**
   * Gram–Schmidt the second direction against the first. Done inside each normalization group (each filter for
   * 'filter', each parameter tensor for 'layer', the whole vector for 'weight'/'none'), then the group is rescaled
   * back to its normalized norm: rescaling a group keeps it orthogonal to the first direction's matching group, so the
   * pair is exactly orthogonal *and* still normalized. Default false (the paper relies on near-orthogonality of
   * random high-dimensional vectors).
   */
  orthogonalize?: boolean;
}

/** True for BatchNorm running statistics (not trained by gradient descent). */
export function isState(spec: ParamSpec): boolean {
  return spec.role === 'runningMean' || spec.role === 'runningVar' || spec.trainable === false;
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
  const { seed, normalization = 'filter', biasBn = 'ignore', states = 'ignore' } = options;
  return specs.map((spec, p) => {
    const size = sizeOf(spec.shape);
    const isKernel = spec.kind === 'conv' || spec.kind === 'dense';
    if (isState(spec) ? states === 'ignore' : !isKernel && biasBn === 'ignore') return new Float32Array(size);
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

/**
 * Gram–Schmidt of `d` against `ref` (in place) within groups of a flat array: `groups` interleaved groups, element i
 * belonging to group i % groups (the filter layout), after which each group of `d` gets back its former norm.
 */
function orthogonalizeGroups(d: Float32Array, ref: Float32Array, groups: number): void {
  const dr = new Float64Array(groups);
  const rr = new Float64Array(groups);
  for (let i = 0; i < d.length; i++) {
    dr[i % groups] += d[i] * ref[i];
    rr[i % groups] += ref[i] * ref[i];
  }
  const before = filterNorms(d, groups);
  const c = dr.map((v, k) => (rr[k] > 0 ? v / rr[k] : 0));
  for (let i = 0; i < d.length; i++) d[i] -= c[i % groups] * ref[i];
  const after = filterNorms(d, groups);
  const scale = after.map((a, k) => (a > 0 ? before[k] / a : 0));
  for (let i = 0; i < d.length; i++) d[i] *= scale[i % groups];
}

/**
 * Two directions: seed and seed + 1, optionally orthogonalized (see DirectionPairOptions). Under 'weight' and 'none'
 * there are no per-group norms to keep, so the whole second vector is orthogonalized and rescaled to its former norm.
 */
export function directionPair(specs: ParamSpec[], weights: Weights, options: DirectionPairOptions): [Weights, Weights] {
  const { seed, normalization = 'filter', orthogonalize = false } = options;
  const d1 = randomDirection(specs, weights, options);
  const d2 = randomDirection(specs, weights, { ...options, seed: seed + 1 });
  if (!orthogonalize) return [d1, d2];
  if (normalization === 'filter' || normalization === 'layer') {
    specs.forEach((spec, p) => orthogonalizeGroups(d2[p], d1[p], normalization === 'filter' ? filterCount(spec) : 1));
    return [d1, d2];
  }
  const before = Math.sqrt(dot(d2, d2));
  const c = dot(d1, d1) > 0 ? dot(d2, d1) / dot(d1, d1) : 0;
  const out = d2.map((v, p) => v.map((x, i) => x - c * d1[p][i]));
  const after = Math.sqrt(dot(out, out));
  if (after > 0) for (const v of out) for (let i = 0; i < v.length; i++) v[i] *= before / after;
  return [d1, out];
}

/** What a result stores about its directions: every option with its default filled in, and both seeds. */
export function directionInfo(options: DirectionPairOptions): {
  seed: number;
  normalization: Normalization;
  biasBn: 'ignore' | 'perturb';
  states: 'ignore' | 'perturb';
  orthogonalize: boolean;
  seeds: [number, number];
} {
  const { seed, normalization = 'filter', biasBn = 'ignore', states = 'ignore', orthogonalize = false } = options;
  return { seed, normalization, biasBn, states, orthogonalize, seeds: [seed, seed + 1] };
}
