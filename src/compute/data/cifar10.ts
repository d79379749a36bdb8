/**
 * CIFAR-10 in its binary form (https://www.cs.toronto.edu/~kriz/cifar.html, "CIFAR-10 binary version"), for users
 * who have it; nothing is downloaded. Each file is 10000 records of 1 label byte + 3072 pixel bytes stored CHW
 * (1024 red, 1024 green, 1024 blue, rows of 32). Images are returned NHWC in [0, 1] like Fashion-MNIST.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DataError, requireRegularFile } from './errors.js';
import type { Dataset, Split } from './dataset.js';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';
const SIDE = 32;
const PIXELS = SIDE * SIDE;
const RECORD = 1 + 3 * PIXELS;

/** Parse one binary batch; `file` labels errors. Any whole number of records is accepted (the official files have 10000). */
export function parseCifarBatch(buf: Uint8Array, file: string): Dataset {
  if (buf.length === 0) throw new DataError(file, 'empty file: expected records of 3073 bytes (1 label + 3072 pixels)');
  if (buf.length % RECORD !== 0) {
    throw new DataError(file, `${buf.length} bytes is not a whole number of 3073-byte records (1 label + 3072 pixels); truncated?`);
  }
  const n = buf.length / RECORD;
  const x = new Float32Array(n * 3 * PIXELS);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const base = r * RECORD;
    const label = buf[base];
    if (label > 9) throw new DataError(file, `record ${r} (byte offset ${base}) has label ${label}: expected 0–9`);
    y[r] = label;
    const out = r * 3 * PIXELS;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < PIXELS; p++) x[out + p * 3 + c] = buf[base + 1 + c * PIXELS + p] / 255;
    }
  }
  return { x, y, n, shape: [SIDE, SIDE, 3], numClasses: 10, classes: CIFAR10_CLASSES };
}

function readBatch(file: string): Uint8Array {
  if (existsSync(file)) requireRegularFile(file, 'a CIFAR-10 batch file');
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(file, code === 'ENOENT' ? 'file not found (CIFAR-10 binary version: data_batch_1..5.bin, test_batch.bin)' : `cannot read (${code})`);
  }
}

/** Concatenate datasets of the same shape. */
function concat(parts: Dataset[]): Dataset {
  const n = parts.reduce((s, d) => s + d.n, 0);
  const x = new Float32Array(parts.reduce((s, d) => s + d.x.length, 0));
  const y = new Uint8Array(n);
  let xo = 0;
  let yo = 0;
  for (const d of parts) {
    x.set(d.x, xo);
    y.set(d.y, yo);
    xo += d.x.length;
    yo += d.n;
  }
  return { ...parts[0], x, y, n };
}

export function loadCifar10(dir: string): Split {
  const hash = createHash('sha256');
  const load = (name: string) => {
    const file = path.join(dir, name);
    const buf = readBatch(file);
    hash.update(buf);
    return parseCifarBatch(buf, file);
  };
  const train = concat(CIFAR10_TRAIN_FILES.map(load));
  const test = load(CIFAR10_TEST_FILE);
  return { train, test, source: { name: 'cifar10', dir, sha256: hash.digest('hex') } };
}
