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
import type { Artifact, Convexity, Curve1D, ExperimentResult, Histogram, Scalars, Surface2D, TrainingHistory, TrainingSetup, Trajectory } from '../../src/lib/schema';
import { SCHEMA_VERSION } from '../../src/lib/schema';

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

// ─── Result fixtures: literal ExperimentResult objects for the claims' tests (schema-valid, nothing computed) ──────


/** A result with the given artifacts and a placeholder provenance. */
export function experimentFixture(id: string, artifacts: Artifact[], trainings?: TrainingSetup[]): ExperimentResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    title: id,
    model: { name: 'mlp', architecture: 'fixture', parameters: 1, dataset: 'fixture', trainExamples: 60000, testExamples: 10000 },
    trainings: trainings ?? [{ optimizer: 'sgd', lr: 0.1, batchSize: 64, weightDecay: 0, momentum: 0.9, epochs: 1, replicate: 1, initSeed: 2, orderSeed: 3 }],
    provenance: {
      hash: '0'.repeat(64),
      config: { fixture: true },
      numericsVersion: 'fixture',
      codeVersion: 'fixture',
      backend: 'cpu',
      device: 'fixture',
      backendDetails: {},
      seed: 1,
      data: { name: 'fixture', sha256: '0'.repeat(64) },
      packages: {},
      node: 'v20',
      startedAt: '2025-01-01T00:00:00Z',
      finishedAt: '2025-01-01T00:00:01Z',
      wallTimeSeconds: 1,
      timings: [],
    },
    artifacts,
  };
}

/** A training of `epochs` epochs (one by default) whose last test accuracy is 1 − testError; `converged` adds a convergence record. */
export function trainingFixture({ testError, diverged = false, converged, id = 'training', epochs = 1 }: { testError: number; diverged?: boolean; converged?: boolean; id?: string; epochs?: number }): TrainingHistory {
  return {
    kind: 'training',
    id,
    diverged,
    epochs: Array.from({ length: epochs }, (_, k) => ({ epoch: k + 1, lr: 0.1, trainLoss: diverged ? null : 0.1, trainAccuracy: 0.9, testLoss: diverged ? null : 0.3, testAccuracy: 1 - testError, seconds: 1 })),
    evaluated: { train: 1000, test: 10000 },
    ...(converged === undefined ? {} : { convergence: { criterion: 'train loss < 0.05', met: converged, value: converged ? 0.04 : 0.2 } }),
  };
}

export function scalarsFixture(values: Record<string, number | null>, id = 'sharpness'): Scalars {
  return { kind: 'scalars', id, title: id, values };
}

/** A square surface on [−1, 1]² with n points per axis; `loss` gives the train loss (all four metrics share it). */
export function surfaceFixture(loss: (a: number, b: number, i: number, j: number) => number, { n = 5, id = 'surface' } = {}): Surface2D {
  const axis = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const values = axis.flatMap((b, j) => axis.map((a, i) => loss(a, b, i, j)));
  return {
    kind: 'surface2d',
    id,
    title: id,
    directions: { seed: 1, normalization: 'filter', biasBn: 'ignore' },
    x: axis,
    y: axis,
    metrics: { trainLoss: values, testLoss: values, trainAccuracy: values.map(() => 0.5), testAccuracy: values.map(() => 0.5) },
    evaluated: { train: 1, test: 1 },
  };
}

export function curveFixture(x: number[], loss: (a: number) => number, id = 'interpolation'): Curve1D {
  const values = x.map(loss);
  return {
    kind: 'curve1d',
    id,
    title: id,
    axis: 'interpolation',
    x,
    metrics: { trainLoss: values, testLoss: values, trainAccuracy: values.map(() => 0.5), testAccuracy: values.map(() => 0.5) },
    evaluated: { train: 1, test: 1 },
  };
}

export function trajectoryFixture(explained: [number, number], id = 'trajectory'): Trajectory {
  return { kind: 'trajectory', id, title: id, explainedVariance: explained, x: [1, 0], y: [1, 0], step: [0, 1] };
}

/** A convexity map on the axis (both directions) with |λmin/λmax| = ratio[j·n + i]. */
export function convexityFixture(axis: number[], ratio: Array<number | null>, id = 'convexity'): Convexity {
  return { kind: 'convexity', id, title: id, x: axis, y: axis, lambdaMin: ratio.map((r) => (r === null ? null : -r)), lambdaMax: ratio.map((r) => (r === null ? null : 1)), ratio };
}

/** A histogram over `edges` (counts.length + 1 of them). */
export function histogramFixture(edges: number[], counts: number[], id = 'weights'): Histogram {
  return { kind: 'histogram', id, title: id, edges, counts };
}
