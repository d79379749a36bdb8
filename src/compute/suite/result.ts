/** The common frame of every stored result: model facts and provenance around the artifacts an experiment made. */
import { SCHEMA_VERSION, type Artifact, type ExperimentResult } from '../../lib/schema.js';
import { countParams, type Model } from '../models/params.js';
import type { Experiment } from './config.js';
import type { RunContext } from './context.js';
import { configHash, NUMERICS_VERSION } from './hash.js';
import type { Prepared } from './training.js';
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

export function assembleResult(
  exp: Experiment,
  ctx: RunContext,
  frame: { model: Model; architecture: string; data: Prepared; seed: number; startedAt: Date; timings: Timer['timings'] },
  artifacts: Artifact[],
): ExperimentResult {
  const { model, architecture, data, seed, startedAt, timings } = frame;
  const finishedAt = new Date();
  const split = ctx.data(exp.config.data.name);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: exp.id,
    title: exp.title,
    model: {
      name: model.name,
      architecture,
      parameters: countParams(model.specs.filter((s) => s.trainable !== false)),
      dataset: DATASET_TITLES[exp.config.data.name],
      trainExamples: data.trainSet.n,
      testExamples: data.evalTest.n,
    },
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
