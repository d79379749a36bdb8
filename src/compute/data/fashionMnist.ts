/**
 * Fashion-MNIST from its four IDX .gz files, as Debian's dataset-fashion-mnist installs them.
 * Nothing is ever downloaded: a missing file is an error that says where the data was looked for.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataError, requireRegularFile } from './errors.js';
import { readIdxFile } from './idx.js';
import type { Dataset, Split } from './dataset.js';

export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];
const IMAGE_SIZE = 28;
const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
};

/** --data DIR, else $FASHION_MNIST_DIR, else Debian's location. */
export function fashionMnistDir(explicit?: string): string {
  return explicit ?? process.env.FASHION_MNIST_DIR ?? DEFAULT_FASHION_MNIST_DIR;
}

function readPair(dir: string, imagesFile: string, labelsFile: string): Dataset {
  const imagesPath = path.join(dir, imagesFile);
  const labelsPath = path.join(dir, labelsFile);
  const images = readIdxFile(imagesPath, 3);
  const labels = readIdxFile(labelsPath, 1);
  const [n, h, w] = images.dims;
  // Fashion-MNIST's images are 28×28; other sizes with the same pixel count would silently feed an MLP scrambled rows.
  if (h !== IMAGE_SIZE || w !== IMAGE_SIZE) throw new DataError(imagesPath, `images are ${h}×${w}: expected ${IMAGE_SIZE}×${IMAGE_SIZE} (Fashion-MNIST)`);
  if (n === 0) throw new DataError(imagesPath, 'holds 0 images: expected at least 1');
  if (labels.dims[0] !== n) {
    throw new DataError(labelsPath, `has ${labels.dims[0]} labels but ${imagesFile} has ${n} images`);
  }
  for (let i = 0; i < n; i++) {
    if (labels.data[i] > 9) throw new DataError(labelsPath, `label ${labels.data[i]} at index ${i}: expected 0–9`);
  }
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return { x, y: labels.data.slice(), n, shape: [h, w, 1], numClasses: 10, classes: FASHION_MNIST_CLASSES };
}

/** A content hash of the four files, so results are keyed to the exact data they were computed on. */
export function hashFiles(dir: string, names: string[]): string {
  const h = createHash('sha256');
  for (const name of names) {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new DataError(file, 'file not found (install Debian\'s dataset-fashion-mnist, or pass --data DIR / set FASHION_MNIST_DIR)');
    requireRegularFile(file);
    h.update(readFileSync(file));
  }
  return h.digest('hex');
}

export function loadFashionMnist(dir = fashionMnistDir()): Split {
  const sha256 = hashFiles(dir, Object.values(FILES));
  return {
    train: readPair(dir, FILES.trainImages, FILES.trainLabels),
    test: readPair(dir, FILES.testImages, FILES.testLabels),
    source: { name: 'fashion-mnist', dir, sha256 },
  };
}

export const FASHION_MNIST_FILES = FILES;
