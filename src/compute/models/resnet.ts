/**
 * The paper's CIFAR ResNets at any depth 6n+2 (ResNet-20/56/110 are n = 3/9/18): a 3×3 stem, three stages of n basic
 * blocks with 16·k, 32·k, 64·k channels (k = width multiplier: Wide-ResNet style), stride-2 downsampling at the
 * start of stages 2 and 3, global average pooling, one dense layer. Shortcuts: identity, or 1×1 conv + BN where the
 * shape changes (the paper's code); `shortcut: false` gives the "no-short" nets whose landscapes turn chaotic.
 */
import { tf } from '../tf.js';
import { conv2d, type ConvGradient } from './conv.js';
import { dense } from './dense.js';
import { batchNorm, BN_EPSILON, globalAvgPool, initWeights, SpecBuilder, type BnIndices } from './layers.js';
import { pointConv } from './kernels/pointConv.js';
import type { ApplyOptions, Model } from './params.js';

export interface ResNetOptions {
  inputShape: [number, number, number];
  numClasses: number;
  /** 6n+2: 8, 14, 20, 32, 44, 56, 110, … */
  depth: number;
  /** Channel multiplier k (1, 2, 4, 8); stage widths are baseWidth·k·(1, 2, 4). */
  width?: number;
  /** Stem channels before the multiplier (the paper: 16). */
  baseWidth?: number;
  /** Residual connections on (default) or off ("no-short"). */
  shortcut?: boolean;
  /** Conv gradient implementation (custom works on every backend; stock needs Conv2DBackpropFilter). */
  convGradient?: ConvGradient;
}

interface Block {
  stride: number;
  conv1: number;
  bn1: BnIndices;
  conv2: number;
  bn2: BnIndices;
  /** 1×1 projection when the block changes shape (and shortcuts are on). */
  projection?: { conv: number; bn: BnIndices };
}

export function resnet(options: ResNetOptions): Model {
  const { inputShape, numClasses, depth, width = 1, baseWidth = 16, shortcut = true, convGradient = 'custom' } = options;
  if (!(Number.isInteger(depth) && depth >= 8 && (depth - 2) % 6 === 0)) {
    throw new Error(`resnet: depth ${depth}, expected 6n+2 with n ≥ 1 (8, 14, 20, 32, 44, 56, 110)`);
  }
  if (!(width > 0 && Number.isInteger(baseWidth * width))) {
    throw new Error(`resnet: width ${width} × baseWidth ${baseWidth} must be a positive integer channel count`);
  }
  const n = (depth - 2) / 6;
  const widths = [1, 2, 4].map((m) => baseWidth * width * m);
  const b = new SpecBuilder();
  const stem = { conv: b.conv('stem/conv', 3, inputShape[2], widths[0]), bn: b.bn('stem/bn', widths[0]) };
  const blocks: Block[] = [];
  let channels = widths[0];
  widths.forEach((out, stage) => {
    for (let i = 0; i < n; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const name = `stage${stage + 1}/block${i + 1}`;
      const block: Block = {
        stride,
        conv1: b.conv(`${name}/conv1`, 3, channels, out),
        bn1: b.bn(`${name}/bn1`, out),
        conv2: b.conv(`${name}/conv2`, 3, out, out),
        bn2: b.bn(`${name}/bn2`, out),
      };
      if (shortcut && (stride !== 1 || channels !== out)) {
        block.projection = { conv: b.conv(`${name}/shortcut/conv`, 1, channels, out), bn: b.bn(`${name}/shortcut/bn`, out) };
      }
      blocks.push(block);
      channels = out;
    }
  });
  const head = b.dense('head', channels, numClasses);
  const specs = b.specs;
  const conv = (x: tf.Tensor4D, w: tf.Tensor, stride = 1) => conv2d(x, w as tf.Tensor4D, stride, convGradient);
  // The stem's input is the data: no dx conv for it in the backward pass.
  const stemConv = (x: tf.Tensor4D, w: tf.Tensor) => conv2d(x, w as tf.Tensor4D, 1, convGradient, { inputGradient: false });

  return {
    name: `resnet${depth}${width === 1 ? '' : `-w${width}`}${baseWidth === 16 ? '' : `-b${baseWidth}`}${shortcut ? '' : '-noshort'}`,
    specs,
    inputShape,
    numClasses,
    init: (seed) => initWeights(specs, seed),
    apply(params, x, opts: ApplyOptions = {}) {
      // batchNorm's `fuse` applies the shortcut and the ReLU after it (in one kernel with its gradient when training).
      let h = batchNorm(stemConv(x, params[stem.conv]), params, stem.bn, opts, { relu: true });
      for (const blk of blocks) {
        const y = batchNorm(conv(h, params[blk.conv1], blk.stride), params, blk.bn1, opts, { relu: true });
        const s = !shortcut ? undefined : blk.projection ? batchNorm(conv(h, params[blk.projection.conv], blk.stride), params, blk.projection.bn, opts) : h;
        h = batchNorm(conv(y, params[blk.conv2]), params, blk.bn2, opts, { residual: s, relu: true });
      }
      return dense(globalAvgPool(h), params[head.kernel] as tf.Tensor2D, params[head.bias] as tf.Tensor1D);
    },
    applyPoints(params, x, k) {
      // Evaluation-mode BatchNorm of K points: batchNorm's ops with each point's [K, C] statistics broadcast over its rows.
      const bnK = (h: tf.Tensor4D, bn: BnIndices, fuse: { residual?: tf.Tensor4D; relu?: boolean } = {}) => {
        const [rows, hh, ww, c] = h.shape;
        const scale = tf.mul(params[bn.gamma], tf.rsqrt(tf.add(params[bn.variance], BN_EPSILON)));
        const shift = tf.sub(params[bn.beta], tf.mul(params[bn.mean], scale));
        const h3 = tf.reshape(h, [k, (rows / k) * hh * ww, c]);
        let y = tf.reshape(tf.add(tf.mul(h3, tf.expandDims(scale, 1)), tf.expandDims(shift, 1)), [rows, hh, ww, c]) as tf.Tensor4D;
        if (fuse.residual) y = tf.add(y, fuse.residual);
        return fuse.relu ? tf.relu(y) : y;
      };
      let h = bnK(pointConv(x, params[stem.conv], 1, true), stem.bn, { relu: true });
      for (const blk of blocks) {
        const y = bnK(pointConv(h, params[blk.conv1], blk.stride), blk.bn1, { relu: true });
        const s = !shortcut ? undefined : blk.projection ? bnK(pointConv(h, params[blk.projection.conv], blk.stride), blk.projection.bn) : h;
        h = bnK(pointConv(y, params[blk.conv2], 1), blk.bn2, { residual: s, relu: true });
      }
      const pooled = tf.reshape(globalAvgPool(h), [k, x.shape[0], h.shape[3]]) as tf.Tensor3D;
      return tf.add(tf.matMul(pooled, params[head.kernel] as tf.Tensor3D), tf.expandDims(params[head.bias], 1)) as tf.Tensor3D;
    },
  };
}
