/**
 * Building blocks for CNNs over plain parameter lists: a spec builder that hands out indices, seeded Kaiming
 * initialisation per spec, and BatchNorm in evaluation and training modes.
 */
import { tf } from '../tf.js';
import { kaimingNormal } from './init.js';
import { deriveSeed } from '../random.js';
import { sizeOf, type ApplyOptions, type ParamSpec, type Weights } from './params.js';

/** Indices of one BN layer's four tensors in the spec list. */
export interface BnIndices {
  gamma: number;
  beta: number;
  mean: number;
  variance: number;
}

/** Collects specs in order and returns each one's index, so apply() can find its tensors without names. */
export class SpecBuilder {
  readonly specs: ParamSpec[] = [];

  private add(spec: ParamSpec): number {
    this.specs.push(spec);
    return this.specs.length - 1;
  }

  conv(name: string, k: number, cin: number, cout: number): number {
    return this.add({ name: `${name}/kernel`, shape: [k, k, cin, cout], kind: 'conv' });
  }

  dense(name: string, cin: number, cout: number): { kernel: number; bias: number } {
    return {
      kernel: this.add({ name: `${name}/kernel`, shape: [cin, cout], kind: 'dense' }),
      bias: this.add({ name: `${name}/bias`, shape: [cout], kind: 'bias' }),
    };
  }

  bn(name: string, channels: number): BnIndices {
    const s = (role: ParamSpec['role'], trainable = true): ParamSpec => ({ name: `${name}/${role}`, shape: [channels], kind: 'bn', role, trainable });
    return {
      gamma: this.add(s('gamma')),
      beta: this.add(s('beta')),
      mean: this.add(s('runningMean', false)),
      variance: this.add(s('runningVar', false)),
    };
  }
}

/** Kaiming normal for conv/dense kernels (fan-in = kh·kw·in or in), γ = 1 and running variance = 1, zeros elsewhere. */
export function initWeights(specs: ParamSpec[], seed: number): Weights {
  return specs.map((s) => {
    const n = sizeOf(s.shape);
    if (s.kind === 'conv' || s.kind === 'dense') {
      const fanIn = sizeOf(s.shape.slice(0, -1));
      return kaimingNormal(n, fanIn, deriveSeed(seed, s.name));
    }
    if (s.role === 'gamma' || s.role === 'runningVar') return new Float32Array(n).fill(1);
    return new Float32Array(n);
  });
}

export const BN_EPSILON = 1e-5;

/**
 * Which formulation trains: 'fast' (default) or 'reference', the earlier, simpler one of training-mode BatchNorm
 * (and, in conv.ts, of the conv gradient's dx and dW). Both compute the same function to float rounding; the
 * reference stays as the baseline that tests and `npm run bench -- --only train-conv` compare the fast one against.
 * 'wgsl' is 'fast' with the conv filter gradient as this project's own WGSL kernel (webgpu only:
 * kernels/convFilterGradient.ts). Evaluation mode has one formulation only.
 */
export type TrainingKernels = 'fast' | 'reference' | 'wgsl';
export const TRAINING_KERNELS: readonly TrainingKernels[] = ['fast', 'reference', 'wgsl'];
let kernels: TrainingKernels = 'fast';
export function setTrainingKernels(k: TrainingKernels): void {
  kernels = k;
}
export function trainingKernels(): TrainingKernels {
  return kernels;
}
/** The fast formulation's choices ('fast', and 'wgsl' which builds on it). */
export function fastKernels(): boolean {
  return kernels !== 'reference';
}

/** What follows a BatchNorm and is fused into its training-mode kernel: an added shortcut, then a ReLU. */
export interface BnFuse {
  /** Added to the normalized output (a residual shortcut), before the ReLU. */
  residual?: tf.Tensor4D;
  relu?: boolean;
}

/**
 * BatchNorm over [n, h, w, c], optionally followed by `+ fuse.residual` and a ReLU (resnet.ts's blocks). Evaluation
 * (the default, like PyTorch's net.eval() used by the paper's code): normalize with the running statistics stored in
 * the weights. Training: normalize with the batch's statistics and report them through options.batchStats so the
 * train loop can update the running ones.
 */
