/** Whether Dawn finds the software WebGPU adapter here (Mesa's EGL/GLES packages; .ci/run installs them). */
import { spawnSync } from 'node:child_process';
import { ROOT } from './cli';

export function softwareAdapter(): boolean {
  const probe = `import('webgpu').then(async ({ create, globals }) => { Object.assign(globalThis, globals);
    const a = await create(['backend=opengles']).requestAdapter({ featureLevel: 'compatibility' }); process.exit(a ? 0 : 1); })`;
  return spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, env: { ...process.env, EGL_PLATFORM: 'surfaceless' }, timeout: 60_000 }).status === 0;
}
