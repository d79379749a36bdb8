/**
 * Hessian-vector products of a loss L(θ) = Σ_b weight_b·loss_b(θ) (batch terms weighted by batch size), and the
 * extreme Hessian eigenvalues at a point (λmax: sharpness; λmin: negative curvature), Li et al. 2018 Sec. 6.
 *
 * Two HVP methods:
 * - 'double-backprop' (default): Hv = ∇(∇L·v), exact. Needs every op in the loss to be twice differentiable in
 *   tfjs (see secondOrder.ts: use crossEntropySumTwice, not logSoftmax). The MLP qualifies (models/dense.ts), and so
 *   do the conv nets (ResNets, VGG): models/conv.ts's custom gradient is built from convolutions whose own gradients
 *   are again such convolutions, so it differentiates twice on wasm and cpu (tfjs's stock conv gradient cannot: no
 *   Conv2DBackpropFilter on wasm, no gradient of it anywhere). Checked against a closed form and, at a ReLU-kink-free
 *   point, against finite differences (test/unit/hessian-conv.test.ts). Check other models with hvpDiscrepancy.
 * - 'finite-difference': Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε with ε = epsilon·‖θ‖/‖v‖ (relative step, default
 *   1e-4). Exact for quadratics up to rounding, O(ε²) for smooth losses; needs first derivatives only (any model
 *   that trains). On ReLU nets a step that crosses activation kinks adds gradient jumps / ε: on a 784-8-10 MLP,
 *   relative steps 1e-3 and 1e-2 gave ‖Hv‖ 34× and 9× too large, 1e-4 agreed with double backprop to 1e-3 on
 *   one vector, yet Lanczos on those HVPs still found a spurious λmax 10× too large (the kink jumps make the operator
 *   noisy and non-symmetric). On a ResNet-8 (32 images, ~150k ReLUs) it was 50–290% off at every step from 1e-1 to
 *   1e-4. Use double backprop for ReLU nets; finite differences are for smooth losses.
 *
 * Cost on wasm (MLP 784-512-512-10, 1,000 examples, loaded 2-core machine): forward 141 ms, double-backprop HVP
 * 4.0–4.2 s, finite-difference HVP 0.8 s. The double-backprop pass differentiates models/dense.ts's gradient, whose
 * matmuls use tfjs's stock MatMul gradient (transpose flags: the slow wasm path). A dense gradient that calls itself
 * recursively (flag-free at every order) measured 0.72 s with the same Hv (2.4e-7 relative).
 * Measured later (CPU seconds of the single wasm thread, 28×28 Fashion-MNIST, briefly trained weights): MLP
 * 784-128-10 on 1,000 examples 0.09 s per HVP; ResNet-8 (baseWidth 8) 0.56 / 1.04 s on 128 / 256 examples (no
 * shortcuts 0.48 / 0.96); ResNet-14 0.97 / 1.98 (no shortcuts 0.95 / 1.90): linear in the examples. The
 * residual rule (lanczos.ts, tol 1e-3 or 1e-2 alike) was met after 15–19 HVPs at those points and 10–16 at points
 * of their convexity maps (|α|, |β| ≤ 1), so lanczos.ts's minimum of 40 steps sets the cost there: 40 HVPs, plus
 * reorthogonalization and the tridiagonal eigenproblems (≈ 0.02 s a step for the 100k-parameter MLP, noise for the
 * ResNets).
 *
 * Only trainable parameters (spec.trainable !== false: not BN running statistics) are differentiated; the operator
 * works on their concatenation as one flat Float64Array (host side, for Lanczos).
 */
import { tf } from '../tf.js';
import { assertWeightsMatch, sizeOf, type ParamSpec, type Weights } from '../models/params.js';
import { gaussian } from '../random.js';
import { extremeEigenvalues, type ExtremeOptions, type Extremes } from './lanczos.js';
import type { LossTerm } from './secondOrder.js';

export type HvpMethod = 'double-backprop' | 'finite-difference';

export interface HessianProblem {
  specs: ParamSpec[];
  terms: LossTerm[];
}

export interface HvpOptions {
  method?: HvpMethod;
  /** Relative finite-difference step (method 'finite-difference'). */
  epsilon?: number;
}

