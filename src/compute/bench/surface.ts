/**
 * 2D-surface throughput (grid points per second): plane-batched evaluation (landscape/planeBatched.ts) against one
 * point at a time (landscape/surface.ts), same model, weights, data and grid, in the same run.
 *
 * Workload: MLP 784-512-512-10 with seeded Kaiming weights, 10,000 synthetic 28×28 examples (seeded uniform pixels,
 * random labels: the loss values do not matter, the arithmetic does), 21×21 grid of filter-normalized directions.
 * --quick: 1,000 examples, 5×5 grid. The batched-matmul variant is slow on wasm/cpu (their batched matmul is a plain
 * loop, ../shared/wasm-notes.md), so there it runs on the first grid row only.
 */
import { tf } from '../tf.js';
import { mulberry32 } from '../random.js';
import { mlp } from '../models/mlp.js';
import { makeEvaluator, type Metrics } from '../models/evaluate.js';
import type { Dataset } from '../data/dataset.js';
import { directionPair } from '../landscape/directions.js';
import { evaluateSurface2D, type Axis } from '../landscape/surface.js';
import { evaluateSurface2DBatched, type Layers } from '../landscape/planeBatched.js';
import type { Benchmark, BenchRow } from './types.js';

export function syntheticData(n: number, seed: number): Dataset {
  const rand = mulberry32(seed);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = rand();
  const y = Uint8Array.from({ length: n }, () => Math.floor(rand() * 10));
  return { x, y, n, shape: [28, 28, 1], numClasses: 10 };
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

/** Workload sizes, shared with the PyTorch side (pytorch.ts passes them to test/bench/pytorch_surface.py). */
export const SURFACE_MLP = { full: { examples: 10_000, side: 21 }, quick: { examples: 1000, side: 5 } } as const;

const surface: Benchmark = {
  name: 'surface-2d',
  async run({ quick }) {
    const { examples: n, side } = quick ? SURFACE_MLP.quick : SURFACE_MLP.full;
    const axis: Axis = { min: -1, max: 1, n: side };
    const model = mlp({ inputShape: [28, 28, 1], hidden: [512, 512], numClasses: 10 });
    const weights = model.init(1);
    const directions = directionPair(model.specs, weights, { seed: 2 });
    const data = syntheticData(n, 3);
    const batchSize = 1000;
    const points = side * side;
    const details = { model: model.name, examples: n, grid: `${side}×${side}`, batchSize, backend: tf.getBackend() };

    // Warm-up (kernel compilation on GPUs, wasm heap growth): two points each way, not timed.
    const warmAxis = { min: 0, max: 1, n: 2 };
    await evaluateSurface2DBatched({ model, weights, directions, x: warmAxis, y: { min: 0, max: 0, n: 1 }, data: { d: data }, batchSize });

    const one: Metrics[] = [];
    const evaluator = makeEvaluator(model, data, { batchSize });
    const warm = weights.map((w, p) => tf.tensor(w, model.specs[p].shape));
    await evaluator(warm);
    tf.dispose(warm);
    const tOne = await timed(() => evaluateSurface2D({ specs: model.specs, weights, directions, x: axis, y: axis, evaluators: { d: evaluator }, onPoint: (p) => void one.push(p.metrics.d) }));
    evaluator.dispose();

    const rows: BenchRow[] = [{ benchmark: 'surface-2d', variant: 'one point at a time', value: points / tOne, unit: 'points/s', details: { ...details, seconds: tOne } }];
    const compare = async (variant: string, layers: Layers, y: Axis) => {
      const got: Metrics[] = [];
      let mode = '';
      const seconds = await timed(async () => {
        mode = (await evaluateSurface2DBatched({ model, weights, directions, x: axis, y, data: { d: data }, batchSize, layers, onPoint: (p) => void got.push(p.metrics.d) })).mode;
      });
      const maxRelDiff = Math.max(...got.map((m, i) => Math.abs(m.loss - one[i].loss) / Math.abs(one[i].loss)));
      const value = got.length / seconds;
      rows.push({ benchmark: 'surface-2d', variant, value, unit: 'points/s', ratio: value / rows[0].value, baseline: 'one point at a time', details: { ...details, points: got.length, seconds, mode, maxRelDiff } });
    };
    await compare('plane-batched, 2D matmul loop', 'loop', axis);
    const slowBatched = ['wasm', 'cpu'].includes(tf.getBackend());
    await compare(slowBatched ? 'plane-batched, batched matmul (first row only)' : 'plane-batched, batched matmul', 'batched', slowBatched ? { ...axis, max: axis.min, n: 1 } : axis);
    if (tf.getBackend() === 'webgpu') await compare('plane-batched, own WGSL kernels (first layer, loss)', 'fused', axis);
    for (const r of rows) console.error(`  ${r.variant}: ${r.value.toFixed(2)} points/s${r.ratio ? ` (${r.ratio.toFixed(2)}×)` : ''} ${JSON.stringify(r.details)}`);
    return rows;
  },
};

export const benchmarks: Benchmark[] = [surface];
