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
  return batchNormTrain(x, gamma, beta, bn, options);
}

/**
 * Training-mode BatchNorm with its gradient in closed form: with x_c = x − μ, r = 1/√(σ² + ε), s = γ·r and m values
 * per channel,
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

/** Mean over the spatial axes: [n, h, w, c] → [n, c]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}