export interface HvpOperator {
  /** Length of the flat vectors: the number of trainable parameter values. */
  n: number;
  apply(v: Float64Array): Promise<Float64Array>;
  /** ∇L at the point, flat. */
  gradient(): Promise<Float64Array>;
  dispose(): void;
}

/** Indices (into specs) of the parameters that are differentiated. */
export function trainableIndices(specs: ParamSpec[]): number[] {
  return specs.flatMap((s, p) => (s.trainable === false ? [] : [p]));
}

/** Flat vector over the trainable parameters ↔ Weights (zeros in the others). */
export function flatten(specs: ParamSpec[], w: Weights): Float64Array {
  const idx = trainableIndices(specs);
  const out = new Float64Array(idx.reduce((s, p) => s + w[p].length, 0));
  let o = 0;
  for (const p of idx) {
    out.set(w[p], o);
    o += w[p].length;
  }
  return out;
}

export function unflatten(specs: ParamSpec[], v: Float64Array): Weights {
  const out = specs.map((s) => new Float32Array(sizeOf(s.shape)));
  let o = 0;
  for (const p of trainableIndices(specs)) {
    out[p].set(v.subarray(o, o + out[p].length));
    o += out[p].length;
  }
  if (o !== v.length) throw new Error(`unflatten: vector of ${v.length} values for ${o} trainable parameter values`);
  return out;
}

/** Σ_b weight_b·(per-term map of the trainable parameters), accumulated on the backend, read back flat. */
async function accumulate(specs: ParamSpec[], terms: LossTerm[], perTerm: (term: LossTerm) => tf.Tensor[]): Promise<Float64Array> {
  const idx = trainableIndices(specs);
  let acc: tf.Tensor[] | null = null;
  for (const term of terms) {
    const part = perTerm(term);
    const next: tf.Tensor[] = tf.tidy(() => part.map((t, i) => (acc ? tf.add(acc[i], tf.mul(t, term.weight)) : tf.mul(t, term.weight))));
    tf.dispose(part);
    if (acc) tf.dispose(acc);
    acc = next;
  }
  if (!acc) throw new Error('hessian: the loss has no terms');
  const parts: tf.Tensor[] = acc;
  const flat = tf.tidy(() => tf.concat(parts.map((t) => tf.reshape(t, [-1]))));
  const data = await flat.data();
  tf.dispose([flat, ...acc]);
  if (data.length !== idx.reduce((s, p) => s + sizeOf(specs[p].shape), 0)) throw new Error('hessian: gradient size mismatch');
  return Float64Array.from(data);
}

/** The HVP operator of `problem` at `weights` (kept resident on the backend until dispose). */
export function hvpOperator(problem: HessianProblem, weights: Weights, options: HvpOptions = {}): HvpOperator {
  const { method = 'double-backprop', epsilon = 1e-4 } = options;
  const { specs, terms } = problem;
  assertWeightsMatch(specs, weights, 'hvpOperator: weights');
  const idx = trainableIndices(specs);
  const params = weights.map((w, p) => tf.tensor(w, specs[p].shape, 'float32'));
  const withTrainable = (trainable: tf.Tensor[]) => params.map((t, p) => (idx.includes(p) ? trainable[idx.indexOf(p)] : t));
  const gradAt = (term: LossTerm) => tf.grads((...tr: tf.Tensor[]) => term.loss(withTrainable(tr)));
  const n = idx.reduce((s, p) => s + sizeOf(specs[p].shape), 0);
  const thetaNorm = Math.sqrt(idx.reduce((s, p) => s + weights[p].reduce((a, v) => a + v * v, 0), 0));
  const asTensors = (v: Float64Array) => {
    const w = unflatten(specs, v);
    return idx.map((p) => tf.tensor(w[p], specs[p].shape, 'float32'));
  };
  const base = idx.map((p) => params[p]);

  const doubleBackprop = (v: tf.Tensor[]) => (term: LossTerm) =>
    tf.tidy(() => {
      const g = gradAt(term);
      const gv = (...tr: tf.Tensor[]) => tf.addN(g(tr).map((gi, i) => tf.sum(tf.mul(gi, v[i])))) as tf.Scalar;
      return tf.grads(gv)(base);
    });
  const finiteDifference = (v: tf.Tensor[], eps: number) => (term: LossTerm) =>
    tf.tidy(() => {
      const g = gradAt(term);
      const plus = g(base.map((t, i) => tf.add(t, tf.mul(v[i], eps))));
      const minus = g(base.map((t, i) => tf.sub(t, tf.mul(v[i], eps))));
      return plus.map((gp, i) => tf.div(tf.sub(gp, minus[i]), 2 * eps));
    });

  return {
    n,
    async apply(v) {
      if (v.length !== n) throw new Error(`hvp: vector of ${v.length} values, expected ${n}`);
      const vt = asTensors(v);
      try {
        if (method === 'double-backprop') {
          try {
            return await accumulate(specs, terms, doubleBackprop(vt));
          } catch (e) {
            throw new Error(
              `double-backprop HVP failed on the ${tf.getBackend()} backend: the loss is not twice differentiable in tfjs here ` +
                `(${(e as Error).message.split('\n')[0]}). Use method 'finite-difference' (smooth losses only), see landscape/hessian.ts`,
            );
          }
        }
        const vNorm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
        if (vNorm === 0) return new Float64Array(n);
        return await accumulate(specs, terms, finiteDifference(vt, (epsilon * Math.max(thetaNorm, 1)) / vNorm));
      } finally {
        tf.dispose(vt);
      }
    },
    gradient: () => accumulate(specs, terms, (term) => tf.tidy(() => gradAt(term)(base))),
    dispose: () => tf.dispose(params),
  };
}

