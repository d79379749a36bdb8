/**
 * Own WGSL kernels for the plane-batched MLP surface on the webgpu backend (planeBatched.ts, layers 'fused'), run
 * through tfjs-webgpu's custom-program route (backend/wgsl.ts), so their inputs and outputs are ordinary tensors and
 * the rest of the computation stays in tfjs:
 *
 *   FirstLayer   h₁[k, i, j] = relu(XW[i, j] + a_k·XD₁[i, j] + b_k·XD₂[i, j] + b₁ₖ[j]) for K points at once, one
 *                dispatch where the tf-op form takes seven (three broadcasts, three adds, a ReLU) and four [K, n, H]
 *                intermediates.
 *   (the hidden and output layers: tfjs's fused batched matmul with bias and ReLU, one dispatch per layer)
 *   (the loss and accuracy: lossCorrect.ts, shared with the point-batched conv-net surfaces)
 *
 * The arithmetic is the tf-op form's, in the same order; sums over examples differ in their order (a tree here), so
 * results agree to float rounding (tested against wasm on the software adapter: test/integration/webgpu-kernels.test.ts).
 * Workgroup sizes come from the adapter's limits (maxComputeInvocationsPerWorkgroup, workgroup storage).
 */
import { tf } from '../../tf.js';
import { flatDispatch, runWgsl, type WgslProgram } from '../../backend/wgsl.js';

/** relu(XW + a·XD1 + b·XD2 + B[k]) for every point k: [n, H] ×3, coefficients [K, 2], biases [K, H] → [K, n, H]. */
export function firstLayer(xw: tf.Tensor2D, xd1: tf.Tensor2D, xd2: tf.Tensor2D, coef: tf.Tensor2D, bias: tf.Tensor2D): tf.Tensor3D {
  const [n, h] = xw.shape;
  const k = coef.shape[0];
  const workgroup = 64;
  const program: WgslProgram = {
    variableNames: ['XW', 'XD1', 'XD2', 'COEF', 'B'],
    outputShape: [k, n, h],
    shaderKey: 'landscape_mlp_first_layer',
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: flatDispatch(k * n * h, workgroup),
    workgroupSize: [workgroup, 1, 1],
    size: true,
    uniforms: 'rows : i32, width : i32,',
    getUserCode: () => `
      ${'fn main(index : i32)'} {
        if (index >= uniforms.size) { return; }
        let plane = uniforms.rows * uniforms.width;
        let k = index / plane;
        let r = index - k * plane;
        let j = r - (r / uniforms.width) * uniforms.width;
        let v = ((XW[r] + XD1[r] * COEF[2 * k]) + XD2[r] * COEF[2 * k + 1]) + B[k * uniforms.width + j];
        setOutputAtIndex(index, max(v, 0.0));
      }`,
  };
  return runWgsl(program, [xw, xd1, xd2, coef, bias], [
    { type: 'int32', data: [n] },
    { type: 'int32', data: [h] },
  ]) as tf.Tensor3D;
}
