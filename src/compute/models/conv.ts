/**
 * 2D convolution ('same' padding, stride 1 or 2, NHWC, kernel [kh, kw, in, out]) whose gradient uses only forward
 * convolutions, so it trains on the wasm backend, which has no Conv2DBackpropFilter kernel
 * (../shared/wasm-notes.md; a custom gradient of this shape was also the fastest of four variants measured there).
 *
 * With o = output index, k = kernel index, p = top padding: y[o] = Σ_k x[o·s + k − p] · w[k], so
 *   ∂w[k] = Σ_o x[o·s + k − p] · dy[o]  — a stride-1 convolution of xᵀ (channels as batch) with dyᵀ (batch as input
 *           channels) dilated by s;
 *   ∂x[i] = Σ_k dy[(i + p − k)/s] · w[k] — a stride-1 convolution of dy, dilated by s (zeros between rows), with the
 *           kernel flipped and its in/out axes swapped.
 *
 * The gradient is itself differentiable (to any order; see convForward below), so double-backprop Hessian-vector
 * products of conv nets work on every backend with no separate second-order path: landscape/hessian.ts and
 * landscape/secondOrder.ts take a ResNet or VGG as they are. tfjs's stock conv gradient cannot be differentiated
 * again (no Conv2DBackpropFilter gradient in tfjs-core; no Conv2DBackpropFilter kernel on wasm).
 */
import { tf } from '../tf.js';
import { fastKernels, saveWithoutCopy, trainingKernels } from './layers.js';
import { samePadding } from './convPadding.js';
import { convFilterGradient } from './kernels/convFilterGradient.js';

export type ConvGradient = 'custom' | 'stock';

export { samePadding } from './convPadding.js';

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

/** ∂L/∂w: conv of xᵀ [in, H, W, n] with dyᵀ [Ho, Wo, n, out] dilated by s → [in, kh, kw, out]. */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, s: number): tf.Tensor4D {
  if (trainingKernels() === 'wgsl') return convFilterGradient(x, dy, kh, kw, s);
  if (fastKernels() && kh * kw * x.shape[3] <= IM2COL_MAX) return filterGradientIm2col(x, dy, kh, kw, s);
  const [, H, W] = x.shape;
  const ph = samePadding(H, kh, s);
  const pw = samePadding(W, kw, s);
  // Padding after may be negative when 'same' clipped it (e.g. a 1×1 stride-2 conv of an even size): the conv then
  // yields a few extra kernel positions, dropped afterwards. Slicing the small result rather than cropping x,
  // because the wasm backend's slice copies its whole input.
  const afterH = (ph.out - 1) * s + kh - H - ph.before;
  const afterW = (pw.out - 1) * s + kw - W - pw.before;
  const [n, , , cin] = x.shape;
  // [n, H, W, in] → [in, H, W, n]; with H·W merged the wasm backend takes its 3D transpose, 1.2–3× faster than 4D.
  const xT = (fastKernels() ? tf.reshape(tf.transpose(tf.reshape(x, [n, H * W, cin]), [2, 1, 0]), [cin, H, W, n]) : tf.transpose(x, [3, 1, 2, 0])) as tf.Tensor4D;
  const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  const pad: Pad4 = [[0, 0], [ph.before, Math.max(afterH, 0)], [pw.before, Math.max(afterW, 0)], [0, 0]];
  let g = tf.conv2d(xT, dyT, 1, pad, 'NHWC', s === 1 ? 1 : [s, s]);
  if (afterH < 0 || afterW < 0) g = tf.slice(g, [0, 0, 0, 0], [-1, kh, kw, -1]);
  return tf.transpose(g, [1, 2, 0, 3]);
}

/**
 * Insert s−1 zeros after every row and column of dy (stride s → stride 1), as reshapes and two rank-4 pads. Why not
 * one rank-6 pad: tfjs-webgpu generates invalid WGSL for it ("cannot index type 'vec6'"), and the GPU then runs
 * nothing while the training goes on with wrong gradients (found on the software WebGPU adapter). Pure data movement:
 * the same values as before on every backend.
 */
