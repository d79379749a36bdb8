import { tf } from '../tf.js';
import { BackendError, type BackendInfo } from './types.js';

/**
 * The native TensorFlow backend, only when the user installed @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node
 * themselves: neither is a dependency (their install script downloads libtensorflow). tfjs keeps its engine and kernel
 * registry on globalThis, so the package's own copy of tfjs-core registers into the engine this project uses.
 */
export async function initTensorflow(): Promise<BackendInfo> {
  const candidates = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      // A computed specifier keeps bundlers from trying to resolve an optional package.
      await import(/* @vite-ignore */ name);
      if (await tf.setBackend('tensorflow')) {
        return { name: 'tensorflow', device: `native TensorFlow via ${name}`, details: { package: name } };
      }
      failures.push(`${name}: loaded, but the 'tensorflow' backend did not initialise`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new BackendError(
    `--backend tensorflow needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, which this project does not ` +
      `install (their install script downloads libtensorflow). Install one yourself (npm i @tensorflow/tfjs-node@4.22.0) ` +
      `or use --backend webgpu|wasm|cpu.\n  ` + failures.join('\n  '),
  );
}
