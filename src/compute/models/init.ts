import { gaussian } from '../random.js';

/** Kaiming (He) normal initialisation for ReLU nets: N(0, 2 / fan_in), seeded. */
export function kaimingNormal(size: number, fanIn: number, seed: number): Float32Array {
  const g = gaussian(seed);
  const std = Math.sqrt(2 / fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = g() * std;
  return out;
}
