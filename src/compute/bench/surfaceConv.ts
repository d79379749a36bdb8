/**
 * 2D-surface throughput of a conv net (grid points per second): ResNet-20-style (16-32-64 channels, BatchNorm,
 * projection shortcuts) on 28×28×1 input, point by point (a conv net's loss is not linear in any layer's
 * perturbation, so the MLP's plane batching does not apply); on webgpu also with a grid row queued per read-back. Same workload as test/bench/pytorch_surface.py
 * --model resnet: seeded Kaiming weights, two filter-normalized directions, uniform inputs with random labels.
 * Full: 1,000 examples, 5×5 grid; --quick: 200 examples, 3×3.
 */
import { tf } from '../tf.js';
import { resnet } from '../models/resnet.js';
import { makeEvaluator } from '../models/evaluate.js';
import { directionPair } from '../landscape/directions.js';
import { evaluateSurface2D, type Axis } from '../landscape/surface.js';
import { syntheticData } from './surface.js';
import { evaluateSurface2DPointBatched } from '../landscape/pointBatched.js';
import type { Benchmark, BenchRow } from './types.js';

export const SURFACE_CONV = { full: { examples: 1000, side: 5 }, quick: { examples: 200, side: 3 } } as const;

const surfaceConv: Benchmark = {
  name: 'surface-resnet',
  async run({ quick }) {
    const { examples, side } = quick ? SURFACE_CONV.quick : SURFACE_CONV.full;
    const model = resnet({ inputShape: [28, 28, 1], numClasses: 10, depth: 20 });
    const weights = model.init(1);
    const directions = directionPair(model.specs, weights, { seed: 2 });
    const evaluator = makeEvaluator(model, syntheticData(examples, 3), { batchSize: 500 });
    const axis: Axis = { min: -1, max: 1, n: side };
    try {
      // Warm-up (shader compilation, heap growth): one point, not timed.
      await evaluateSurface2D({ specs: model.specs, weights, directions, x: { min: 0, max: 0, n: 1 }, y: { min: 0, max: 0, n: 1 }, evaluators: { d: evaluator } });
      const details = { model: 'resnet20 (16-32-64, BN)', examples, grid: `${side}×${side}`, backend: tf.getBackend() };
      const rows: BenchRow[] = [];
      // On a GPU, a grid row's points queued and read back together (surface.ts) against one read-back per point;
      // on wasm and cpu they are the same computation (both synchronous), so only the first runs.
      const variants: Array<[string, number]> = [['one point at a time', 1]];
      if (tf.getBackend() === 'webgpu') variants.push([`a grid row (${side} points) per read-back`, side]);
      for (const [variant, pointsPerReadback] of variants) {
        const t0 = performance.now();
        await evaluateSurface2D({ specs: model.specs, weights, directions, x: axis, y: axis, evaluators: { d: evaluator }, pointsPerReadback });
        const seconds = (performance.now() - t0) / 1000;
        const value = (side * side) / seconds;
        rows.push({ benchmark: 'surface-resnet', variant, value, unit: 'points/s', ...(rows.length ? { ratio: value / rows[0].value, baseline: rows[0].variant } : {}), details: { ...details, seconds } });
        console.error(`  ${variant}: ${value.toFixed(2)} points/s ${JSON.stringify({ ...details, seconds })}`);
      }
      if (tf.getBackend() === 'webgpu') {
        // A grid row's points per dispatch through the own point-conv kernel (landscape/pointBatched.ts).
        const data = syntheticData(examples, 3);
        const t0 = performance.now();
        await evaluateSurface2DPointBatched({ model, weights, directions, x: axis, y: axis, data: { d: data } });
        const seconds = (performance.now() - t0) / 1000;
        const value = (side * side) / seconds;
        const variant = `point-batched: ${side} points per dispatch, own WGSL conv kernel`;
        rows.push({ benchmark: 'surface-resnet', variant, value, unit: 'points/s', ratio: value / rows[0].value, baseline: rows[0].variant, details: { ...details, seconds } });
        console.error(`  ${variant}: ${value.toFixed(2)} points/s`);
      }
      return rows;
    } finally {
      evaluator.dispose();
    }
  },
};

export const benchmarks: Benchmark[] = [surfaceConv];
