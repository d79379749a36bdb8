/**
 * Small Fashion-MNIST-shaped data sets made by code (never downloaded): class k is a bright horizontal bar at row
 * 2k + 4 plus seeded noise, so a small net can learn it and tests run in seconds.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/compute/data/idx';
import { mulberry32 } from '../../src/compute/random';

export function syntheticImages(n: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const rand = mulberry32(seed);
  const images = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    labels[i] = k;
    for (let p = 0; p < 784; p++) images[i * 784 + p] = Math.floor(rand() * 60);
    const row = 2 * k + 4;
    for (let c = 4; c < 24; c++) images[i * 784 + row * 28 + c] = 200 + Math.floor(rand() * 55);
  }
  return { images, labels };
}

/** Write the four IDX .gz files into a fresh temporary folder and return it. */
export function makeFashionMnistDir({ train = 2000, test = 500, seed = 7 } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'landscape-fmnist-'));
  mkdirSync(dir, { recursive: true });
  const write = (name: string, dims: number[], data: Uint8Array) => writeFileSync(path.join(dir, name), gzipSync(encodeIdx(dims, data)));
  const tr = syntheticImages(train, seed);
  const te = syntheticImages(test, seed + 1);
  write('train-images-idx3-ubyte.gz', [train, 28, 28], tr.images);
  write('train-labels-idx1-ubyte.gz', [train], tr.labels);
  write('t10k-images-idx3-ubyte.gz', [test, 28, 28], te.images);
  write('t10k-labels-idx1-ubyte.gz', [test], te.labels);
  return dir;
}