export function batchNorm(x: tf.Tensor4D, params: tf.Tensor[], bn: BnIndices, options: ApplyOptions = {}, fuse: BnFuse = {}): tf.Tensor4D {
  const gamma = params[bn.gamma];
  const beta = params[bn.beta];
  if (options.training && fastKernels()) return batchNormTrainFast(x, gamma, beta, bn, options, fuse);
  let y: tf.Tensor4D;
  if (!options.training) {
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(params[bn.variance], BN_EPSILON)));
    y = tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(params[bn.mean], scale)));
  } else {
    y = batchNormTrain(x, gamma, beta, bn, options);
  }
  if (fuse.residual) y = tf.add(y, fuse.residual);
  return fuse.relu ? tf.relu(y) : y;
}

/**
 * Training-mode BatchNorm with its gradient in closed form (the reference formulation): with x_c = x − μ,
 * r = 1/√(σ² + ε), s = γ·r and m values per channel,
 *   y = x_c·s + β;   ∂β = Σ dy;   ∂γ = r·Σ dy·x_c;   ∂x = dy·s − x_c·(s·r²·Σ dy·x_c / m) − s·∂β / m.
 * Autodiff through tf.moments takes about three times as many full-size elementwise ops, and those dominate a
 * small CNN's step on the wasm backend (profiled: Multiply alone matched Conv2D).
 */
