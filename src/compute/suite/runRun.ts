/**
 * Experiment kind 'run': train a model (or reuse its cached weights), then run its probes (surfaces, curves …),
 * persisting each finished probe and each finished grid point, so an interrupted run resumes where it stopped.
 */
import { gather, permutation, take, type Dataset } from '../data/dataset.js';
import { mlp } from '../models/mlp.js';
import { makeEvaluator, type Evaluator } from '../models/evaluate.js';
import { countParams, type Model, type Weights } from '../models/params.js';
import { train, type EpochRecord } from '../train/train.js';
import { SCHEMA_VERSION, type Artifact, type ExperimentResult, type TrainingHistory } from '../../lib/schema.js';
import type { Experiment, ModelSpec, RunConfig } from './config.js';
import type { RunContext } from './context.js';
import { configHash, NUMERICS_VERSION, sha256, canonicalJson } from './hash.js';
import { PartialState, WeightsCache } from './partial.js';
import { runProbe } from './probes.js';

export function buildModel(spec: ModelSpec, data: Dataset): { model: Model; architecture: string } {
  switch (spec.type) {
    case 'mlp': {
      const inputSize = data.shape[0] * data.shape[1] * data.shape[2];
      return {
        model: mlp({ inputShape: data.shape, hidden: spec.hidden, numClasses: data.numClasses }),
        architecture: `MLP ${[inputSize, ...spec.hidden, data.numClasses].join('-')}, ReLU`,
      };
    }
  }
}

export interface Prepared {
  trainSet: Dataset;
  evalTrain: Dataset;
  evalTest: Dataset;
}

export function prepareData(config: RunConfig, ctx: RunContext): Prepared {
  const split = ctx.data();
  const { trainSubset, shuffleSeed, evalTrain, evalTest } = config.data;
  const trainSet = gather(split.train, permutation(split.train.n, shuffleSeed).subarray(0, trainSubset));
  return { trainSet, evalTrain: take(trainSet, evalTrain), evalTest: take(split.test, evalTest) };
}

/** Everything trained weights depend on: probes with the same key share one training. */
export function trainingKey(config: RunConfig, dataSha: string): string {
  return sha256(canonicalJson({ data: config.data, model: config.model, train: config.train, dataSha, numerics: NUMERICS_VERSION }));
}

interface Trained {
  weights: Weights;
  history: EpochRecord[];
  diverged: boolean;
  seconds: number;
  reused: boolean;
}

async function trainOrReuse(exp: Experiment, model: Model, data: Prepared, ctx: RunContext, cache: WeightsCache): Promise<Trained> {
  const { config } = exp;
  const key = trainingKey(config, ctx.data().source.sha256);
  const hit = cache.load(key);
  if (hit) {
    const meta = hit.meta as Omit<Trained, 'weights' | 'reused'>;
    ctx.reporter.log(`${exp.id}: reusing trained weights (${key.slice(0, 12)})`);
    return { ...meta, weights: hit.weights, reused: true };
  }
  const report = ctx.reporter.task(`${exp.id}: train`, config.train.epochs);
  const r = await train(
    model,
    { train: data.trainSet, test: data.evalTest },
    { ...config.train, schedule: { kind: 'constant' } },
    model.init(config.model.initSeed),
    (p) => p.batch === p.batches && report(p.epoch + 1),
  );
  const last = r.history.at(-1);
  if (last) {
    ctx.reporter.log(
      `${exp.id}: trained ${r.history.length} epochs in ${r.seconds.toFixed(1)}s: train loss ${last.trainLoss.toFixed(4)}, ` +
        `test accuracy ${(100 * last.testAccuracy).toFixed(2)}%${r.diverged ? ' (diverged)' : ''}`,
    );
  }
  const meta = { history: r.history, diverged: r.diverged, seconds: r.seconds };
  cache.save(key, r.weights, meta);
  return { ...meta, weights: r.weights, reused: false };
}

export async function runRun(exp: Experiment, ctx: RunContext): Promise<ExperimentResult> {
  const { config } = exp;
  const hash = configHash(config);
  const startedAt = new Date();
  const timings: Array<{ step: string; seconds: number }> = [];
  const timed = async <T>(step: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    timings.push({ step, seconds: (performance.now() - t0) / 1000 });
    return out;
  };
  const partial = new PartialState(ctx.outDir, exp.id, hash, ctx.backend.name, ctx.flushIntervalMs);
  const cache = new WeightsCache(ctx.outDir);

  const data = await timed('load data', () => prepareData(config, ctx));
  const { model, architecture } = buildModel(config.model, data.trainSet);
  const trained = await timed('train', () => trainOrReuse(exp, model, data, ctx, cache));
  const training: TrainingHistory = { kind: 'training', id: 'training', diverged: trained.diverged, epochs: trained.history };

  const evaluators: Record<'train' | 'test', Evaluator> = { train: makeEvaluator(model, data.evalTrain), test: makeEvaluator(model, data.evalTest) };
  const artifacts: Artifact[] = [training];
  try {
    for (const probe of config.probes) {
      const done = partial.artifact(probe.id);
      if (done) {
        ctx.reporter.log(`${exp.id}: ${probe.id} already computed (resumed)`);
        artifacts.push(done);
        continue;
      }
      const artifact = await timed(probe.id, () => runProbe(probe, { exp, model, weights: trained.weights, evaluators, partial, ctx }));
      partial.saveArtifact(artifact);
      artifacts.push(artifact);
    }
  } finally {
    evaluators.train.dispose();
    evaluators.test.dispose();
  }

  const finishedAt = new Date();
  const split = ctx.data();
  return {
    schemaVersion: SCHEMA_VERSION,
    id: exp.id,
    title: exp.title,
    model: {
      name: model.name,
      architecture,
      parameters: countParams(model.specs),
      dataset: 'Fashion-MNIST',
      trainExamples: data.trainSet.n,
      testExamples: data.evalTest.n,
    },
    provenance: {
      hash,
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
      timings: trained.reused ? [...timings, { step: 'train (reused; original)', seconds: trained.seconds }] : timings,
    },
    artifacts,
  };
}
