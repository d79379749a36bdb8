/**
 * Per point k, Σᵢ cross-entropy and Σᵢ [argmax = label] over the n examples of logits [K, n, C], as this project's own
 * WGSL kernel reduced in workgroup memory: one dispatch where the tf-op form takes about ten (logSoftmax, oneHot, mul,
 * sum, argMax, equal, cast, sum, stack) and a [K, n, C] one-hot. Used by the plane-batched MLP surfaces (mlpPlane.ts,
 * planeBatched.ts 'fused') and the point-batched conv-net surfaces (pointBatched.ts). The arithmetic is tf.logSoftmax's
 * and tf.argMax's (first index of the maximum); the sum over examples is a tree, so totals agree to float rounding.
 */
import { tf } from '../../tf.js';
import { deviceLimit, runWgsl, type WgslProgram } from '../../backend/wgsl.js';

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
