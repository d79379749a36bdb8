/**
 * Experiment kind 'mlp-surface': train an MLP on Fashion-MNIST, then evaluate a 2D loss/accuracy surface around the
 * trained weights along two filter-normalized random directions (Li et al. 2018, Sec. 4).
 */
import { gather, permutation, take } from '../data/dataset.js';
import { mlp } from '../models/mlp.js';
import { makeEvaluator } from '../models/evaluate.js';
import { countParams } from '../models/params.js';
import { train } from '../train/train.js';
import { randomDirection } from '../landscape/directions.js';
import { axisValues, evaluateSurface2D } from '../landscape/surface.js';
import { METRICS, SCHEMA_VERSION, type ExperimentResult, type MetricGrid } from '../../lib/schema.js';
import type { Experiment, MlpSurfaceConfig } from './experiments.js';
import type { RunContext } from './context.js';
import { configHash, NUMERICS_VERSION } from './hash.js';

export async function runMlpSurface(exp: Experiment & { config: MlpSurfaceConfig }, ctx: RunContext): Promise<ExperimentResult> {
  const { config } = exp;
  const startedAt = new Date();
  const timings: Array<{ step: string; seconds: number }> = [];
  const timed = async <T>(step: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    timings.push({ step, seconds: (performance.now() - t0) / 1000 });
    return out;
  };

  const split = await timed('load data', () => ctx.data());
  const trainSet = gather(split.train, permutation(split.train.n, config.data.shuffleSeed).subarray(0, config.data.trainSubset));
  const testSet = split.test;
  const model = mlp({ inputShape: trainSet.shape, hidden: config.model.hidden, numClasses: trainSet.numClasses });

  const epochReport = ctx.reporter.task(`${exp.id}: train`, config.train.epochs);
  const trained = await timed('train', () =>
    train(model, { train: trainSet, test: take(testSet, config.data.evalTest) }, { ...config.train, schedule: { kind: 'constant' } }, model.init(config.model.initSeed), (p) => {
      if (p.batch === p.batches) epochReport(p.epoch + 1);
    }),
  );
  const last = trained.history[trained.history.length - 1];
  if (last) {
    ctx.reporter.log(
      `${exp.id}: trained ${trained.history.length} epochs in ${trained.seconds.toFixed(1)}s: train loss ${last.trainLoss.toFixed(4)}, test accuracy ${(100 * last.testAccuracy).toFixed(2)}%`,
    );
  }

  const { directions: dirOpts } = config.surface;
  const d1 = randomDirection(model.specs, trained.weights, dirOpts);
  const d2 = randomDirection(model.specs, trained.weights, { ...dirOpts, seed: dirOpts.seed + 1 });
  const evalTrain = makeEvaluator(model, take(trainSet, config.data.evalTrain));
  const evalTest = makeEvaluator(model, take(testSet, config.data.evalTest));
  const xs = axisValues(config.surface.x);
  const ys = axisValues(config.surface.y);
  const total = xs.length * ys.length;
  const metrics = Object.fromEntries(METRICS.map((m) => [m, new Array<number | null>(total).fill(null)])) as MetricGrid;
  const pointReport = ctx.reporter.task(`${exp.id}: surface ${xs.length}×${ys.length}`, total);
  let done = 0;
  try {
    await timed('surface', () =>
      evaluateSurface2D({
        specs: model.specs,
        weights: trained.weights,
        directions: [d1, d2],
        x: config.surface.x,
        y: config.surface.y,
        evaluators: { train: evalTrain, test: evalTest },
        onPoint: ({ index, metrics: m }) => {
          metrics.trainLoss[index] = m.train.loss;
          metrics.trainAccuracy[index] = m.train.accuracy;
          metrics.testLoss[index] = m.test.loss;
          metrics.testAccuracy[index] = m.test.accuracy;
          pointReport(++done);
        },
      }),
    );
  } finally {
    evalTrain.dispose();
    evalTest.dispose();
  }
  ctx.reporter.log(`${exp.id}: ${total} surface points in ${timings[timings.length - 1].seconds.toFixed(1)}s (${(total / timings[timings.length - 1].seconds).toFixed(1)} points/s)`);

  const finishedAt = new Date();
  return {
    schemaVersion: SCHEMA_VERSION,
    id: exp.id,
    title: exp.title,
    model: {
      name: model.name,
      architecture: `MLP ${[784, ...config.model.hidden, 10].join('-')}, ReLU`,
      parameters: countParams(model.specs),
      dataset: 'Fashion-MNIST',
      trainExamples: trainSet.n,
      testExamples: config.data.evalTest,
    },
    provenance: {
      hash: configHash(config),
      config,
      numericsVersion: NUMERICS_VERSION,
      codeVersion: ctx.codeVersion,
      backend: ctx.backend.name,
      device: ctx.backend.device,
      backendDetails: ctx.backend.details,
      seed: config.train.seed,
      data: { name: split.source.name, sha256: split.source.sha256 },
      packages: ctx.packages,
      node: process.version,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      wallTimeSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      timings,
    },
    artifacts: [
      {
        kind: 'training',
        id: 'training',
        diverged: trained.diverged,
        epochs: trained.history,
      },
      {
        kind: 'surface2d',
        id: 'surface',
        title: 'Loss around the trained minimizer',
        directions: { seed: dirOpts.seed, normalization: dirOpts.normalization, biasBn: dirOpts.biasBn },
        x: xs,
        y: ys,
        metrics,
        evaluated: { train: evalTrain.n, test: evalTest.n },
      },
    ],
  };
}
