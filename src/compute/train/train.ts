/**
 * Mini-batch training of a Model on a Dataset. Returns the final weights and a per-epoch history; a run whose loss
 * becomes NaN or Infinity stops and is reported as diverged (with its history), so a sweep can go on.
 */
import { tf } from '../tf.js';
import { permutation, type Dataset } from '../data/dataset.js';
import { crossEntropySum, makeEvaluator } from '../models/evaluate.js';
import { fromTensors, toTensors, type Model, type Weights } from '../models/params.js';
import { Sgd } from './optimizer.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
  /** Learning-rate schedule: constant, or multiplied by `gamma` at each epoch in `milestones`. */
  schedule?: { kind: 'constant' } | { kind: 'step'; milestones: number[]; gamma: number };
  seed: number;
}

export interface EpochRecord {
  epoch: number;
  lr: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  seconds: number;
}

export interface TrainResult {
  weights: Weights;
  history: EpochRecord[];
  diverged: boolean;
  seconds: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

export function learningRateAt(options: TrainOptions, epoch: number): number {
  const s = options.schedule ?? { kind: 'constant' };
  if (s.kind === 'constant') return options.lr;
  return options.lr * s.gamma ** s.milestones.filter((m) => epoch >= m).length;
}

export async function train(
  model: Model,
  data: { train: Dataset; test: Dataset },
  options: TrainOptions,
  init: Weights,
  onProgress: (p: TrainProgress) => void = () => {},
): Promise<TrainResult> {
  const started = performance.now();
  const { train: ds } = data;
  const [h, w, c] = ds.shape;
  const size = h * w * c;
  const params = toTensors(model.specs, init).map((t) => tf.variable(t, true));
  const optimizer = new Sgd({ lr: options.lr, momentum: options.momentum, nesterov: options.nesterov, weightDecay: options.weightDecay });
  const evalTrain = makeEvaluator(model, ds);
  const evalTest = makeEvaluator(model, data.test);
  const history: EpochRecord[] = [];
  const batches = Math.ceil(ds.n / options.batchSize);
  let diverged = false;
  try {
    for (let epoch = 0; epoch < options.epochs && !diverged; epoch++) {
      const epochStart = performance.now();
      const lr = learningRateAt(options, epoch);
      const order = permutation(ds.n, options.seed + epoch);
      const xb = new Float32Array(options.batchSize * size);
      const yb = new Int32Array(options.batchSize);
      for (let b = 0; b < batches; b++) {
        const start = b * options.batchSize;
        const m = Math.min(options.batchSize, ds.n - start);
        for (let i = 0; i < m; i++) {
          const j = order[start + i];
          xb.set(ds.x.subarray(j * size, (j + 1) * size), i * size);
          yb[i] = ds.y[j];
        }
        const x = tf.tensor4d(xb.subarray(0, m * size), [m, h, w, c]);
        const y = tf.tensor1d(yb.subarray(0, m), 'int32');
        const { value, grads } = tf.variableGrads(() => tf.div(crossEntropySum(model.apply(params, x), y), m) as tf.Scalar, params);
        optimizer.step(params, params.map((p) => grads[p.name]));
        tf.dispose([x, y]);
        tf.dispose(Object.values(grads));
        // Reading the loss back every step would stall the device; every 50 steps is enough to stop a divergence early.
        if (b % 50 === 49 || b === batches - 1) {
          const loss = (await value.data())[0];
          if (!Number.isFinite(loss)) diverged = true;
        }
        value.dispose();
        onProgress({ epoch, epochs: options.epochs, batch: b + 1, batches });
        if (diverged) break;
      }
      const tr = await evalTrain(params);
      const te = await evalTest(params);
      if (!Number.isFinite(tr.loss)) diverged = true;
      history.push({
        epoch: epoch + 1,
        lr,
        trainLoss: tr.loss,
        trainAccuracy: tr.accuracy,
        testLoss: te.loss,
        testAccuracy: te.accuracy,
        seconds: (performance.now() - epochStart) / 1000,
      });
    }
    return { weights: await fromTensors(params), history, diverged, seconds: (performance.now() - started) / 1000 };
  } finally {
    params.forEach((p) => p.dispose());
    optimizer.dispose();
    evalTrain.dispose();
    evalTest.dispose();
  }
}
