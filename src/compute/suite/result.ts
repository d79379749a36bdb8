/** The common frame of every stored result: model facts and provenance around the artifacts an experiment made. */
import { SCHEMA_VERSION, type Artifact, type RunStatus, type ExperimentResult, type TrainingHistory, type TrainingSetup } from '../../lib/schema.js';
import { countParams, type Model } from '../models/params.js';
import { convergence } from '../train/convergence.js';
import type { Experiment, ModelSpec, TrainSpec } from './config.js';
import type { RunContext } from './context.js';
import { configHash, NUMERICS_VERSION } from './hash.js';
import type { Prepared, Trained } from './training.js';
import { DATASET_TITLES } from './datasets.js';

export interface Timer {
  timings: Array<{ step: string; seconds: number }>;
  timed<T>(step: string, f: () => Promise<T> | T): Promise<T>;
}

export function makeTimer(): Timer {
  const timings: Timer['timings'] = [];
  return {
    timings,
    async timed(step, f) {
      const t0 = performance.now();
      const out = await f();
      timings.push({ step, seconds: (performance.now() - t0) / 1000 });
      return out;
    },
  };
}

/** The typed facts of a training that the site and the claims read (never provenance.config). */
export function trainingSetup(model: ModelSpec, t: TrainSpec): TrainingSetup {
  return {
    optimizer: t.optimizer,
    lr: t.lr,
    batchSize: t.batchSize,
    weightDecay: t.weightDecay,
    momentum: t.momentum,
    epochs: t.epochs,
    replicate: t.replicate ?? 1,
    initSeed: model.initSeed,
    orderSeed: t.seed,
  };
}

/** A training's history with what it was measured on and whether it met the convergence criterion. */
export function trainingArtifact(id: string, trained: Trained, data: Prepared): TrainingHistory {
  return {
    kind: 'training',
    id,
    diverged: trained.diverged,
    ...(trained.divergence ? { divergence: trained.divergence } : {}),
    epochs: trained.history,
    evaluated: { train: data.evalTrain.n, test: data.evalTest.n },
    convergence: convergence(trained.history.map((e) => e.trainLoss), trained.diverged),
  };
}

export function assembleResult(
  exp: Experiment,
  ctx: RunContext,
  frame: { model: Model; architecture: string; data: Prepared; seed: number; startedAt: Date; timings: Timer['timings']; trainings: TrainingSetup[]; status?: RunStatus },
  artifacts: Artifact[],
): ExperimentResult {
  const { model, architecture, data, seed, startedAt, timings, trainings, status } = frame;
  const finishedAt = new Date();
  const split = ctx.data(exp.config.data.name);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: exp.id,
    title: exp.title,
    // Written only when not 'ok', so results of runs that went well are byte-for-byte what they were before statuses.
    ...(status && status.state !== 'ok' ? { status } : {}),
    model: {
      name: model.name,
      architecture,
      parameters: countParams(model.specs.filter((s) => s.trainable !== false)),
      dataset: DATASET_TITLES[exp.config.data.name],
      trainExamples: data.trainSet.n,
      testExamples: data.evalTest.n,
    },
    trainings,
    provenance: {
      hash: configHash(exp.config),
      config: exp.config,
      numericsVersion: NUMERICS_VERSION,
      codeVersion: ctx.codeVersion,
      backend: ctx.backend.name,
      device: ctx.backend.device,
      backendDetails: ctx.backend.details,
      seed,
      data: { name: split.source.name, sha256: split.source.sha256 },
      packages: ctx.packages,
      node: process.version,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      wallTimeSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      timings,
    },
    artifacts,
  };
}

/**
 * The status of an experiment whose training(s) diverged: every probe is skipped, since a landscape "around" weights
 * that blew up describes no minimizer (and PCA or Lanczos on non-finite weights cannot run at all).
 */
export function divergedStatus(trained: Array<{ label: string; trained: Trained }>, probes: string[]): Extract<RunStatus, { state: 'diverged' }> | undefined {
  const diverged = trained.filter((t) => t.trained.diverged);
  if (diverged.length === 0) return undefined;
  const reason = diverged.map((t) => `${t.label} diverged in epoch ${t.trained.divergence?.epoch ?? t.trained.history.length}: ${t.trained.divergence?.reason ?? 'non-finite loss'}`).join('; ');
  return { state: 'diverged', reason, skipped: probes.map((probe) => ({ probe, reason: 'skipped: the training diverged' })) };
}
