/**
 * Experiment kind 'run': train a model (or reuse its cached weights), then run its probes (surfaces, curves,
 * trajectories …), persisting each finished probe and each finished grid point, so an interrupted run resumes.
 */
import type { Artifact, ExperimentResult } from '../../lib/schema.js';
import type { Experiment, RunConfig } from './config.js';
import type { RunContext } from './context.js';
import { configHash } from './hash.js';
import { PartialState } from './partial.js';
import { runProbe } from './probes/index.js';
import { assembleResult, makeTimer, trainingArtifact, trainingSetup } from './result.js';
import { buildModel, prepareData, trainOrReuse } from './training.js';

export async function runRun(exp: Experiment & { config: RunConfig }, ctx: RunContext): Promise<ExperimentResult> {
  const { config } = exp;
  const startedAt = new Date();
  const { timings, timed } = makeTimer();
  const partial = new PartialState(ctx.outDir, exp.id, configHash(config), ctx.backend.name, ctx.flushIntervalMs);
  const data = await timed('load data', () => prepareData(config.data, ctx));
  const { model, architecture } = buildModel(config.model, data.trainSet);
  const trained = await timed('train', () => trainOrReuse(exp.id, config, model, data, ctx));
  if (trained.reused) timings.push({ step: 'train (original run, reused)', seconds: trained.seconds });
  const artifacts: Artifact[] = [trainingArtifact('training', trained, data)];
  for (const probe of config.probes) {
    const done = partial.probeArtifacts(probe.id);
    if (done) {
      ctx.reporter.log(`${exp.id}: ${probe.id} already computed (resumed)`);
      artifacts.push(...done);
      continue;
    }
    const made = await timed(probe.id, () => runProbe(probe, { exp, model, trained, data, partial, ctx }, artifacts));
    partial.saveProbe(probe.id, made);
    artifacts.push(...made);
  }
  const frame = { model, architecture, data, seed: config.train.seed, startedAt, timings, trainings: [trainingSetup(config.model, config.train)] };
  return assembleResult(exp, ctx, frame, artifacts);
}
