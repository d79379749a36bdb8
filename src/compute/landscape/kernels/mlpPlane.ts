/**
 * Own WGSL kernels for the plane-batched MLP surface on the webgpu backend (planeBatched.ts, layers 'fused'), run
 * through tfjs-webgpu's custom-program route (backend/wgsl.ts), so their inputs and outputs are ordinary tensors and
 * the rest of the computation stays in tfjs:
 *
 *   FirstLayer   h₁[k, i, j] = relu(XW[i, j] + a_k·XD₁[i, j] + b_k·XD₂[i, j] + b₁ₖ[j]) for K points at once, one
 *                dispatch where the tf-op form takes seven (three broadcasts, three adds, a ReLU) and four [K, n, H]
 *                intermediates.
 *   (the hidden and output layers: tfjs's fused batched matmul with bias and ReLU, one dispatch per layer)
 *   LossCorrect  per point k, Σᵢ cross-entropy and Σᵢ [argmax = label] over the n examples, reduced in workgroup
 *                memory: one dispatch where the tf-op form takes about ten (logSoftmax, oneHot, mul, sum, argMax, equal,
 *                cast, sum, stack) and a [K, n, C] one-hot.
 *
 * The arithmetic is the tf-op form's, in the same order; sums over examples differ in their order (a tree here), so
 * results agree to float rounding (tested against wasm on the software adapter: test/integration/webgpu-kernels.test.ts).
 * Workgroup sizes come from the adapter's limits (maxComputeInvocationsPerWorkgroup, workgroup storage).
 */
import { tf } from '../../tf.js';
import { deviceLimit, flatDispatch, runWgsl, type WgslProgram } from '../../backend/wgsl.js';

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

/** Threads per workgroup of the reduction: a power of two within the adapter's limits, at most 256. */
function reductionWorkgroup(): number {
  // Two f32 arrays of the workgroup's size in workgroup memory.
  const cap = Math.min(256, deviceLimit('maxComputeInvocationsPerWorkgroup', 256), deviceLimit('maxComputeWorkgroupSizeX', 256), Math.floor(deviceLimit('maxComputeWorkgroupStorageSize', 16384) / 8));
  return 2 ** Math.floor(Math.log2(cap));
}

/** [Σᵢ cross-entropy, Σᵢ correct] per point: logits [K, n, C], labels [n] int32 → [K, 2]. */
export function lossAndCorrect(logits: tf.Tensor3D, labels: tf.Tensor1D): tf.Tensor2D {
  const [k, n, c] = logits.shape;
  const workgroup = reductionWorkgroup();
  const program: WgslProgram = {
    variableNames: ['LOGITS', 'LABELS'],
    outputShape: [k, 2],
    shaderKey: `landscape_mlp_loss_correct_${workgroup}`,
    dispatchLayout: { x: [0, 1] },
    // One workgroup per point; its threads stride over the examples.
    dispatch: [k, 1, 1],
    workgroupSize: [workgroup, 1, 1],
    uniforms: 'examples : i32, classes : i32,',
    getUserCode: () => `
      var<workgroup> lossSum : array<f32, ${workgroup}>;
      var<workgroup> correctSum : array<f32, ${workgroup}>;
      ${'fn main(index : i32)'} {
        let k = i32(workgroupId.x);
        let t = i32(localIndex);
        var loss = 0.0;
        var correct = 0.0;
        for (var i = t; i < uniforms.examples; i = i + ${workgroup}) {
          let row = (k * uniforms.examples + i) * uniforms.classes;
          // argmax: the first index of the largest logit, as tf.argMax.
          var best = LOGITS[row];
          var arg = 0;
          for (var j = 1; j < uniforms.classes; j = j + 1) {
            let v = LOGITS[row + j];
            if (v > best) { best = v; arg = j; }
          }
          var s = 0.0;
          for (var j = 0; j < uniforms.classes; j = j + 1) { s = s + exp(LOGITS[row + j] - best); }
          let label = LABELS[i];
          // −log softmax at the label: max + log Σ exp(l − max) − l_label, as tf.logSoftmax.
          loss = loss - ((LOGITS[row + label] - best) - log(s));
          if (arg == label) { correct = correct + 1.0; }
        }
        lossSum[t] = loss;
        correctSum[t] = correct;
        workgroupBarrier();
        for (var stride = ${workgroup / 2}; stride > 0; stride = stride / 2) {
          if (t < stride) {
            lossSum[t] = lossSum[t] + lossSum[t + stride];
            correctSum[t] = correctSum[t] + correctSum[t + stride];
          }
          workgroupBarrier();
        }
        if (t == 0) {
          setOutputAtIndex(2 * k, lossSum[0]);
          setOutputAtIndex(2 * k + 1, correctSum[0]);
        }
      }`,
  };
  return runWgsl(program, [logits, labels], [
    { type: 'int32', data: [n] },
    { type: 'int32', data: [c] },
  ]) as tf.Tensor2D;
}