/** H·v for Weights (convenience over hvpOperator; zeros in non-trainable parameters). */
export async function hessianVectorProduct(problem: HessianProblem, weights: Weights, v: Weights, options: HvpOptions = {}): Promise<Weights> {
  const op = hvpOperator(problem, weights, options);
  try {
    return unflatten(problem.specs, await op.apply(flatten(problem.specs, v)));
  } finally {
    op.dispose();
  }
}

/**
 * λmax and λmin of the Hessian at `weights`: Lanczos until both extreme Ritz pairs have converged (residuals ≤
 * tol·scale for λmax, ≤ min(tol, 1e-3)·scale/3 for λmin; default tol 1e-3), but not before minSteps (default 40), or
 * until k HVPs (default 100) were spent; `converged` says which (see lanczos.ts).
 */
export async function hessianExtremes(problem: HessianProblem, weights: Weights, options: HvpOptions & ExtremeOptions = {}): Promise<Extremes> {
  const op = hvpOperator(problem, weights, options);
  try {
    return await extremeEigenvalues((v) => op.apply(v), op.n, options);
  } finally {
    op.dispose();
  }
}

/**
 * ‖Hv(double-backprop) − Hv(finite-difference)‖ / ‖Hv(finite-difference)‖ for a seeded random v: a check that a
 * model's ops are twice differentiable in tfjs (expect ~1e-3 or less when they are, O(1) when not; Infinity when
 * tfjs cannot differentiate twice at all). Finite differences cross ReLU kinks, so keep epsilon small here; for
 * nets with many ReLUs (conv nets) no step works at a generic point (see the 'finite-difference' method above):
 * check at a point where every ReLU is active with a margin, as test/unit/hessian-conv.test.ts does.
 */
export async function hvpDiscrepancy(problem: HessianProblem, weights: Weights, { seed = 0, epsilon = 1e-4 } = {}): Promise<number> {
  const exact = hvpOperator(problem, weights, { method: 'double-backprop' });
  const fd = hvpOperator(problem, weights, { method: 'finite-difference', epsilon });
  try {
    const g = gaussian(seed);
    const v = Float64Array.from({ length: exact.n }, () => g());
    const b = await fd.apply(v);
    let a: Float64Array;
    try {
      a = await exact.apply(v);
    } catch (e) {
      // tfjs throws this when a saved-output gradient cut every second-order path to some parameter.
      if (/Cannot compute gradient/.test((e as Error).message)) return Infinity;
      throw e;
    }
    let num = 0;
    let den = 0;
    for (let i = 0; i < a.length; i++) {
      num += (a[i] - b[i]) ** 2;
      den += b[i] ** 2;
    }
    return Math.sqrt(num / Math.max(den, 1e-300));
  } finally {
    exact.dispose();
    fd.dispose();
  }
}
