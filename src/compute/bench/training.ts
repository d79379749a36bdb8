/**
 * Training throughput of a ResNet-20-style net (the paper's smallest CIFAR ResNet, here on 28×28×1 Fashion-MNIST-
 * shaped input) at batch 128: SGD steps with the forward-conv gradient (models/conv.ts) against tfjs's stock conv
 * gradient, in the same run. The stock gradient needs Conv2DBackpropFilter, which the wasm backend lacks: there the
 * stock row is reported as unavailable. test/bench/pytorch_train.py runs the same workload in PyTorch.
 */
import { tf } from '../tf.js';
import { resnet } from '../models/resnet.js';
import { crossEntropySum } from '../models/evaluate.js';
import { hasStockConvGradient, type ConvGradient } from '../models/conv.js';
import { setTrainingKernels, trainingKernels, type TrainingKernels } from '../models/layers.js';
import { Sgd } from '../train/optimizer.js';
import { mulberry32 } from '../random.js';
import type { Benchmark, BenchRow } from './types.js';
import { modelVariables } from './variables.js';

export const BATCH = 128;
/** Untimed and timed SGD steps (shared with the PyTorch side, pytorch.ts). */
export const TRAIN_STEPS = { full: { warmup: 2, steps: 6 }, quick: { warmup: 1, steps: 2 } } as const;
const SHAPE: [number, number, number] = [28, 28, 1];

/** Images per second over `steps` SGD steps after `warmup` untimed ones. */
async function trainThroughput(gradient: ConvGradient, warmup: number, steps: number, kernels: TrainingKernels = 'fast'): Promise<number> {
  const before = trainingKernels();
  setTrainingKernels(kernels);
  const model = resnet({ inputShape: SHAPE, numClasses: 10, depth: 20, convGradient: gradient });
  const { params, trainParams } = modelVariables(model, 1);
  const u = mulberry32(7);
  const x = tf.tensor4d(Float32Array.from({ length: BATCH * 784 }, () => u() * 2 - 1), [BATCH, ...SHAPE]);
  const y = tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => i % 10), 'int32');
  const sgd = new Sgd({ lr: 0.01, momentum: 0.9 });
  const step = async () => {
    const { value, grads } = tf.variableGrads(() => tf.div(crossEntropySum(model.apply(params, x, { training: true }), y), BATCH) as tf.Scalar, trainParams);
    sgd.step(trainParams, trainParams.map((p) => grads[p.name]));
    tf.dispose(Object.values(grads));
    await value.data(); // synchronise, so the time is the step's and not just its dispatch
    value.dispose();
  };
  try {
    for (let i = 0; i < warmup; i++) await step();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await step();
    return (BATCH * steps) / ((performance.now() - t0) / 1000);
  } finally {
    setTrainingKernels(before);
    tf.dispose([...params, x, y]);
    sgd.dispose();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'training',
    async run({ quick }): Promise<BenchRow[]> {
      const { warmup, steps } = quick ? TRAIN_STEPS.quick : TRAIN_STEPS.full;
      const details = { model: 'resnet20 (16-32-64, BN, 1×1 projection shortcuts)', input: '28×28×1', batch: BATCH, steps, backend: tf.getBackend() };
      const custom = await trainThroughput('custom', warmup, steps);
      const rows: BenchRow[] = [];
      // On webgpu, the same gradient with this project's WGSL filter-gradient kernel (models/kernels/convFilterGradient.ts).
      if (tf.getBackend() === 'webgpu') {
        const wgsl = await trainThroughput('custom', warmup, steps, 'wgsl');
        rows.push({ benchmark: 'training', variant: 'forward-conv gradient, WGSL filter kernel', value: wgsl, unit: 'img/s', ratio: wgsl / custom, baseline: 'forward-conv gradient (custom)', details });
      }
      if (!hasStockConvGradient()) {
        rows.push({ benchmark: 'training', variant: 'forward-conv gradient (custom)', value: custom, unit: 'img/s', details });
        rows.push({
          benchmark: 'training',
          variant: `stock conv gradient: unavailable (${tf.getBackend()} has no Conv2DBackpropFilter)`,
          value: Number.NaN,
          unit: 'img/s',
          details: { ...details, unavailable: true },
        });
        return rows;
      }
      const stock = await trainThroughput('stock', warmup, steps);
      rows.push({ benchmark: 'training', variant: 'stock conv gradient', value: stock, unit: 'img/s', ratio: 1, baseline: 'stock conv gradient', details });
      rows.push({ benchmark: 'training', variant: 'forward-conv gradient (custom)', value: custom, unit: 'img/s', ratio: custom / stock, baseline: 'stock conv gradient', details });
      return rows;
    },
  },
];
