/**
 * Experiment kind 'run': train a model (or reuse its cached weights), then run its probes (surfaces, curves,
 * trajectories …), persisting each finished probe and each finished grid point, so an interrupted run resumes.
 */
import type { Artifact, ExperimentResult } from '../../lib/schema.js';
import type { Experiment, RunConfig } from './config.js';
import { cacheOptions, type RunContext } from './context.js';
import { configHash } from './hash.js';
import { PartialState } from './partial.js';
import { runProbe } from './probes/index.js';
import { assembleResult, divergedStatus, makeTimer, trainingArtifact, trainingSetup } from './result.js';
import { buildModel, prepareData, trainOrReuse } from './training.js';

export async function runRun(exp: Experiment & { config: RunConfig }, ctx: RunContext): Promise<ExperimentResult> {
  const { config } = exp;
  const startedAt = new Date();
  const { timings, timed } = makeTimer();
  const partial = new PartialState(ctx.outDir, exp.id, configHash(config), ctx.backend.name, ctx.flushIntervalMs, cacheOptions(ctx));
  const data = await timed('load data', () => prepareData(config.data, ctx));
  const { model, architecture } = buildModel(config.model, data.trainSet);
  const trained = await timed('train', () => trainOrReuse(exp.id, config, model, data, ctx));
  if (trained.reused) timings.push({ step: 'train (original run, reused)', seconds: trained.seconds });
  const artifacts: Artifact[] = [trainingArtifact('training', trained, data)];
  const status = divergedStatus([{ label: 'the training', trained }], config.probes.map((p) => p.id));
  if (status) ctx.reporter.log(`${exp.id}: DIVERGED (${status.reason}); its ${config.probes.length} probe(s) are skipped and the result is stored as diverged`);
  for (const probe of status ? [] : config.probes) {
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
  const frame = { model, architecture, data, seed: config.train.seed, startedAt, timings, trainings: [trainingSetup(config.model, config.train)], status };
  return assembleResult(exp, ctx, frame, artifacts);
}
