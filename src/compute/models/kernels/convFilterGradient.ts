/**
 * The conv filter gradient as this project's own WGSL kernel (webgpu only; training kernels 'wgsl', models/conv.ts):
 *
 *   ∂w[a, b, c, o] = Σ_{m, y, x} x[m, y·s + a − pt, x·s + b − pl, c] · dy[m, y, x, o]     (0 outside x)
 *
 * as a GEMM with rows r = (a, b, c), columns o and the reduction over q = (m, y, x): A[r, q] is gathered from x on the
 * fly (an implicit im2col: nothing is materialized), B[q, o] is dy itself, contiguous. Why: tfjs's
 * Conv2DBackpropFilter was ~100× behind PyTorch in training on the H100, and the forward-conv formulation runs a conv
 * whose "kernel" is the whole output image (28×28) and whose output is 3×3, a shape GPU conv kernels are not tuned
 * for. The reduction (n·Ho·Wo, e.g. 128·28·28 = 100k) is long and the output small (kh·kw·in × out, e.g. 2,304), so
 * it is split over workgroups along q (split-K): each writes a partial tile, and tf.sum adds the partials.
 * Tiles are TILE×TILE threads with two TILE×TILE tiles in workgroup memory; TILE is 16, or 8 where the adapter allows
 * fewer than 256 invocations per workgroup.
 */
import { tf } from '../../tf.js';
import { deviceLimit, runWgsl, type WgslProgram } from '../../backend/wgsl.js';
import { samePadding } from '../convPadding.js';

/** Reduction steps per workgroup: enough work to hide a workgroup's start, few enough partials to keep the GPU full. */
const Q_PER_SPLIT = 4096;

export function convFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, stride: number): tf.Tensor4D {
  const [n, h, w, cin] = x.shape;
  const [, oh, ow, cout] = dy.shape;
  const ph = samePadding(h, kh, stride);
  const pw = samePadding(w, kw, stride);
  if (ph.out !== oh || pw.out !== ow) throw new Error(`convFilterGradient: dy is ${oh}×${ow}, a 'same' conv of ${h}×${w} at stride ${stride} gives ${ph.out}×${pw.out}`);
  const tile = deviceLimit('maxComputeInvocationsPerWorkgroup', 256) >= 256 ? 16 : 8;
  const rows = kh * kw * cin;
  const q = n * oh * ow;
  const splits = Math.max(1, Math.ceil(q / Q_PER_SPLIT));
  const perSplit = Math.ceil(q / splits);
  const program: WgslProgram = {
    variableNames: ['X', 'DY'],
    outputShape: [splits, rows, cout],
    shaderKey: `landscape_conv_filter_gradient_${tile}`,
    // Non-flat: main() reads workgroupId (x: column tiles, y: row tiles, z: splits) and localId itself.
    dispatchLayout: { x: [2], y: [1], z: [0] },
    dispatch: [Math.ceil(cout / tile), Math.ceil(rows / tile), splits],
    workgroupSize: [tile, tile, 1],
    uniforms: 'n : i32, h : i32, w : i32, cin : i32, oh : i32, ow : i32, cout : i32, kw : i32, stride : i32, padTop : i32, padLeft : i32, rows : i32, q : i32, perSplit : i32,',
    getUserCode: () => `
      var<workgroup> tileA : array<array<f32, ${tile}>, ${tile}>;
      var<workgroup> tileB : array<array<f32, ${tile}>, ${tile}>;

      // A[r, q]: the input pixel that kernel tap r = (a, b, c) meets at output position q = (m, y, x); 0 in the padding.
      fn gatherA(r : i32, q : i32) -> f32 {
        if (r >= uniforms.rows || q >= uniforms.q) { return 0.0; }
        let c = r % uniforms.cin;
        let tap = r / uniforms.cin;
        let b = tap % uniforms.kw;
        let a = tap / uniforms.kw;
        let xo = q % uniforms.ow;
        let rest = q / uniforms.ow;
        let yo = rest % uniforms.oh;
        let m = rest / uniforms.oh;
        let iy = yo * uniforms.stride + a - uniforms.padTop;
        let ix = xo * uniforms.stride + b - uniforms.padLeft;
        if (iy < 0 || iy >= uniforms.h || ix < 0 || ix >= uniforms.w) { return 0.0; }
        return X[((m * uniforms.h + iy) * uniforms.w + ix) * uniforms.cin + c];
      }

      fn main() {
        let lx = i32(localId.x);
        let ly = i32(localId.y);
        let row = i32(workgroupId.y) * ${tile} + ly;
        let col = i32(workgroupId.x) * ${tile} + lx;
        let split = i32(workgroupId.z);
        let qStart = split * uniforms.perSplit;
        let qEnd = min(qStart + uniforms.perSplit, uniforms.q);
        var acc = 0.0;
        // The loop runs a uniform count (uniforms only): workgroupBarrier must be reached by every thread, and WGSL's
        // uniformity analysis does not know that tfjs's private copy of workgroupId is uniform in a workgroup.
        for (var step = 0; step < uniforms.perSplit; step = step + ${tile}) {
          let q0 = qStart + step;
          // Thread (ly, lx) loads A[row, q0 + lx] and B[q0 + ly, col].
          var av = 0.0;
          if (q0 + lx < qEnd) { av = gatherA(row, q0 + lx); }
          tileA[ly][lx] = av;
          var bv = 0.0;
          let qb = q0 + ly;
          if (qb < qEnd && col < uniforms.cout) { bv = DY[qb * uniforms.cout + col]; }
          tileB[ly][lx] = bv;
          workgroupBarrier();
          for (var k = 0; k < ${tile}; k = k + 1) { acc = acc + tileA[ly][k] * tileB[k][lx]; }
          workgroupBarrier();
        }
        if (row < uniforms.rows && col < uniforms.cout) {
          setOutputAtIndex((split * uniforms.rows + row) * uniforms.cout + col, acc);
        }
      }`,
  };
  const ints = [n, h, w, cin, oh, ow, cout, kw, stride, ph.before, pw.before, rows, q, perSplit];
  return tf.tidy(() => {
    const partials = runWgsl(program, [x, dy], ints.map((v) => ({ type: 'int32' as const, data: [v] })));
    return tf.reshape(splits === 1 ? partials : tf.sum(partials, 0), [kh, kw, cin, cout]) as tf.Tensor4D;
  });
}
