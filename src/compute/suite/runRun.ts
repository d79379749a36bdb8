/**
 * Experiment kind 'run': train a model (or reuse its cached weights), then run its probes (surfaces, curves,
 * trajectories …), persisting each finished probe and each finished grid point, so an interrupted run resumes.
 */
import type { Artifact, ExperimentResult, TrainingHistory } from '../../lib/schema.js';
import type { Experiment, RunConfig } from './config.js';
import type { RunContext } from './context.js';
import { configHash } from './hash.js';
import { PartialState } from './partial.js';
import { runProbe } from './probes.js';
import { assembleResult, makeTimer } from './result.js';
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
  const training: TrainingHistory = { kind: 'training', id: 'training', diverged: trained.diverged, epochs: trained.history };
  const artifacts: Artifact[] = [training];
  for (const probe of config.probes) {
    const done = partial.artifact(probe.id);
    if (done) {
      ctx.reporter.log(`${exp.id}: ${probe.id} already computed (resumed)`);
      artifacts.push(done);
      if (probe.type === 'trajectory' && probe.surface) artifacts.push(partial.artifact(probe.surface.id)!);
      continue;
    }
    const made = await timed(probe.id, () => runProbe(probe, { exp, model, trained, data, partial, ctx }, artifacts));
    // Save the companion artifacts first: the probe's own id marks it done.
    for (const a of made.slice(1)) partial.saveArtifact(a);
    partial.saveArtifact(made[0]);
    artifacts.push(...made);
  }
  return assembleResult(exp, ctx, { model, architecture, data, seed: config.train.seed, startedAt, timings }, artifacts);
}
