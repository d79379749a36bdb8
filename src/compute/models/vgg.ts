/**
 * A VGG-style CNN with BatchNorm (the paper's VGG-9: 7 conv + 2 dense layers at CIFAR scale). Stages of 3×3
 * conv-BN-ReLU; downsampling by a stride-2 first conv in each later stage instead of max pooling, because the wasm
 * backend's MaxPool gradient is wrong for all-non-positive windows (../shared/wasm-notes.md). Then global average
 * pooling and dense layers.
 */
import { tf } from '../tf.js';
import { conv2d, type ConvGradient } from './conv.js';
import { dense } from './dense.js';
import { batchNorm, globalAvgPool, initWeights, SpecBuilder, type BnIndices } from './layers.js';
import type { ApplyOptions, Model } from './params.js';

export interface VggOptions {
  inputShape: [number, number, number];
  numClasses: number;
  /** Channels of each conv, grouped by stage; default [[16, 16], [32, 32], [64, 64, 64]] (7 conv layers). */
  stages?: number[][];
  /** Hidden dense widths before the classifier; default [128] (so 7 conv + 2 dense = VGG-9). */
  hidden?: number[];
  convGradient?: ConvGradient;
}

export function vgg(options: VggOptions): Model {
  const { inputShape, numClasses, stages = [[16, 16], [32, 32], [64, 64, 64]], hidden = [128], convGradient = 'custom' } = options;
  if (stages.length === 0 || stages.some((s) => s.length === 0)) throw new Error('vgg: stages must be non-empty lists of channel counts');
  const b = new SpecBuilder();
  const convs: Array<{ conv: number; bn: BnIndices; stride: number }> = [];
  let channels = inputShape[2];
  stages.forEach((stage, si) =>
    stage.forEach((out, ci) => {
      const name = `stage${si + 1}/conv${ci + 1}`;
      convs.push({ conv: b.conv(name, 3, channels, out), bn: b.bn(`${name}/bn`, out), stride: si > 0 && ci === 0 ? 2 : 1 });
      channels = out;
    }),
  );
  const denses = [...hidden, numClasses].map((out, i) => {
    const d = b.dense(`dense${i + 1}`, channels, out);
    channels = out;
    return d;
  });
  const specs = b.specs;
  const convCount = convs.length;
  return {
    name: `vgg${convCount + denses.length}-${stages.map((s) => s.join('.')).join('-')}`,
    specs,
    inputShape,
    numClasses,
    init: (seed) => initWeights(specs, seed),
    apply(params, x, opts: ApplyOptions = {}) {
      let h = x;
      for (const c of convs) h = tf.relu(batchNorm(conv2d(h, params[c.conv] as tf.Tensor4D, c.stride, convGradient), params, c.bn, opts));
      let z = globalAvgPool(h);
      denses.forEach((d, i) => {
        z = dense(z, params[d.kernel] as tf.Tensor2D, params[d.bias] as tf.Tensor1D);
        if (i + 1 < denses.length) z = tf.relu(z);
      });
      return z;
    },
  };
}
