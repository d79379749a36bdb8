/**
 * Optimizer trajectories on the plane of their top two principal components (Li et al. 2018, Sec. 7).
 *
 * The rows of M are the checkpoints' offsets θᵢ − θ_final. As in the authors' code (sklearn's PCA), the rows are
 * centered before the PCA. With n checkpoints ≪ P parameters the PCA goes through the small Gram matrix
 * G = M_c M_cᵀ (n × n): if G u = λu then v = M_cᵀu / √λ is a unit principal direction with variance share λ / Σλ.
 * Coordinates are (θᵢ − θ_final)·v (uncentered), so θ_final sits at the origin and a surface evaluated at
 * θ_final + x·v₁ + y·v₂ has the path drawn in its own units.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { ParamSpec, Weights } from '../models/params.js';
import { isState } from './directions.js';

export interface PcaOptions {
  /** With specs: which parameters take part. Without: all of them. */
  specs?: ParamSpec[];
  /** 'ignore' (default, as the paper): biases and BN parameters get zero direction entries. BN states never take part. */
  biasBn?: 'ignore' | 'perturb';
  /** Center the rows before the PCA (default true, as sklearn). */
  center?: boolean;
}

export interface PcaResult {
  /** Unit-norm principal directions, zero in excluded parameters. */
  directions: [Weights, Weights];
  /** Fraction of the (centered) variance along each direction. */
  explainedVariance: [number, number];
  /** Each checkpoint's coordinates on (v₁, v₂). */
  coords: { x: number[]; y: number[] };
}

function included(options: PcaOptions, count: number): boolean[] {
  const { specs, biasBn = 'ignore' } = options;
  if (!specs) return new Array(count).fill(true);
  if (specs.length !== count) throw new Error(`pcaDirections: ${specs.length} specs for ${count} parameter arrays`);
  return specs.map((s) => !isState(s) && (s.kind === 'conv' || s.kind === 'dense' || biasBn === 'perturb'));
}

/** G = M Mᵀ with Mᵢ = θᵢ − θ_final, accumulated parameter by parameter in float64 (no n × P copy). */
function gram(checkpoints: Weights[], final: Weights, use: boolean[]): Float64Array[] {
  const n = checkpoints.length;
  const g = Array.from({ length: n }, () => new Float64Array(n));
  final.forEach((f, p) => {
    if (!use[p]) return;
    const rows = checkpoints.map((c) => Float64Array.from(c[p], (v, k) => v - f[k]));
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        const [a, b] = [rows[i], rows[j]];
        for (let k = 0; k < a.length; k++) s += a[k] * b[k];
        g[i][j] += s;
      }
    }
  });
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i][j] = g[j][i];
  return g;
}

/** (I − 11ᵀ/n) G (I − 11ᵀ/n): the Gram matrix of the centered rows. */
function centerGram(g: Float64Array[]): Float64Array[] {
  const n = g.length;
  const rowMean = g.map((r) => r.reduce((a, b) => a + b, 0) / n);
  const all = rowMean.reduce((a, b) => a + b, 0) / n;
  return g.map((r, i) => r.map((v, j) => v - rowMean[i] - rowMean[j] + all));
}

/** Σᵢ cᵢ(θᵢ − θ_final), scaled to unit norm (a zero vector stays zero). */
function combineRows(checkpoints: Weights[], final: Weights, use: boolean[], c: number[]): Weights {
  const out = final.map((f) => new Float32Array(f.length));
  const acc = final.map((f) => new Float64Array(f.length));
  let norm2 = 0;
  final.forEach((f, p) => {
    if (!use[p]) return;
    checkpoints.forEach((ck, i) => {
      const row = ck[p];
      for (let k = 0; k < f.length; k++) acc[p][k] += c[i] * (row[k] - f[k]);
    });
    for (const v of acc[p]) norm2 += v * v;
  });
  const scale = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
  acc.forEach((a, p) => a.forEach((v, k) => (out[p][k] = v * scale)));
  return out;
}

function project(checkpoints: Weights[], final: Weights, direction: Weights): number[] {
  return checkpoints.map((ck) => {
    let s = 0;
    ck.forEach((v, p) => {
      const [f, d] = [final[p], direction[p]];
      for (let k = 0; k < v.length; k++) s += (v[k] - f[k]) * d[k];
    });
    return s;
  });
}

/**
 * Top two principal directions of the checkpoints' offsets from `final`, their explained-variance ratios and the
 * projected path. Signs are fixed so that the first checkpoint has non-negative coordinates.
 */
export function pcaDirections(checkpoints: Weights[], final: Weights, options: PcaOptions = {}): PcaResult {
  const { center = true } = options;
  if (checkpoints.length < 2) throw new Error(`pcaDirections: need at least 2 checkpoints, got ${checkpoints.length}`);
  checkpoints.forEach((c, i) => {
    if (c.length !== final.length || c.some((v, p) => v.length !== final[p].length)) throw new Error(`pcaDirections: checkpoint ${i} does not match the final weights' shapes`);
  });
  const use = included(options, final.length);
  const n = checkpoints.length;
  const raw = gram(checkpoints, final, use);
  const g = center ? centerGram(raw) : raw;
  const evd = new EigenvalueDecomposition(new Matrix(g.map((r) => Array.from(r))), { assumeSymmetric: true });
  const vectors = evd.eigenvectorMatrix;
  // Tiny negative eigenvalues are rounding of a positive semi-definite matrix: clamp them.
  const order = evd.realEigenvalues.map((l, k) => ({ l: Math.max(l, 0), k })).sort((a, b) => b.l - a.l);
  const total = order.reduce((s, e) => s + e.l, 0);
  const pick = (r: number) => {
    const { l, k } = order[r] ?? { l: 0, k: 0 };
    const u = vectors.getColumn(k);
    const mean = center ? u.reduce((a, b) => a + b, 0) / n : 0;
    // Centering the rows: Σ uᵢ(Mᵢ − μ) = Σ (uᵢ − ū) Mᵢ.
    return { dir: l > 0 ? combineRows(checkpoints, final, use, u.map((v) => v - mean)) : final.map((f) => new Float32Array(f.length)), ratio: total > 0 ? l / total : 0 };
  };
  const [a, b] = [pick(0), pick(1)];
  const dirs: [Weights, Weights] = [a.dir, b.dir];
  const coords = dirs.map((d, r) => {
    let c = project(checkpoints, final, d);
    if (c[0] < 0) {
      dirs[r] = d.map((v) => v.map((x) => -x));
      c = c.map((x) => -x);
    }
    return c;
  });
  return { directions: dirs, explainedVariance: [a.ratio, b.ratio], coords: { x: coords[0], y: coords[1] } };
}
