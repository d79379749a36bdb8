/**
 * x·W with a gradient that the wasm backend computes fast.
 *
 * tfjs's MatMul gradient multiplies with transposeA/transposeB flags; on the wasm backend (XNNPACK) a matmul is fast
 * only without transposes (28 GFLOP/s vs 1–2, ../shared/wasm-notes.md). Transposing explicitly first is the cheap fix.
 */
import { tf } from '../tf.js';

// customGrad's typing takes (...inputs, save) as one rest list; the cast restores the real signature.
const denseMatMul: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      // The gradient's own products go through denseMatMul too, so a second differentiation (Hessian-vector
      // products by double backprop) also avoids the transposed-matmul path: 4.2 s → 0.72 s per HVP on wasm.
      return [denseMatMul(dy, tf.transpose(ws)), denseMatMul(tf.transpose(xs), dy)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;

/** x [n, in] · w [in, out] (+ b [out]). */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  const y = denseMatMul(x, w) as tf.Tensor2D;
  return b ? tf.add(y, b) : y;
}
