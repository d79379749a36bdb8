/**
 * WebGPU through Dawn's Node binding (npm `webgpu`): a GPU through Vulkan (as measured on the H100), or, when
 * LANDSCAPE_WEBGPU=software, Dawn's OpenGL ES backend on Mesa's llvmpipe — a software adapter that runs every webgpu
 * code path and WGSL kernel on a CPU machine, for tests (it is the CPU: slow, and a compatibility-mode adapter with
 * tighter limits than a GPU's core mode). `--backend auto` never picks a software adapter; the provenance of every
 * result names the adapter and whether it was software.
 */
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

/** Adapters that are a CPU in disguise: never chosen by `auto` (a run would be far slower than wasm). */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|softpipe|swiftshader|software/i;

export type WebgpuMode = 'hardware' | 'software';

/** The mode LANDSCAPE_WEBGPU asks for ('software' or unset); anything else is an error naming the variable. */
export function webgpuMode(env: Record<string, string | undefined> = process.env): WebgpuMode {
  const v = env.LANDSCAPE_WEBGPU;
  if (v === undefined || v === '' || v === 'hardware') return 'hardware';
  if (v === 'software') return 'software';
  throw new BackendError(`LANDSCAPE_WEBGPU='${v}': expected 'software' (Dawn's OpenGL ES backend on llvmpipe) or unset (a GPU)`);
}

interface Dawn {
  create: (flags: string[]) => any;
  globals: Record<string, unknown>;
}

async function requestAdapter(dawn: Dawn, mode: WebgpuMode): Promise<{ gpu: any; adapter: any }> {
  if (mode === 'software') {
    // No display: EGL's surfaceless platform (else Mesa looks for X11/Wayland and fails).
    process.env.EGL_PLATFORM ??= 'surfaceless';
    const gpu = dawn.create(['backend=opengles']);
    const adapter = await gpu.requestAdapter({ featureLevel: 'compatibility' });
    if (!adapter) {
      throw new BackendError(
        'no software WebGPU adapter (LANDSCAPE_WEBGPU=software needs Mesa: apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)',
      );
    }
    return { gpu, adapter };
  }
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new BackendError('no WebGPU adapter found (no GPU, or no Vulkan driver); LANDSCAPE_WEBGPU=software selects a software one for tests');
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  if (adapter.isFallbackAdapter || SOFTWARE_ADAPTER.test(description)) {
    throw new BackendError(`the only WebGPU adapter is a software one (${description || 'fallback adapter'}); set LANDSCAPE_WEBGPU=software to use it on purpose`);
  }
  return { gpu, adapter };
}

export async function initWebgpu(mode: WebgpuMode = webgpuMode()): Promise<BackendInfo> {
  let dawn: Dawn;
  try {
    dawn = (await import('webgpu')) as unknown as Dawn;
  } catch (e) {
    throw new BackendError(`the Dawn binding (npm package webgpu) did not load: ${(e as Error).message.split('\n')[0]}`);
  }
  Object.assign(globalThis, dawn.globals);
  const { gpu, adapter } = await requestAdapter(dawn, mode);
  const requiredLimits: Record<string, number> = {};
  for (const key of LIMITS) if (adapter.limits[key] !== undefined) requiredLimits[key] = adapter.limits[key];
  const device = await adapter.requestDevice({ requiredLimits });
  // A GPU validation error (an invalid WGSL shader, a pipeline over the adapter's limits) is otherwise silent: tfjs
  // goes on and reads back zeros or stale memory (found: a ResNet-8 epoch gave train loss 2.298 where wasm gives
  // 2.667). Keep the first one and fail the experiment with it (check(), called before a result is stored).
  let firstError: string | undefined;
  device.addEventListener?.('uncapturederror', (e: { error?: { message?: string } }) => {
    firstError ??= String(e.error?.message ?? e).split('\n').slice(0, 3).join(' | ');
  });
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
  chunkAddN(Number(adapter.limits.maxStorageBuffersPerShaderStage ?? 8));
  const info = adapter.info ?? {};
  const description = String(info.description || info.vendor || 'GPU');
  const details: BackendInfo['details'] = {
    vendor: String(info.vendor ?? ''),
    architecture: String(info.architecture ?? ''),
    adapterDescription: String(info.description ?? ''),
    software: mode === 'software',
    ...(mode === 'software' ? { dawnBackend: 'opengles', featureLevel: 'compatibility' } : {}),
  };
  for (const [k, v] of Object.entries(requiredLimits)) details[k] = v;
  const device_ = mode === 'software' ? `${description} (software WebGPU: Dawn OpenGL ES, compatibility mode)` : `${description} (WebGPU/Dawn)`;
  return {
    name: 'webgpu',
    device: device_,
    details,
    check() {
      if (firstError) throw new BackendError(`a WebGPU error made this computation invalid: ${firstError}`);
    },
  };
}

/**
 * tfjs-webgpu's AddN binds every input as a storage buffer in one shader; a gradient accumulated from many uses (30
 * in a ResNet-8 Hessian-vector product) exceeds an adapter's storage-buffer limit (16 on the software adapter) and the
 * pipeline is invalid. This wraps the kernel to add at most `limit − 1` inputs per shader (plus the output).
 */
function chunkAddN(limit: number): void {
  const original = tf.getKernel('AddN', 'webgpu');
  if (!original) return;
  const maxInputs = Math.max(2, limit - 1);
  const kernelFunc = original.kernelFunc as unknown as (args: { inputs: tf.TensorInfo[]; backend: any; attrs?: unknown }) => tf.TensorInfo;
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({
    kernelName: 'AddN',
    backendName: 'webgpu',
    kernelFunc: (({ inputs, backend, attrs }: { inputs: tf.TensorInfo[]; backend: any; attrs?: unknown }) => {
      let terms = inputs as tf.TensorInfo[];
      const made: tf.TensorInfo[] = [];
      while (terms.length > maxInputs) {
        const next: tf.TensorInfo[] = [];
        for (let i = 0; i < terms.length; i += maxInputs) {
          const chunk = terms.slice(i, i + maxInputs);
          if (chunk.length === 1) next.push(chunk[0]);
          else {
            const partial = kernelFunc({ inputs: chunk, backend, attrs });
            made.push(partial);
            next.push(partial);
          }
        }
        terms = next;
      }
      const out = kernelFunc({ inputs: terms, backend, attrs });
      for (const t of made) backend.disposeData(t.dataId);
      return out;
    }) as unknown as tf.KernelFunc,
  });
}
