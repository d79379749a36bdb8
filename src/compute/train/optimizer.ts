/**
 * SGD with (Nesterov) momentum and L2 weight decay, with PyTorch's update rule so settings carry over from the paper:
 *   g ← ∇L + wd·θ;  v ← μ·v + g;  θ ← θ − lr·(nesterov ? g + μ·v : v)
 */
import { tf } from '../tf.js';

/** One zero-filled, non-trainable variable per parameter (tidy frees the zeros tensors the variables copy). */
function zeroSlots(params: tf.Variable[]): tf.Variable[] {
  return tf.tidy(() => params.map((p) => tf.variable(tf.zerosLike(p), false)));
}

export interface SgdOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export class Sgd {
  private velocity: tf.Variable[] | null = null;
  constructor(readonly options: SgdOptions) {}

  /** Apply one update in place to `params` given their gradients `grads` (same order); `lr` overrides the base rate. */
  step(params: tf.Variable[], grads: tf.Tensor[], lr = this.options.lr): void {
    const { momentum = 0, nesterov = false, weightDecay = 0 } = this.options;
    if (momentum > 0 && !this.velocity) this.velocity = zeroSlots(params);
    tf.tidy(() => {
      params.forEach((p, i) => {
        let g = grads[i];
        let update: tf.Tensor;
        if (this.velocity && !nesterov) {
          // v ← (g + wd·θ) + μ·v as one AddN, which sums left to right: the same roundings as the two Adds, one kernel
          // fewer per parameter (a ResNet step updates 60+ small tensors, where dispatch costs more than arithmetic).
          const v = this.velocity[i];
          update = tf.addN(weightDecay > 0 ? [g, tf.mul(p, weightDecay), tf.mul(v, momentum)] : [g, tf.mul(v, momentum)]);
          v.assign(update);
        } else {
          if (weightDecay > 0) g = tf.add(g, tf.mul(p, weightDecay));
          update = g;
          if (this.velocity) {
            const v = this.velocity[i];
            const vNew = tf.add(tf.mul(v, momentum), g);
            v.assign(vNew);
            update = tf.add(g, tf.mul(vNew, momentum));
          }
        }
        p.assign(tf.sub(p, tf.mul(update, lr)));
      });
    });
  }

  dispose(): void {
    this.velocity?.forEach((v) => v.dispose());
    this.velocity = null;
  }
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** L2 penalty added to the gradient (PyTorch's Adam weight_decay, not AdamW's decoupled decay). */
  weightDecay?: number;
}

/**
 * Adam with PyTorch's update rule (bias-corrected moments, eps outside the square root):
 *   g ← ∇L + wd·θ;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 */
export class Adam {
  private m: tf.Variable[] | null = null;
  private v: tf.Variable[] | null = null;
  private t = 0;
  constructor(readonly options: AdamOptions) {}

  step(params: tf.Variable[], grads: tf.Tensor[], lr = this.options.lr): void {
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0 } = this.options;
    if (!this.m || !this.v) {
      this.m = zeroSlots(params);
      this.v = zeroSlots(params);
    }
    this.t += 1;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    const m = this.m;
    const v = this.v;
    tf.tidy(() => {
      params.forEach((p, i) => {
        let g = grads[i];
        if (weightDecay > 0) g = tf.add(g, tf.mul(p, weightDecay));
        const mNew = tf.add(tf.mul(m[i], beta1), tf.mul(g, 1 - beta1));
        const vNew = tf.add(tf.mul(v[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        m[i].assign(mNew);
        v[i].assign(vNew);
        const denom = tf.add(tf.sqrt(tf.div(vNew, c2)), epsilon);
        p.assign(tf.sub(p, tf.mul(tf.div(mNew, denom), lr / c1)));
      });
    });
  }

  dispose(): void {
    this.m?.forEach((t) => t.dispose());
    this.v?.forEach((t) => t.dispose());
    this.m = this.v = null;
  }
}

/** What the train loop needs from an optimizer. */
export interface Optimizer {
  step(params: tf.Variable[], grads: tf.Tensor[], lr?: number): void;
  dispose(): void;
}
