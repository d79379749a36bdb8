import { tf } from '../tf.js';
import { BackendError, type BackendInfo } from './types.js';

/** Limits worth raising to the adapter's maximum: big storage buffers let whole grids live on the GPU. */
const LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/**
 * WebGPU through Dawn's Node binding (npm `webgpu`), as measured on the H100 (../shared/gpu/README.md).
 * Throws BackendError when the binding or an adapter is missing, so `auto` can fall back to wasm.
 */
export async function initWebgpu(): Promise<BackendInfo> {
  let dawn: { create: (flags: string[]) => any; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu')) as any;
  } catch (e) {
    throw new BackendError(`the Dawn binding (npm package webgpu) did not load: ${(e as Error).message.split('\n')[0]}`);
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new BackendError('no WebGPU adapter found (no GPU, or no Vulkan driver)');
  const requiredLimits: Record<string, number> = {};
  for (const key of LIMITS) if (adapter.limits[key] !== undefined) requiredLimits[key] = adapter.limits[key];
  const device = await adapter.requestDevice({ requiredLimits });
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  tf.registerBackend('webgpu', () => {
    // WebGPUBackend's constructor insists on a browser-like global: provide one only for the call.
    const g = globalThis as any;
    Object.defineProperty(g, 'navigator', { value: { gpu }, configurable: true, writable: true });
    g.window = {};
    try {
      return new WebGPUBackend(device, adapter.info);
    } finally {
      delete g.window;
    }
  });
  if (!(await tf.setBackend('webgpu'))) throw new BackendError('the webgpu backend failed to initialise');
  const info = adapter.info ?? {};
  const details: BackendInfo['details'] = {
    vendor: String(info.vendor ?? ''),
    architecture: String(info.architecture ?? ''),
    adapterDescription: String(info.description ?? ''),
  };
  for (const [k, v] of Object.entries(requiredLimits)) details[k] = v;
  return { name: 'webgpu', device: `${info.description || info.vendor || 'GPU'} (WebGPU/Dawn)`, details };
}
