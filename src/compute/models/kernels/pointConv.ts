/**
 * Convolution of K grid points at once ('same' padding, NHWC): point k's images use point k's filters, so one
 * dispatch evaluates a conv layer for a whole group of grid points (the conv-net counterpart of the MLP's plane
 * batching: models/resnet.ts applyPoints, landscape/pointBatched.ts).
 *
 *   y[k·n + m, oy, ox, o] = Σ_{a, b, c} x[k·n + m (or m when the input is shared), oy·s + a − pt, ox·s + b − pl, c] · w[k, a, b, c, o]
 *
 * On webgpu: a direct WGSL kernel, one thread per output value, the filter taps in the inner loop (fine for the
 * 3×3 × ≤ 64-channel convs of these ResNets; a tiled implicit GEMM would be the next step for wide nets). Elsewhere:
 * one tf.conv2d per point, concatenated — the same function, for tests and for backends without the kernel.
 */
import { tf } from '../../tf.js';
import { flatDispatch, runWgsl, type WgslProgram } from '../../backend/wgsl.js';
import { samePadding } from '../convPadding.js';

/**
 * x: [K·n, h, w, in] (or [n, h, w, in] with `shared`: the data, the same for every point); filters [K, kh, kw, in, out].
 * Returns [K·n, ⌈h/s⌉, ⌈w/s⌉, out].
 */
export function pointConv(x: tf.Tensor4D, filters: tf.Tensor, stride: number, shared = false): tf.Tensor4D {
  const [k, kh, kw, cin, cout] = filters.shape;
  const [rows, h, w, xin] = x.shape;
  if (xin !== cin) throw new Error(`pointConv: input has ${xin} channels, filters expect ${cin}`);
  const n = shared ? rows : rows / k;
  if (!Number.isInteger(n)) throw new Error(`pointConv: ${rows} images are not ${k} points × n`);
  if (tf.getBackend() !== 'webgpu') {
    return tf.tidy(() => {
      const per = tf.unstack(filters) as tf.Tensor4D[];
      return tf.concat(per.map((f, p) => tf.conv2d(shared ? x : (tf.slice(x, [p * n, 0, 0, 0], [n, h, w, cin]) as tf.Tensor4D), f, stride, 'same')), 0) as tf.Tensor4D;
    });
  }
  const ph = samePadding(h, kh, stride);
  const pw = samePadding(w, kw, stride);
  const outShape = [k * n, ph.out, pw.out, cout];
  const size = outShape.reduce((a, b) => a * b, 1);
  const workgroup = 64;
  const program: WgslProgram = {
    variableNames: ['X', 'W'],
    outputShape: outShape,
    shaderKey: 'landscape_point_conv',
    dispatchLayout: { x: [0, 1, 2, 3] },
    dispatch: flatDispatch(size, workgroup),
    workgroupSize: [workgroup, 1, 1],
    size: true,
    uniforms: 'n : i32, h : i32, w : i32, cin : i32, oh : i32, ow : i32, cout : i32, kh : i32, kw : i32, stride : i32, padTop : i32, padLeft : i32, sharedInput : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let o = index % uniforms.cout;
        var rest = index / uniforms.cout;
        let ox = rest % uniforms.ow;
        rest = rest / uniforms.ow;
        let oy = rest % uniforms.oh;
        let image = rest / uniforms.oh;
        let point = image / uniforms.n;
        var source = image;
        if (uniforms.sharedInput == 1) { source = image % uniforms.n; }
        let filterBase = point * uniforms.kh * uniforms.kw * uniforms.cin * uniforms.cout;
        var acc = 0.0;
        for (var a = 0; a < uniforms.kh; a = a + 1) {
          let iy = oy * uniforms.stride + a - uniforms.padTop;
          if (iy < 0 || iy >= uniforms.h) { continue; }
          for (var b = 0; b < uniforms.kw; b = b + 1) {
            let ix = ox * uniforms.stride + b - uniforms.padLeft;
            if (ix < 0 || ix >= uniforms.w) { continue; }
            let xBase = ((source * uniforms.h + iy) * uniforms.w + ix) * uniforms.cin;
            let wBase = filterBase + (a * uniforms.kw + b) * uniforms.cin * uniforms.cout + o;
            for (var c = 0; c < uniforms.cin; c = c + 1) {
              acc = acc + X[xBase + c] * W[wBase + c * uniforms.cout];
            }
          }
        }
        setOutputAtIndex(index, acc);
      }`,
  };
  const ints = [n, h, w, cin, ph.out, pw.out, cout, kh, kw, stride, ph.before, pw.before, shared ? 1 : 0];
  return runWgsl(program, [x, filters], ints.map((v) => ({ type: 'int32' as const, data: [v] }))) as tf.Tensor4D;
}
