/**
 * Mini-batch training of a Model on a Dataset. Returns the final weights, a per-epoch history and optional
 * checkpoints; a run that diverges (divergence.ts: a non-finite loss, or a loss far above its initial one) stops and
 * is reported as diverged, with the reason and its history and checkpoints so far, so a sweep can go on.
 */
import { tf } from '../tf.js';
import { permutation, take, type Dataset } from '../data/dataset.js';
import { crossEntropySum, makeEvaluator } from '../models/evaluate.js';
import { fromTensors, toTensors, trainableIndices, type BatchStat, type Model, type Weights } from '../models/params.js';
import { setTrainingKernels, trainingKernels, type TrainingKernels } from '../models/layers.js';
import { Adam, Sgd, type Optimizer } from './optimizer.js';
import { scheduledLr, type Schedule } from './schedule.js';
import type { Checkpoint } from './checkpoint.js';
import { yieldToEvents } from '../events.js';
import { divergenceReason } from '../../lib/divergence.js';

export type { Checkpoint } from './checkpoint.js';
export type { Schedule } from './schedule.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** 'sgd' (default; PyTorch's SGD with momentum/nesterov) or 'adam' (momentum/nesterov ignored). */
  optimizer?: 'sgd' | 'adam';
  momentum?: number;
  nesterov?: boolean;
  /** L2 penalty wd·θ added to the gradient (the paper compares 0 and 5e-4). */
  weightDecay?: number;
  /** Learning-rate schedule: constant (default), step (×gamma at milestone epochs) or cosine (per step). */
  schedule?: Schedule;
  seed: number;
  /** Save the weights every this many optimizer steps, plus always the initial and the final weights. */
  checkpointEvery?: number;
  /** Evaluate the per-epoch train loss/accuracy on the first this many training examples (default: all). */
  evalTrainMax?: number;
  /** BatchNorm running-statistics momentum (PyTorch's convention: r ← (1−m)·r + m·batch). Default 0.1. */
  bnMomentum?: number;
  /**
   * Which formulation of the conv nets' training kernels runs (models/layers.ts): 'fast' or 'reference' (default
   * here). Both compute the same step to float rounding, but a training is chaotic — rounding differences grow over
   * hundreds of steps (ResNet-8, 470 steps: test accuracy 86.1 % vs 85.3 %) — so a stored result is reproduced
   * only by the formulation it was trained with; the experiment config names it (absent: 'reference').
   */
  kernels?: TrainingKernels;
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
  /** When and why it diverged (divergence.ts states the rule); absent when it did not. */
  divergence?: { epoch: number; reason: string };
  seconds: number;
  /** Initial, every `checkpointEvery` steps, and final (empty unless checkpointEvery is set). */
  checkpoints: Checkpoint[];
  /** Optimizer steps taken. */
  steps: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

/** The learning rate at the start of `epoch` (kept for callers that schedule per epoch). */
export function learningRateAt(options: TrainOptions, epoch: number): number {
  return scheduledLr(options.lr, options.schedule ?? { kind: 'constant' }, epoch, options.epochs);
}

function makeOptimizer(options: TrainOptions): Optimizer {
  const { optimizer = 'sgd', lr, momentum, nesterov, weightDecay } = options;
  if (optimizer === 'adam') return new Adam({ lr, weightDecay });
  if (optimizer === 'sgd') return new Sgd({ lr, momentum, nesterov, weightDecay });
  throw new Error(`TrainOptions.optimizer: '${optimizer as string}', expected 'sgd' or 'adam'`);
}

/** r ← (1−m)·r + m·s, with the unbiased batch variance for the running variance (as PyTorch does). */
function updateRunningStats(params: tf.Variable[], stats: BatchStat[], momentum: number): void {
  tf.tidy(() => {
    for (const s of stats) {
      const unbias = s.count > 1 ? s.count / (s.count - 1) : 1;
      const rm = params[s.meanIndex];
      const rv = params[s.varIndex];
      rm.assign(tf.add(tf.mul(rm, 1 - momentum), tf.mul(s.mean, momentum)));
      rv.assign(tf.add(tf.mul(rv, 1 - momentum), tf.mul(s.variance, momentum * unbias)));
    }
  });
}

