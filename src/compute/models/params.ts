/**
 * A model's parameters are a plain ordered list of named tensors. Directions, normalization, interpolation and PCA
 * work on these lists (Float32Array per parameter, aligned with the specs) without knowing the model's class.
 */
import { tf } from '../tf.js';

/** conv: [kh, kw, in, out]; dense: [in, out]; bias: [out]; bn: BatchNorm scale/shift/statistics. */
export type ParamKind = 'conv' | 'dense' | 'bias' | 'bn';

export interface ParamSpec {
  name: string;
  shape: number[];
  kind: ParamKind;
  /**
   * For kind 'bn': which BatchNorm tensor. Running statistics ('runningMean', 'runningVar') are the paper's "states":
   * not trained by gradient, not perturbed unless asked.
   */
  role?: 'gamma' | 'beta' | 'runningMean' | 'runningVar';
  /** false for tensors that gradient descent does not update (BN running statistics). Default true. */
  trainable?: boolean;
}

/** One Float32Array per ParamSpec, in the same order. */
export type Weights = Float32Array[];

export interface Model {
  /** Short identifier, e.g. "mlp-784-100-10". */
  name: string;
  specs: ParamSpec[];
  inputShape: [number, number, number];
  numClasses: number;
  /** Kaiming-initialised weights from a seed. */
  init(seed: number): Weights;
  /**
   * Logits [n, numClasses] for a batch x [n, h, w, c], with the parameters given as tensors (aligned with specs).
   * Without options (evaluation, as the paper's net.eval()): BatchNorm normalizes with the running statistics stored
   * in the weights. With `training: true`: BatchNorm uses the batch's statistics and reports them to `batchStats`.
   */
  apply(params: tf.Tensor[], x: tf.Tensor4D, options?: ApplyOptions): tf.Tensor2D;
  /**
   * Evaluation-mode logits [K, n, numClasses] of K parameter sets at once: params stacked [K, ...shape] (aligned with
   * specs), x [n, h, w, c] shared by all. For evaluating several grid points per dispatch (landscape/pointBatched.ts);
   * absent on models that do not implement it.
   */
  applyPoints?(params: tf.Tensor[], x: tf.Tensor4D, k: number): tf.Tensor3D;
}

export interface ApplyOptions {
  /** BatchNorm normalizes with batch statistics (training mode) instead of the running statistics. */
  training?: boolean;
  /**
   * In training mode, models with BatchNorm push one entry per BN layer here. The tensors are tf.keep()-ed so they
   * survive the tidy scope of a gradient computation; the receiver disposes them.
   */
  batchStats?: BatchStat[];
}

/** One BN layer's batch statistics, with the indices (into specs) of the running tensors they update. */
export interface BatchStat {
  meanIndex: number;
  varIndex: number;
  mean: tf.Tensor1D;
  /** Biased (population) variance over the batch and pixels; `count` values went into it. */
  variance: tf.Tensor1D;
  count: number;
}

/** Indices of the specs that gradient descent updates (all but BN running statistics). */
export function trainableIndices(specs: ParamSpec[]): number[] {
  return specs.flatMap((s, i) => (s.trainable === false ? [] : [i]));
}

export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function countParams(specs: ParamSpec[]): number {
  return specs.reduce((sum, s) => sum + sizeOf(s.shape), 0);
}

export function toTensors(specs: ParamSpec[], weights: Weights): tf.Tensor[] {
  return specs.map((s, i) => tf.tensor(weights[i], s.shape, 'float32'));
}

export async function fromTensors(tensors: tf.Tensor[]): Promise<Weights> {
  return Promise.all(tensors.map(async (t) => new Float32Array(await t.data())));
}

/** Σ coeffᵢ·vᵢ added to base, parameter by parameter (pure; used for interpolation and perturbations on the host). */
export function combine(base: Weights, terms: Array<[number, Weights]>): Weights {
  return base.map((b, p) => {
    const out = new Float32Array(b);
    for (const [c, v] of terms) {
      if (c === 0) continue;
      const vp = v[p];
      for (let i = 0; i < out.length; i++) out[i] += c * vp[i];
    }
    return out;
  });
}

/** Check that weights match specs in count and sizes; `where` labels the error. */
export function assertWeightsMatch(specs: ParamSpec[], weights: Weights, where: string): void {
  if (weights.length !== specs.length) {
    throw new Error(`${where}: ${weights.length} parameter arrays, expected ${specs.length}`);
  }
  specs.forEach((s, i) => {
    if (weights[i].length !== sizeOf(s.shape)) {
      throw new Error(`${where}: parameter ${s.name} has ${weights[i].length} values, expected ${sizeOf(s.shape)} (${s.shape.join('×')})`);
    }
  });
}
