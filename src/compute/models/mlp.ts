/** A multilayer perceptron with ReLU hidden layers: the paper's simplest case, and fast enough for CPU grids. */
import { tf } from '../tf.js';
import { dense } from './dense.js';
import { kaimingNormal } from './init.js';
import { deriveSeed } from '../random.js';
import type { Model, ParamSpec } from './params.js';

export interface MlpOptions {
  inputShape: [number, number, number];
  hidden: number[];
  numClasses: number;
}

export function mlp({ inputShape, hidden, numClasses }: MlpOptions): Model {
  const inputSize = inputShape[0] * inputShape[1] * inputShape[2];
  const widths = [inputSize, ...hidden, numClasses];
  const specs: ParamSpec[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    specs.push({ name: `dense${l + 1}/kernel`, shape: [widths[l], widths[l + 1]], kind: 'dense' });
    specs.push({ name: `dense${l + 1}/bias`, shape: [widths[l + 1]], kind: 'bias' });
  }
  return {
    name: `mlp-${widths.join('-')}`,
    specs,
    inputShape,
    numClasses,
    init(seed) {
      return specs.map((s) =>
        s.kind === 'dense' ? kaimingNormal(s.shape[0] * s.shape[1], s.shape[0], deriveSeed(seed, s.name)) : new Float32Array(s.shape[0]),
      );
    },
    apply(params, x) {
      let h = tf.reshape(x, [x.shape[0], inputSize]) as tf.Tensor2D;
      const layers = params.length / 2;
      for (let l = 0; l < layers; l++) {
        h = dense(h, params[2 * l] as tf.Tensor2D, params[2 * l + 1] as tf.Tensor1D);
        if (l + 1 < layers) h = tf.relu(h);
      }
      return h;
    },
  };
}