export async function train(
  model: Model,
  data: { train: Dataset; test: Dataset },
  options: TrainOptions,
  init: Weights,
  onProgress: (p: TrainProgress) => void = () => {},
  onEpoch: (r: EpochRecord) => void = () => {},
): Promise<TrainResult> {
  const { epochs, batchSize, seed, checkpointEvery = 0, evalTrainMax, bnMomentum = 0.1, lr: baseLr } = options;
  const schedule = options.schedule ?? { kind: 'constant' };
  if (!(batchSize >= 1)) throw new Error(`TrainOptions.batchSize: ${batchSize}, expected a positive integer`);
  const started = performance.now();
  const kernelsBefore = trainingKernels();
  setTrainingKernels(options.kernels ?? 'reference');
  const { train: ds } = data;
  const [h, w, c] = ds.shape;
  const size = h * w * c;
  const trainable = new Set(trainableIndices(model.specs));
  const params = toTensors(model.specs, init).map((t, i) => {
    const v = tf.variable(t, trainable.has(i));
    t.dispose();
    return v;
  });
  const trainParams = params.filter((_, i) => trainable.has(i));
  const optimizer = makeOptimizer(options);
  const evalTrain = makeEvaluator(model, evalTrainMax === undefined ? ds : take(ds, evalTrainMax));
  const evalTest = makeEvaluator(model, data.test);
  const history: EpochRecord[] = [];
  const checkpoints: Checkpoint[] = [];
  const batches = Math.ceil(ds.n / batchSize);
  let diverged = false;
  let divergence: TrainResult['divergence'];
  let initialLoss: number | null = null;
  let step = 0;
  const saveCheckpoint = async () => {
    if (checkpointEvery > 0 && checkpoints.at(-1)?.step !== step) {
      checkpoints.push({ step, epoch: step / batches, weights: await fromTensors(params) });
    }
  };
  try {
    await saveCheckpoint();
    const xb = new Float32Array(batchSize * size);
    const yb = new Int32Array(batchSize);
    for (let epoch = 0; epoch < epochs && !diverged; epoch++) {
      const epochStart = performance.now();
      const order = permutation(ds.n, seed + epoch);
      for (let b = 0; b < batches; b++) {
        await yieldToEvents();
        const start = b * batchSize;
        const m = Math.min(batchSize, ds.n - start);
        for (let i = 0; i < m; i++) {
          const j = order[start + i];
          xb.set(ds.x.subarray(j * size, (j + 1) * size), i * size);
          yb[i] = ds.y[j];
        }
        const x = tf.tensor4d(xb.subarray(0, m * size), [m, h, w, c]);
        const y = tf.tensor1d(yb.subarray(0, m), 'int32');
        const batchStats: BatchStat[] = [];
        const { value, grads } = tf.variableGrads(
          () => tf.div(crossEntropySum(model.apply(params, x, { training: true, batchStats }), y), m) as tf.Scalar,
          trainParams,
        );
        const lr = scheduledLr(baseLr, schedule, epoch + b / batches, epochs);
        optimizer.step(trainParams, trainParams.map((p) => grads[p.name]), lr);
        updateRunningStats(params, batchStats, bnMomentum);
        tf.dispose([x, y]);
        tf.dispose(Object.values(grads));
        batchStats.forEach((s) => tf.dispose([s.mean, s.variance]));
        step++;
        // Reading the loss back every step would stall the device; every 50 steps is enough to stop a divergence early.
        // The first step's loss is the reference of the divergence rule (one extra read-back per training).
        if (step === 1 || b % 50 === 49 || b === batches - 1) {
          const loss = (await value.data())[0];
          if (step === 1) initialLoss = loss;
          const reason = Number.isFinite(loss) ? null : divergenceReason(loss, initialLoss);
          if (reason) {
            diverged = true;
            divergence = { epoch: epoch + 1, reason: `${reason} at step ${step}` };
          }
        }
        value.dispose();
        if (checkpointEvery > 0 && step % checkpointEvery === 0) await saveCheckpoint();
        onProgress({ epoch, epochs, batch: b + 1, batches });
        if (diverged) break;
      }
      const tr = await evalTrain(params);
      const te = await evalTest(params);
      const reason = diverged ? null : divergenceReason(tr.loss, initialLoss);
      if (reason) {
        diverged = true;
        divergence = { epoch: epoch + 1, reason: `${reason} after epoch ${epoch + 1}` };
      }
      history.push({
        epoch: epoch + 1,
        lr: scheduledLr(baseLr, schedule, epoch, epochs),
        trainLoss: tr.loss,
        trainAccuracy: tr.accuracy,
        testLoss: te.loss,
        testAccuracy: te.accuracy,
        seconds: (performance.now() - epochStart) / 1000,
      });
      onEpoch(history[history.length - 1]);
    }
    // The final checkpoint is saved even after a divergence (its weights may then be non-finite: check `diverged`).
    await saveCheckpoint();
    return { weights: await fromTensors(params), history, diverged, ...(divergence ? { divergence } : {}), seconds: (performance.now() - started) / 1000, checkpoints, steps: step };
  } finally {
    setTrainingKernels(kernelsBefore);
    params.forEach((p) => p.dispose());
    optimizer.dispose();
    evalTrain.dispose();
    evalTest.dispose();
  }
}
