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

/**
 * A CIFAR-10-format folder (data_batch_1..5.bin, test_batch.bin: records of 1 label byte + 3072 CHW bytes) with
 * `perBatch` records per file; class k is a bright square whose position depends on k, plus noise.
 */
export function makeCifar10Dir({ perBatch = 100, seed = 3 } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'landscape-cifar-'));
  const rand = mulberry32(seed);
  const batch = (n: number) => {
    const buf = new Uint8Array(n * 3073);
    for (let r = 0; r < n; r++) {
      const k = r % 10;
      buf[r * 3073] = k;
      for (let c = 0; c < 3; c++) {
        for (let p = 0; p < 1024; p++) {
          const [row, col] = [Math.floor(p / 32), p % 32];
          const inSquare = row >= 3 * k && row < 3 * k + 4 && col >= 8 && col < 24;
          buf[r * 3073 + 1 + c * 1024 + p] = inSquare ? 200 + Math.floor(rand() * 55) : Math.floor(rand() * 60);
        }
      }
    }
    return buf;
  };
  for (let i = 1; i <= 5; i++) writeFileSync(path.join(dir, `data_batch_${i}.bin`), batch(perBatch));
  writeFileSync(path.join(dir, 'test_batch.bin'), batch(perBatch));
  return dir;
}
