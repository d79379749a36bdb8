import os from 'node:os';

export interface BackendInfo {
  /** tfjs backend name actually in use. */
  name: string;
  /** Human-readable device, e.g. "NVIDIA H100 (WebGPU/Dawn)" or "CPU: … wasm-simd, 1 thread". */
  device: string;
  /** Extra facts worth keeping beside results (adapter limits, wasm features, fallbacks taken). */
  details: Record<string, string | number | boolean>;
  /** Throws when the device reported an error that makes results since initialisation invalid (webgpu). */
  check?: () => void;
}

export class BackendError extends Error {}

export function cpuDescription(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'} (${cpus.length} cores)`;
}