function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, bn: BnIndices, options: ApplyOptions): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const m = n * h * w;
  const f = tf.customGrad(((xIn: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const mean = tf.mean(xIn, [0, 1, 2]);
    const xc = tf.sub(xIn, mean);
    const variance = tf.mean(tf.square(xc), [0, 1, 2]);
    const r = tf.rsqrt(tf.add(variance, BN_EPSILON));
    const scale = tf.mul(g, r);
    if (options.batchStats) {
      // keep(): these outlive the tidy scope of the gradient computation; the train loop disposes them.
      options.batchStats.push({ meanIndex: bn.mean, varIndex: bn.variance, mean: tf.keep(mean) as tf.Tensor1D, variance: tf.keep(variance) as tf.Tensor1D, count: m });
    }
    save([xc, r, scale]);
    return {
      value: tf.add(tf.mul(xc, scale), b),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xcS, rS, sS] = saved;
        const dBeta = tf.sum(dy, [0, 1, 2]);
        const dyXc = tf.sum(tf.mul(dy, xcS), [0, 1, 2]);
        const dGamma = tf.mul(dyXc, rS);
        const c1 = tf.mul(tf.mul(sS, tf.square(rS)), tf.div(dyXc, m));
        const c2 = tf.mul(sS, tf.div(dBeta, m));
        const dx = tf.sub(tf.mul(dy, sS), tf.add(tf.mul(xcS, c1), c2));
        return [dx, dGamma, dBeta];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, gamma, beta) as tf.Tensor4D;
}

/**
 * Per-channel mean of x [n, h, w, c] → [c], as two average pools (over each image, then over the batch). On the
 * wasm backend tf.mean/tf.sum over the outer axes transpose the whole tensor first and were 12–20× slower than
 * XNNPACK's pooling (3.1 vs 0.26 ms at 128×28×28×16); the two-level sum is also the more accurate (5e-7 vs 2e-5
 * relative, against float64).
 */
export function channelMean(x: tf.Tensor4D): tf.Tensor1D {
  const [n, h, w, c] = x.shape;
  // The AvgPool kernel itself: tf.avgPool adds a Cast (a copy on wasm) after it.
  const pool = (t: tf.Tensor, filterSize: [number, number]) => tf.engine().runKernel<tf.Tensor4D>('AvgPool', { x: t }, { filterSize, strides: 1, pad: 'valid' });
  let t: tf.Tensor = h * w === 1 ? x : pool(x, [h, w]);
  if (n > 1) t = pool(tf.reshape(t, [1, n, 1, c]), [n, 1]);
  return tf.reshape(t, [c]);
}

/**
 * save() of a customGrad keeps a clone of each tensor for the backward pass. On the wasm backend a clone (its
 * Identity kernel) copies the data, where the cpu and webgpu backends share it; tensors are immutable, so sharing is
 * as safe there. This saves with a sharing Identity registered for the duration of the call: the saved activations of
 * a ResNet step stop costing a copy each (1.5–2% of a step, plus the heap churn).
 */
export function saveWithoutCopy(save: tf.GradSaveFunc, tensors: tf.Tensor[]): void {
  const backendName = tf.getBackend();
  const copying = backendName === 'wasm' && fastKernels() ? tf.getKernel('Identity', backendName) : undefined;
  if (!copying) {
    save(tensors);
    return;
  }
  tf.unregisterKernel('Identity', backendName);
  tf.registerKernel({ kernelName: 'Identity', backendName, kernelFunc: shareIdentity });
  try {
    save(tensors);
  } finally {
    tf.unregisterKernel('Identity', backendName);
    tf.registerKernel(copying);
  }
}

const shareIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as tf.TensorInfo;
  (backend as unknown as { incRef(dataId: tf.DataId): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/**
 * x·scale + bias per channel (then a ReLU if asked) as one 1×1 depthwise convolution: XNNPACK's channel-wise
 * multiply-add, 3–4× faster on wasm than a broadcast Mul or Add (0.5 vs 1.6–1.9 ms at 128×28×28×16), with the same
 * rounding (a product, then a sum).
 */
function channelAffine(x: tf.Tensor4D, scale: tf.Tensor1D, bias?: tf.Tensor1D, relu = false): tf.Tensor4D {
  const c = x.shape[3];
  const filter = tf.reshape(scale, [1, 1, c, 1]) as tf.Tensor4D;
  return tf.fused.depthwiseConv2d({ x, filter, strides: 1, pad: 'valid', bias, activation: relu ? 'relu' : 'linear' });
}

/**
 * Training-mode BatchNorm (+ residual, + ReLU) in one customGrad: the reference formulation's arithmetic, with
 * channel sums as average pools and per-channel affine maps as 1×1 depthwise convolutions, and the ReLU's mask and
 * the shortcut's gradient taken inside (no separate tape nodes, whose saved inputs the wasm backend copies). With
 * g = dy·[y > 0] (the ReLU's gradient), x_c, r, s as above and means over the m values per channel,
 *   ∂β = m·mean(g);   ∂γ = m·r·mean(g·x_c);   ∂x = (g·s − s·mean(g)) + x_c·(−s·r²·mean(g·x_c));   ∂residual = g.
 */
function batchNormTrainFast(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, bn: BnIndices, options: ApplyOptions, fuse: BnFuse): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const m = n * h * w;
  const relu = fuse.relu ?? false;
  const withResidual = fuse.residual !== undefined;
  const f = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [xIn, g, b, res] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor4D | undefined];
    const mean = channelMean(xIn);
    const xc = channelAffine(xIn, tf.ones([c]), tf.neg(mean)); // x·1 + (−μ): exactly x − μ
    const variance = channelMean(tf.square(xc));
    const r = tf.rsqrt(tf.add(variance, BN_EPSILON));
    const scale = tf.mul(g, r) as tf.Tensor1D;
    if (options.batchStats) {
      options.batchStats.push({ meanIndex: bn.mean, varIndex: bn.variance, mean: tf.keep(mean), variance: tf.keep(variance), count: m });
    }
    let y = channelAffine(xc, scale, b, relu && !res);
    if (res) {
      y = tf.add(y, res);
      if (relu) y = tf.relu(y);
    }
    saveWithoutCopy(save, relu ? [xc, r, scale, y] : [xc, r, scale]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xcS, rS, sS, yS] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor4D | undefined];
        const gm: tf.Tensor4D = yS ? tf.mul(dy, tf.step(yS)) : dy;
        const gMean = channelMean(gm);
        const gxcMean = channelMean(tf.mul(gm, xcS) as tf.Tensor4D);
        const dBeta = tf.mul(gMean, m);
        const dGamma = tf.mul(tf.mul(gxcMean, m), rS);
        const c1 = tf.mul(tf.mul(sS, tf.square(rS)), gxcMean);
        const dx = tf.add(channelAffine(gm, sS, tf.neg(tf.mul(sS, gMean)) as tf.Tensor1D), channelAffine(xcS, tf.neg(c1) as tf.Tensor1D));
        return withResidual ? [dx, dGamma, dBeta, gm] : [dx, dGamma, dBeta];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (withResidual ? f(x, gamma, beta, fuse.residual!) : f(x, gamma, beta)) as tf.Tensor4D;
}

/** Mean over the spatial axes: [n, h, w, c] → [n, c]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}
