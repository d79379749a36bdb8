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
 * BatchNorm over [n, h, w, c]. Evaluation (the default, like PyTorch's net.eval() used by the paper's code):
 * normalize with the running statistics stored in the weights. Training: normalize with the batch's statistics and
 * report them through options.batchStats so the train loop can update the running ones.
 */
export function batchNorm(x: tf.Tensor4D, params: tf.Tensor[], bn: BnIndices, options: ApplyOptions = {}): tf.Tensor4D {
  const gamma = params[bn.gamma];
  const beta = params[bn.beta];
  if (!options.training) {
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(params[bn.variance], BN_EPSILON)));
    return tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(params[bn.mean], scale)));
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  if (options.batchStats) {
    const [n, h, w] = x.shape;
    // keep(): these outlive the tidy scope of the gradient computation; the train loop disposes them.
    options.batchStats.push({
      meanIndex: bn.mean,
      varIndex: bn.variance,
      mean: tf.keep(tf.clone(mean)) as tf.Tensor1D,
      variance: tf.keep(tf.clone(variance)) as tf.Tensor1D,
      count: n * h * w,
    });
  }
  const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, BN_EPSILON)));
  return tf.add(tf.mul(xhat, gamma), beta);
}

/** Mean over the spatial axes: [n, h, w, c] → [n, c]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}
