import path from 'node:path';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { tf } from '../tf.js';
import { BackendError, cpuDescription, type BackendInfo } from './types.js';

/** The .wasm binaries ship in the package's dist/ folder; a bundle must be told where they are. */
function wasmDir(): string {
  const fromEnv = process.env.TFJS_WASM_DIR;
  if (fromEnv) return fromEnv.endsWith('/') ? fromEnv : fromEnv + '/';
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
  } catch {
    throw new BackendError('cannot find @tensorflow/tfjs-backend-wasm (run npm ci), or set TFJS_WASM_DIR to its dist/ folder');
  }
}

export async function initWasm(): Promise<BackendInfo> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = wasmDir();
  if (!existsSync(path.join(dir, 'tfjs-backend-wasm.wasm'))) {
    throw new BackendError(`no tfjs-backend-wasm.wasm in ${dir}`);
  }
  wasm.setWasmPaths(dir);
  if (!(await tf.setBackend('wasm'))) throw new BackendError('the wasm backend failed to initialise');
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return {
    name: 'wasm',
    device: `CPU: ${cpuDescription()}, wasm${simd ? '-simd' : ''}, 1 thread`,
    details: { simd, threads: 1 },
  };
}
