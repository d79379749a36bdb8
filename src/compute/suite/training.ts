/**
 * Shared by every experiment kind: the data subsets, the model, and trained weights — reused from the weights cache
 * when an identical training (same data, model, training settings, data hash, numerics) already ran in this folder.
 */
import { channelStats, gather, normalize, permutation, take, type Dataset } from '../data/dataset.js';
import { buildModel as buildZooModel } from '../models/zoo.js';
import type { Model, Weights } from '../models/params.js';
import { train, type EpochRecord } from '../train/train.js';
import { decodeCheckpoints, encodeCheckpoints, type Checkpoint } from '../train/checkpoint.js';
import type { DataSpec, ModelSpec, TrainSpec } from './config.js';
import { DataError } from '../data/errors.js';
import { cacheOptions, type RunContext } from './context.js';
import { canonicalJson, NUMERICS_VERSION, sha256 } from './hash.js';
import { WeightsCache } from './partial.js';

export function buildModel(spec: ModelSpec, data: Dataset): { model: Model; architecture: string } {
  const base = { inputShape: data.shape, numClasses: data.numClasses };
  switch (spec.type) {
    case 'mlp': {
      const inputSize = data.shape[0] * data.shape[1] * data.shape[2];
      return {
        model: buildZooModel('mlp', { ...base, hidden: spec.hidden }),
        architecture: `MLP ${[inputSize, ...spec.hidden, data.numClasses].join('-')}, ReLU`,
      };
    }
    case 'resnet':
      return {
        model: buildZooModel('resnet', { ...base, depth: spec.depth, width: spec.width, baseWidth: spec.baseWidth, shortcut: spec.shortcut }),
        architecture: `ResNet-${spec.depth}${spec.shortcut ? '' : ' (no skip connections)'}, width ${spec.width}× (base ${spec.baseWidth} channels), BatchNorm`,
      };
  }
}

export interface Prepared {
  trainSet: Dataset;
  /** Per-epoch metrics and final errors. */
  evalTrain: Dataset;
  evalTest: Dataset;
  /** What landscape probes average over (the first examples of evalTrain / evalTest's sources). */
  probeTrain: Dataset;
  probeTest: Dataset;
}

export function prepareData(spec: DataSpec, ctx: RunContext): Prepared {
  const split = ctx.data(spec.name);
  const { trainSubset, shuffleSeed, evalTrain, evalTest, normalize: standardize = false } = spec;
  const probeTrain = spec.probeTrain ?? evalTrain;
  const probeTest = spec.probeTest ?? evalTest;
  // The config's counts against the data: never train or evaluate on fewer examples than the result will claim.
  const counts: Array<[string, number, number, string]> = [
    ['trainSubset', trainSubset, split.train.n, 'training'],
    ['evalTrain', evalTrain, trainSubset, 'training-subset'],
    ['probeTrain', probeTrain, trainSubset, 'training-subset'],
    ['evalTest', evalTest, split.test.n, 'test'],
    ['probeTest', probeTest, split.test.n, 'test'],
  ];
  for (const [field, asked, has, what] of counts) {
    if (asked > has) throw new DataError(split.source.dir, `config field data.${field} asks for ${asked} ${what} examples; ${split.source.name} has ${has} there`);
  }
  let trainSet = gather(split.train, permutation(split.train.n, shuffleSeed).subarray(0, trainSubset));
  let test = take(split.test, Math.max(evalTest, probeTest));
  if (standardize) {
    const stats = channelStats(trainSet);
    trainSet = normalize(trainSet, stats);
    test = normalize(test, stats);
  }
  return {
    trainSet,
    evalTrain: take(trainSet, evalTrain),
    evalTest: take(test, evalTest),
    probeTrain: take(trainSet, probeTrain),
    probeTest: take(test, probeTest),
  };
}

/** Everything trained weights depend on: experiments with the same key share one training. */
export function trainingKey(data: DataSpec, model: ModelSpec, trainSpec: TrainSpec, dataSha: string): string {
  return sha256(canonicalJson({ data, model, train: trainSpec, dataSha, numerics: NUMERICS_VERSION }));
}

export interface Trained {
  weights: Weights;
  history: EpochRecord[];
  diverged: boolean;
  divergence?: { epoch: number; reason: string };
  seconds: number;
  checkpoints: Checkpoint[];
  reused: boolean;
}

export async function trainOrReuse(
  label: string,
  spec: { data: DataSpec; model: ModelSpec; train: TrainSpec },
  model: Model,
  data: Prepared,
  ctx: RunContext,
): Promise<Trained> {
  const cache = new WeightsCache(ctx.outDir, cacheOptions(ctx));
  const key = trainingKey(spec.data, spec.model, spec.train, ctx.data(spec.data.name).source.sha256);
  const hit = cache.load(key);
  const wantsCheckpoints = (spec.train.checkpointEvery ?? 0) > 0;
  const ckptBytes = wantsCheckpoints ? cache.loadBytes(`${key}.ckpt`) : null;
  if (hit && (!wantsCheckpoints || ckptBytes)) {
    const meta = hit.meta as Pick<Trained, 'history' | 'diverged' | 'divergence' | 'seconds'>;
    ctx.reporter.log(`${label}: reusing trained weights (${key.slice(0, 12)})`);
    const checkpoints = ckptBytes ? decodeCheckpoints(ckptBytes, `${key}.ckpt`).checkpoints : [];
    return { ...meta, weights: hit.weights, checkpoints, reused: true };
  }
  const { optimizer, epochs, batchSize, lr, momentum, weightDecay, seed, checkpointEvery, schedule, kernels } = spec.train;
  const report = ctx.reporter.task(`${label}: train`, epochs);
  const r = await train(
    model,
    { train: data.trainSet, test: data.evalTest },
    { optimizer, epochs, batchSize, lr, momentum, weightDecay, seed, checkpointEvery, schedule: schedule ?? { kind: 'constant' }, evalTrainMax: data.evalTrain.n, kernels },
    model.init(spec.model.initSeed),
    (p) => p.batch === p.batches && report(p.epoch + 1),
  );
  const last = r.history.at(-1);
  if (last) {
    ctx.reporter.log(
      `${label}: trained ${r.history.length} epochs in ${r.seconds.toFixed(1)}s: train loss ${last.trainLoss.toFixed(4)}, ` +
        `test accuracy ${(100 * last.testAccuracy).toFixed(2)}%${r.diverged ? ` (diverged: ${r.divergence?.reason})` : ''}`,
    );
  }
  const meta = { history: r.history, diverged: r.diverged, ...(r.divergence ? { divergence: r.divergence } : {}), seconds: r.seconds };
  if (wantsCheckpoints) cache.saveBytes(`${key}.ckpt`, encodeCheckpoints(model.specs, r.checkpoints));
  cache.save(key, r.weights, meta);
  return { ...meta, weights: r.weights, checkpoints: r.checkpoints, reused: false };
}
