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
 */
import { tf } from '../tf.js';

export type ConvGradient = 'custom' | 'stock';

/** TensorFlow's 'same' padding along one axis: output ⌈n/s⌉, total pad split with the smaller half first. */
export function samePadding(n: number, k: number, s: number): { out: number; before: number; after: number } {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

/** ∂L/∂w: conv of xᵀ [in, H, W, n] with dyᵀ [Ho, Wo, n, out] dilated by s → [in, kh, kw, out]. */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, s: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  const ph = samePadding(H, kh, s);
  const pw = samePadding(W, kw, s);
  // Padding after may be negative when 'same' clipped it (e.g. a 1×1 stride-2 conv of an even size): the conv then
  // yields a few extra kernel positions, dropped afterwards. Slicing the small result rather than cropping x,
  // because the wasm backend's slice copies its whole input.
  const afterH = (ph.out - 1) * s + kh - H - ph.before;
  const afterW = (pw.out - 1) * s + kw - W - pw.before;
  const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
  const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  const pad: Pad4 = [[0, 0], [ph.before, Math.max(afterH, 0)], [pw.before, Math.max(afterW, 0)], [0, 0]];
  let g = tf.conv2d(xT, dyT, 1, pad, 'NHWC', s === 1 ? 1 : [s, s]);
  if (afterH < 0 || afterW < 0) g = tf.slice(g, [0, 0, 0, 0], [-1, kh, kw, -1]);
  return tf.transpose(g, [1, 2, 0, 3]);
}

/** Insert s−1 zeros after every row and column of dy (stride s → stride 1), as a reshape and a pad. */
function dilate(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const r = tf.reshape(dy, [n, h, 1, w, 1, c]);
  const p = tf.pad(r, [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, s - 1], [0, 0]]);
  return tf.reshape(p, [n, h * s, w * s, c]);
}

/** ∂L/∂x: conv of dilated dy with the flipped, in/out-swapped kernel. */
function inputGradient(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], s: number): tf.Tensor4D {
  const [, H, W] = xShape;
  const [kh, kw] = w.shape;
  const ph = samePadding(H, kh, s);
  const pw = samePadding(W, kw, s);
  let d = dilate(dy, s);
  // After padding so that output i reads dilated rows i + p − (k−1) … i + p; the dilated dy has s·out rows, the last
  // s−1 of them zeros, so a negative amount only drops zeros.
  const afterH = H - ph.out * s + ph.before;
  const afterW = W - pw.out * s + pw.before;
  if (afterH < 0 || afterW < 0) {
    d = tf.slice(d, [0, 0, 0, 0], [-1, ph.out * s + Math.min(afterH, 0), pw.out * s + Math.min(afterW, 0), -1]);
  }
  const wT = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  const pad: Pad4 = [[0, 0], [kh - 1 - ph.before, Math.max(afterH, 0)], [kw - 1 - pw.before, Math.max(afterW, 0)], [0, 0]];
  return tf.conv2d(d, wT, 1, pad);
}

const customConv = (stride: number) =>
  tf.customGrad(((x: tf.Tensor4D, w: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.conv2d(x, w, stride, 'same'),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as tf.Tensor4D[];
        return [inputGradient(dy, ws, xs.shape, stride), filterGradient(xs, dy, ws.shape[0], ws.shape[1], stride)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

const customByStride = new Map<number, ReturnType<typeof customConv>>();

/** conv2d(x [n,h,w,in], w [kh,kw,in,out]) with 'same' padding; `gradient` 'stock' uses tfjs's own gradient. */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride = 1, gradient: ConvGradient = 'custom'): tf.Tensor4D {
  if (gradient === 'stock') return tf.conv2d(x, w, stride, 'same');
  let f = customByStride.get(stride);
  if (!f) customByStride.set(stride, (f = customConv(stride)));
  return f(x, w) as tf.Tensor4D;
}

/** Whether the active backend can differentiate tf.conv2d itself (wasm cannot). */
export function hasStockConvGradient(): boolean {
  return tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
}
