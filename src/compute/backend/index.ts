/**
 * Backend selection: webgpu (Dawn in Node) when an adapter exists, else wasm. `--backend` forces one.
 * Every result records the BackendInfo returned here (see provenance in src/lib/schema.ts).
 */
import { tf } from '../tf.js';
import { initWebgpu } from './webgpu.js';
import { initWasm } from './wasm.js';
import { initTensorflow } from './tensorflow.js';
import { BackendError, cpuDescription, type BackendInfo } from './types.js';

export { BackendError, type BackendInfo } from './types.js';

export const BACKEND_NAMES = ['auto', 'webgpu', 'wasm', 'cpu', 'tensorflow'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Initialise the requested backend; `log` receives one line per decision (fallbacks included). */
export async function initBackend(requested: BackendName = 'auto', log: (line: string) => void = () => {}): Promise<BackendInfo> {
  if (!(BACKEND_NAMES as readonly string[]).includes(requested)) {
    throw new BackendError(`unknown backend '${requested}': expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  if (requested === 'auto') {
    // auto means a GPU: a software adapter is never picked here, whatever LANDSCAPE_WEBGPU says.
    const gpu = await initWebgpu('hardware').catch((e: Error) => e);
    if (!(gpu instanceof Error)) return gpu;
    log(`webgpu unavailable (${gpu.message}); falling back to wasm`);
    const info = await initWasm();
    info.details.fallbackFrom = 'webgpu';
    return info;
  }
  switch (requested) {
    case 'webgpu':
      return initWebgpu();
    case 'wasm':
      return initWasm();
    case 'tensorflow':
      return initTensorflow();
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      if (!(await tf.setBackend('cpu'))) throw new BackendError('the cpu backend failed to initialise');
      return { name: 'cpu', device: `CPU: ${cpuDescription()}, pure JavaScript`, details: {} };
    }
  }
}
