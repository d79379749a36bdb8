/**
 * Two interleaved spirals in 2D (a classic non-linearly-separable toy problem): seeded, tiny, and fast enough for
 * unit tests and an in-browser demo. Examples have shape [1, 1, 2] so every model's [n, h, w, c] input fits.
 */
import { gaussian, mulberry32 } from '../random.js';
import type { Dataset } from './dataset.js';

export interface SpiralOptions {
  /** Examples in total, split evenly between the two classes (an odd n gives class 0 one more). */
  n: number;
  seed: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise?: number;
  /** Half-turns each arm makes (default 1.5 turns = 3 half-turns). */
  halfTurns?: number;
}

export function twoSpirals({ n, seed, noise = 0.05, halfTurns = 3 }: SpiralOptions): Dataset {
  if (!(Number.isInteger(n) && n > 0)) throw new Error(`twoSpirals: n = ${n}, expected a positive integer`);
  const u = mulberry32(seed);
  const g = gaussian(seed ^ 0x5bd1e995);
  const x = new Float32Array(2 * n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    // sqrt spreads points evenly along the arm's length rather than crowding the centre.
    const t = Math.sqrt(u());
    const angle = t * halfTurns * Math.PI + label * Math.PI;
    x[2 * i] = t * Math.cos(angle) + noise * g();
    x[2 * i + 1] = t * Math.sin(angle) + noise * g();
    y[i] = label;
  }
  return { x, y, n, shape: [1, 1, 2], numClasses: 2, classes: ['arm 0', 'arm 1'] };
}
