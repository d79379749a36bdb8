/**
 * Running this project's own WGSL kernels through tfjs-webgpu's custom-program route (backend.runWebGPUProgram):
 * inputs and outputs are ordinary tensors, so a kernel slots into a tfjs computation (and tf.tidy) like any op.
 * tfjs generates the bindings (one storage buffer per input, `result` for the output), a `uniforms` struct with the
 * shapes plus the program's own fields, helpers (setOutputAtIndex, getCoordsFromIndex), and the entry point, which
 * calls the program's `main(index)` for a flat dispatch layout and `main()` otherwise.
 */
import { tf } from '../tf.js';

export interface WgslProgram {
  variableNames: string[];
  outputShape: number[];
  /** Must change whenever getUserCode's text does for the same input ranks (tfjs caches pipelines by it). */
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size?: boolean;
  uniforms?: string;
  getUserCode(): string;
}

export type Uniform = { type: 'int32' | 'float32'; data: number[] };

interface WebGPUBackendLike {
  runWebGPUProgram(program: WgslProgram, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: Uniform[]): tf.TensorInfo;
  device: { limits: Record<string, number> };
}

function webgpu(): WebGPUBackendLike {
  if (tf.getBackend() !== 'webgpu') throw new Error(`this project's WGSL kernels need the webgpu backend (this is ${tf.getBackend()})`);
  return tf.backend() as unknown as WebGPUBackendLike;
}

/** Run a program on tensors; the result is a float32 tensor tracked by the engine (and by an enclosing tf.tidy). */
export function runWgsl(program: WgslProgram, inputs: tf.Tensor[], uniforms: Uniform[]): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(webgpu().runWebGPUProgram(program, inputs, 'float32', uniforms));
}

/** The adapter's limit `name` (requested at the adapter's maximum in backend/webgpu.ts), or `fallback`. */
export function deviceLimit(name: string, fallback: number): number {
  return webgpu().device.limits[name] ?? fallback;
}

/** Workgroups for `size` threads of a flat dispatch, spread over y when x would pass the per-dimension limit. */
export function flatDispatch(size: number, workgroup: number): [number, number, number] {
  const groups = Math.ceil(size / workgroup);
  const max = deviceLimit('maxComputeWorkgroupsPerDimension', 65535);
  return groups <= max ? [groups, 1, 1] : [max, Math.ceil(groups / max), 1];
}