function dilate(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const cols = tf.pad(tf.reshape(dy, [n * h, w, 1, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  const rows = tf.pad(tf.reshape(cols, [n, h, 1, w * s * c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  return tf.reshape(rows, [n, h * s, w * s, c]);
}

/** ∂L/∂x: conv of dilated dy with the flipped, in/out-swapped kernel. */
function inputGradient(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], s: number): tf.Tensor4D {
  const [, H, W] = xShape;
  const [kh, kw] = w.shape;
  const ph = samePadding(H, kh, s);
  const pw = samePadding(W, kw, s);
  // Strided, unpadded at the top/left, and tiling the input exactly (even sizes at stride 2): the polyphase form.
  if (fastKernels() && s > 1 && ph.before === 0 && pw.before === 0 && ph.out * s === H && pw.out * s === W) {
    return inputGradientPolyphase(dy, w, s);
  }
  let d = dilate(dy, s);
  // After padding so that output i reads dilated rows i + p − (k−1) … i + p; the dilated dy has s·out rows, the last
  // s−1 of them zeros, so a negative amount only drops zeros.
  const afterH = H - ph.out * s + ph.before;
  const afterW = W - pw.out * s + pw.before;
  if (afterH < 0 || afterW < 0) {
    d = tf.slice(d, [0, 0, 0, 0], [-1, ph.out * s + Math.min(afterH, 0), pw.out * s + Math.min(afterW, 0), -1]);
  }
  const wT = tf.transpose(fastKernels() ? flipSpatial(w) : tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  const pad: Pad4 = [[0, 0], [kh - 1 - ph.before, Math.max(afterH, 0)], [kw - 1 - pw.before, Math.max(afterW, 0)], [0, 0]];
  return tf.conv2d(d, wT, 1, pad);
}

/**
 * w reversed along both spatial axes, as one matMul with the anti-identity over the kh·kw taps (exact: each entry is
 * 1·w plus zeros). The wasm backend's Reverse kernel indexes element by element: 0.1–0.4 ms for a 3×3×32×32 kernel,
 * 15× the matMul.
 */
function flipSpatial(w: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, cin, cout] = w.shape;
  const taps = kh * kw;
  if (taps === 1) return w;
  const anti = new Float32Array(taps * taps);
  for (let i = 0; i < taps; i++) anti[i * taps + (taps - 1 - i)] = 1;
  return tf.reshape(tf.matMul(tf.tensor2d(anti, [taps, taps]), tf.reshape(w, [taps, cin * cout]) as tf.Tensor2D), [kh, kw, cin, cout]);
}

/** Filter gradients of convs with at most this many kernel taps × input channels (a stem on 1 or 3 channels) use im2col. */
const IM2COL_MAX = 32;

/**
 * ∂L/∂w for a conv with few taps × input channels (the stem: 3×3 on one channel): im2col as a conv of x with a
 * one-hot kernel (each output channel copies one tap of one input channel, exactly: x·1 plus zeros), then one matMul
 * Pᵀ [kh·kw·in, N] · dy [N, out] over the N = n·Ho·Wo output pixels. The generic form above convolves xᵀ with the
 * whole of dyᵀ as the kernel, which the wasm backend re-packs (transposes and copies) on every call and then runs
 * with only kh·kw·in output rows: 37 ms for ResNet-20's stem at batch 128, against about 5 here.
 */
function filterGradientIm2col(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, s: number): tf.Tensor4D {
  const cin = x.shape[3];
  const cols = kh * kw * cin;
  const oneHot = new Float32Array(cols * cols);
  for (let i = 0; i < cols; i++) oneHot[i * cols + i] = 1; // [kh, kw, in] × [kh·kw·in]: tap (i, j, c) → column (i·kw + j)·in + c
  const patches = tf.conv2d(x, tf.tensor4d(oneHot, [kh, kw, cin, cols]), s, 'same');
  const pixels = dy.shape[0] * dy.shape[1] * dy.shape[2];
  const pT = tf.transpose(tf.reshape(patches, [pixels, cols]));
  const g = tf.matMul(pT as tf.Tensor2D, tf.reshape(dy, [pixels, dy.shape[3]]) as tf.Tensor2D);
  return tf.reshape(g, [kh, kw, cin, dy.shape[3]]);
}

/**
 * ∂L/∂x of a stride-s conv whose input the outputs tile exactly with no top/left padding (s·Ho = H, s·Wo = W):
 * input pixel i = u·s + φ receives Σ_t dy[u − t]·w[φ + t·s], so each of the s² phases φ is a stride-1 conv of dy
 * itself (not of dy dilated with zeros) with taps w[φ + t·s]. All phases run as one conv with s²·in output
 * channels, interleaved (depthToSpace). For a 3×3 kernel at stride 2 that is 16 multiply-adds per dy pixel and
 * channel pair against the dilated form's 36 (9 real); a 1×1 kernel has a single phase: a 1×1 conv, then zeros
 * interleaved.
 */
function inputGradientPolyphase(dy: tf.Tensor4D, w: tf.Tensor4D, s: number): tf.Tensor4D {
  const [kh, kw, cin, cout] = w.shape;
  if (kh === 1 && kw === 1) {
    const z = tf.conv2d(dy, tf.reshape(tf.transpose(w, [0, 1, 3, 2]), [1, 1, cout, cin]) as tf.Tensor4D, 1, 'valid');
    return dilate(z, s);
  }
  const th = Math.ceil(kh / s);
  const tw = Math.ceil(kw / s);
  // Kernel row κ = a·s + φ (a = th−1−t after the reversal); zero rows pad κ up to th·s.
  const wp = tf.pad(w, [[0, th * s - kh], [0, tw * s - kw], [0, 0], [0, 0]]);
  // The reversal of axes 0 and 2 of [th, s, tw, s, cin, cout], as a rank-4 reverse with the last three axes merged:
  // tfjs-webgpu's Reverse handles rank ≤ 4 only (rank 6 fails in a reshape). Same values on every backend.
  const phased = tf.reshape(tf.reverse(tf.reshape(wp, [th, s, tw, s * cin * cout]), [0, 2]), [th, s, tw, s, cin, cout]);
  const g = tf.reshape(tf.transpose(phased, [0, 2, 5, 1, 3, 4]), [th, tw, cout, s * s * cin]) as tf.Tensor4D;
  const z = tf.conv2d(dy, g, 1, [[0, 0], [th - 1, 0], [tw - 1, 0], [0, 0]]);
  // depthToSpace as a reshape and one transpose of contiguous s·in blocks: the wasm backend's DepthToSpace kernel
  // indexes element by element and took 52 ms where this takes 1.7 (128×14×14×64 → 128×28×28×16).
  const [n, ho, wo] = z.shape;
  const t = tf.transpose(tf.reshape(z, [n * ho, wo, s, s * cin]), [0, 2, 1, 3]);
  return tf.reshape(t, [n, ho * s, wo * s, cin]);
}

// customGrad's typing takes (...inputs, save) as one rest list; the casts restore the real signatures.
type Bilinear = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor4D;
const custom = (f: (a: tf.Tensor4D, b: tf.Tensor4D, save: tf.GradSaveFunc) => { value: tf.Tensor4D; gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => tf.Tensor[] }): Bilinear =>
  tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Bilinear;

/**
 * The convolution y = F(x, w) and its two adjoints Bx(dy, w) = ∂⟨F(x, w), dy⟩/∂x and Bw(x, dy) = ∂⟨F(x, w), dy⟩/∂w
 * are the three partial derivatives of one trilinear form T(x, w, dy) = ⟨F(x, w), dy⟩. So each one's gradient is
 * made of the other two (for upstream g):
 *   F(x, w):   ∂x = Bx(g, w),   ∂w = Bw(x, g)
 *   Bx(dy, w): ∂dy = F(g, w),   ∂w = Bw(g, dy)
 *   Bw(x, dy): ∂x = Bx(dy, g),  ∂dy = F(x, g)
 * Each is a customGrad that saves only its inputs, so the family is differentiable to any order with forward
 * convolutions only: double-backprop Hessian-vector products work on wasm (no Conv2DBackpropFilter) and on cpu (no
 * dilated stock gradient). The first-order ops are exactly those of the plain custom gradient, so training is
 * unchanged. A Hessian-vector product then costs about three training steps' convolutions (forward 1, backward 2,
 * second backward 2·2 + 2) against an im2col formulation's slices and copies.
 */
function convForward(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  return custom((xi, wi, save) => {
    saveWithoutCopy(save, [xi, wi]);
    return {
      value: tf.conv2d(xi, wi, stride, 'same'),
      gradFunc: (g, [xs, ws]) => [convBackInput(g, ws as tf.Tensor4D, xs.shape, stride), convBackFilter(xs as tf.Tensor4D, g, ws.shape, stride)],
    };
  })(x, w);
}

/** Bx(dy, w): the input gradient of a conv whose input has shape xShape. */
function convBackInput(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], stride: number): tf.Tensor4D {
  return custom((dyi, wi, save) => {
    save([dyi, wi]);
    return {
      value: inputGradient(dyi, wi, xShape, stride),
      gradFunc: (g, [dys, ws]) => [convForward(g, ws as tf.Tensor4D, stride), convBackFilter(g, dys as tf.Tensor4D, ws.shape, stride)],
    };
  })(dy, w);
}

/** Bw(x, dy): the filter gradient of a conv with kernel shape wShape. */
function convBackFilter(x: tf.Tensor4D, dy: tf.Tensor4D, wShape: number[], stride: number): tf.Tensor4D {
  return custom((xi, dyi, save) => {
    save([xi, dyi]);
    return {
      value: filterGradient(xi, dyi, wShape[0], wShape[1], stride),
      gradFunc: (g, [xs, dys]) => [convBackInput(dys as tf.Tensor4D, g, xs.shape, stride), convForward(xs as tf.Tensor4D, g, stride)],
    };
  })(x, dy);
}

/**
 * F(x, w) for an x that needs no gradient (a network's input): a customGrad of w alone, so the backward pass skips
 * the dx conv (a conv of the stem's whole output gradient, 1% of a ResNet step, thrown away). x then has no gradient
 * through this conv.
 */
function convForwardFilterOnly(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const f = tf.customGrad(((wi: tf.Tensor4D, save: tf.GradSaveFunc) => {
    saveWithoutCopy(save, [x, wi]);
    return {
      value: tf.conv2d(x, wi, stride, 'same'),
      gradFunc: (g: tf.Tensor4D, [xs, ws]: tf.Tensor[]) => [convBackFilter(xs as tf.Tensor4D, g, ws.shape, stride)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(w) as tf.Tensor4D;
}

export interface Conv2dOptions {
  /** false: x gets no gradient through this conv (it is data), and the backward pass skips computing one. */
  inputGradient?: boolean;
}

/** conv2d(x [n,h,w,in], w [kh,kw,in,out]) with 'same' padding; `gradient` 'stock' uses tfjs's own gradient. */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride = 1, gradient: ConvGradient = 'custom', options: Conv2dOptions = {}): tf.Tensor4D {
  if (gradient === 'stock') return tf.conv2d(x, w, stride, 'same');
  if (options.inputGradient === false && fastKernels()) return convForwardFilterOnly(x, w, stride);
  return convForward(x, w, stride);
}

/** Whether the active backend can differentiate tf.conv2d itself (wasm cannot). */
export function hasStockConvGradient(): boolean {
  return tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
}
