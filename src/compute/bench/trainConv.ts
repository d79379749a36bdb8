/**
 * Conv-net training throughput, fast formulation against the reference one (models/layers.ts setTrainingKernels:
 * training-mode BatchNorm, the conv gradient's dx and dW), in the same process with the steps interleaved: ResNet-8
 * and ResNet-20 at base width 8 (and the paper's 16), 28×28×1 input, batch 128, train.ts's step (SGD with momentum 0.9
 * and weight decay 5e-4, BatchNorm in training mode with the running statistics updated, the loss read back).
 *
 * Each round runs one step of each formulation, in alternating order, from its own copy of the same initial weights;
 * the ratio is the median over rounds of the per-round ratio, so slow drifts of a shared machine cancel. Besides
 * wall-clock img/s, the rows give img per CPU-second of this process (process.cpuUsage), the steadier of the two on a
 * loaded machine. Both formulations see the same data, so their losses must agree to float rounding: the largest
 * relative difference over the steps is reported (maxRelLossDiff).
 */
import { tf } from '../tf.js';
import { resnet } from '../models/resnet.js';
import { crossEntropySum } from '../models/evaluate.js';
import { setTrainingKernels, trainingKernels, type TrainingKernels } from '../models/layers.js';
import type { BatchStat, Model } from '../models/params.js';
import { Sgd } from '../train/optimizer.js';
import { mulberry32 } from '../random.js';
import type { Benchmark, BenchRow } from './types.js';
import { modelVariables } from './variables.js';

const BATCH = 128;
const SHAPE: [number, number, number] = [28, 28, 1];

interface Trainer {
  step(): Promise<{ loss: number; wall: number; cpu: number }>;
  dispose(): void;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** train.ts's step on fixed data, for one formulation (switched in around each step). */
function trainer(model: Model, kernels: TrainingKernels, x: tf.Tensor4D, y: tf.Tensor1D): Trainer {
  const { params, trainParams } = modelVariables(model, 1);
  const sgd = new Sgd({ lr: 0.05, momentum: 0.9, weightDecay: 5e-4 });
  return {
    async step() {
      const before = trainingKernels();
      setTrainingKernels(kernels);
      try {
        const w0 = performance.now();
        const c0 = cpuSeconds();
        const batchStats: BatchStat[] = [];
        const { value, grads } = tf.variableGrads(
          () => tf.div(crossEntropySum(model.apply(params, x, { training: true, batchStats }), y), BATCH) as tf.Scalar,
          trainParams,
        );
        sgd.step(trainParams, trainParams.map((p) => grads[p.name]));
        tf.tidy(() => {
          for (const s of batchStats) {
            params[s.meanIndex].assign(tf.add(tf.mul(params[s.meanIndex], 0.9), tf.mul(s.mean, 0.1)));
            params[s.varIndex].assign(tf.add(tf.mul(params[s.varIndex], 0.9), tf.mul(s.variance, (0.1 * s.count) / (s.count - 1))));
          }
        });
        tf.dispose(Object.values(grads));
        batchStats.forEach((s) => tf.dispose([s.mean, s.variance]));
        const loss = (await value.data())[0]; // synchronises (a GPU backend runs asynchronously)
        value.dispose();
        return { loss, wall: (performance.now() - w0) / 1000, cpu: cpuSeconds() - c0 };
      } finally {
        setTrainingKernels(before);
      }
    },
    dispose() {
      tf.dispose(params);
      sgd.dispose();
    },
  };
}

const median = (a: number[]) => {
  const s = a.slice().sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function trainConv(depth: number, baseWidth: number): Benchmark {
  const name = `train-conv-resnet${depth}-b${baseWidth}`;
  return {
    name,
    async run({ quick }): Promise<BenchRow[]> {
      const rounds = quick ? 2 : 6;
      const model = resnet({ inputShape: SHAPE, numClasses: 10, depth, baseWidth });
      const u = mulberry32(7);
      const x = tf.tensor4d(Float32Array.from({ length: BATCH * 784 }, () => u()), [BATCH, ...SHAPE]);
      const y = tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => i % 10), 'int32');
      const fast = trainer(model, 'fast', x, y);
      const ref = trainer(model, 'reference', x, y);
      try {
        const a0 = await ref.step(); // warm-up (heap growth, XNNPACK operator creation), untimed
        const b0 = await fast.step();
        const lossDiffs = [Math.abs(b0.loss - a0.loss) / Math.abs(a0.loss)];
        const t: Record<'fast' | 'reference', Array<{ wall: number; cpu: number }>> = { fast: [], reference: [] };
        for (let r = 0; r < rounds; r++) {
          const order = r % 2 === 0 ? (['fast', 'reference'] as const) : (['reference', 'fast'] as const);
          const res: Record<string, { loss: number; wall: number; cpu: number }> = {};
          for (const k of order) res[k] = await (k === 'fast' ? fast : ref).step();
          t.fast.push(res.fast);
          t.reference.push(res.reference);
          lossDiffs.push(Math.abs(res.fast.loss - res.reference.loss) / Math.abs(res.reference.loss));
          console.error(`  ${name} round ${r + 1}/${rounds}: fast ${res.fast.wall.toFixed(2)} s (CPU ${res.fast.cpu.toFixed(2)}), reference ${res.reference.wall.toFixed(2)} s (CPU ${res.reference.cpu.toFixed(2)}), loss ${res.fast.loss.toFixed(5)}`);
        }
        const details = { model: model.name, input: '28×28×1', batch: BATCH, rounds, backend: tf.getBackend(), maxRelLossDiff: Math.max(...lossDiffs) };
        const rows: BenchRow[] = [];
        const wallRatio = median(t.fast.map((f, i) => t.reference[i].wall / f.wall));
        const cpuRatio = median(t.fast.map((f, i) => t.reference[i].cpu / f.cpu));
        for (const k of ['reference', 'fast'] as const) {
          const wall = BATCH / median(t[k].map((s) => s.wall));
          const cpu = BATCH / median(t[k].map((s) => s.cpu));
          const baseline = `reference formulation (${model.name})`;
          rows.push({ benchmark: name, variant: `${k}, wall clock`, value: wall, unit: 'img/s', ratio: k === 'fast' ? wallRatio : 1, baseline, details });
          rows.push({ benchmark: name, variant: `${k}, per CPU-second`, value: cpu, unit: 'img/CPU-s', ratio: k === 'fast' ? cpuRatio : 1, baseline, details });
        }
        return rows;
      } finally {
        fast.dispose();
        ref.dispose();
        tf.dispose([x, y]);
      }
    },
  };
}

export const benchmarks: Benchmark[] = [trainConv(8, 8), trainConv(20, 8), trainConv(20, 16)];
