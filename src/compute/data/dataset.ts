/**
 * Plain in-memory classification data: images as a flat Float32Array (NHWC, row-major), labels as Uint8Array.
 * Everything here is pure and deterministic; tensors are made from these at the edges.
 */
import { mulberry32 } from '../random.js';

export interface Dataset {
  /** n × h × w × c values, row-major. */
  x: Float32Array;
  y: Uint8Array;
  n: number;
  /** [h, w, c] of one example. */
  shape: [number, number, number];
  numClasses: number;
  /** Class names in label order, when known. */
  classes?: string[];
}

export interface Split {
  train: Dataset;
  test: Dataset;
  /** What the data is, for provenance: name, files and their content hash. */
  source: { name: string; dir: string; sha256: string };
}

export function exampleSize(d: Dataset): number {
  return d.shape[0] * d.shape[1] * d.shape[2];
}

/** The first `count` examples (a deterministic subset; shuffle first for a random one). */
export function take(d: Dataset, count: number): Dataset {
  const n = Math.min(count, d.n);
  const size = exampleSize(d);
  return { ...d, n, x: d.x.subarray(0, n * size), y: d.y.subarray(0, n) };
}

/** Examples reordered by `order` (indices into d). */
export function gather(d: Dataset, order: ArrayLike<number>): Dataset {
  const size = exampleSize(d);
  const x = new Float32Array(order.length * size);
  const y = new Uint8Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const j = order[i];
    x.set(d.x.subarray(j * size, (j + 1) * size), i * size);
    y[i] = d.y[j];
  }
  return { ...d, n: order.length, x, y };
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, seed: number): Uint32Array {
  const rand = mulberry32(seed);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Per-channel mean and standard deviation over all examples and pixels. */
export function channelStats(d: Dataset): { mean: number[]; std: number[] } {
  const c = d.shape[2];
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let i = 0; i < d.x.length; i++) {
    const v = d.x[i];
    sum[i % c] += v;
    sq[i % c] += v * v;
  }
  const count = d.x.length / c;
  const mean = [...sum].map((s) => s / count);
  const std = [...sq].map((s, k) => Math.sqrt(Math.max(s / count - mean[k] ** 2, 1e-12)));
  return { mean, std };
}

/** (x − mean) / std per channel, with statistics usually taken from the training split. */
export function normalize(d: Dataset, stats: { mean: number[]; std: number[] }): Dataset {
  const c = d.shape[2];
  const x = new Float32Array(d.x.length);
  for (let i = 0; i < x.length; i++) x[i] = (d.x[i] - stats.mean[i % c]) / stats.std[i % c];
  return { ...d, x };
}
