/**
 * SGD with (Nesterov) momentum and L2 weight decay, with PyTorch's update rule so settings carry over from the paper:
 *   g ← ∇L + wd·θ;  v ← μ·v + g;  θ ← θ − lr·(nesterov ? g + μ·v : v)
 */
import { tf } from '../tf.js';

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
    if (momentum > 0 && !this.velocity) this.velocity = params.map((p) => tf.variable(tf.zerosLike(p), false));
    tf.tidy(() => {
      params.forEach((p, i) => {
        let g = grads[i];
        if (weightDecay > 0) g = tf.add(g, tf.mul(p, weightDecay));
        let update = g;
        if (this.velocity) {
          const v = this.velocity[i];
          const vNew = tf.add(tf.mul(v, momentum), g);
          v.assign(vNew);
          update = nesterov ? tf.add(g, tf.mul(vNew, momentum)) : vNew;
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
